import Foundation
import TestSupport
import Testing

/// Runs `generate-tables --check`: the checked-in Generated/*.swift must equal what the generator writes today.
enum GeneratorEnvironment {
    static let swift = Executables.which("swift")
        ?? (FileManager.default.isExecutableFile(atPath: "/opt/swift/usr/bin/swift") ? "/opt/swift/usr/bin/swift" : nil)
    static let hostHasSources = Executables.which("cpp") != nil
        && FileManager.default.fileExists(atPath: "/usr/include/asm-generic/unistd.h")
        && FileManager.default.fileExists(atPath: "/usr/include/x86_64-linux-gnu/asm/unistd_64.h")
}

@Suite(.enabled(if: GeneratorEnvironment.swift != nil && GeneratorEnvironment.hostHasSources,
                "needs the swift toolchain, cpp and the Debian linux-libc-dev 6.1 headers the generator reads"))
struct GeneratorCheckTests {

    @Test func generatedFilesAreUpToDate() throws {
        // Its own scratch path: the outer `swift test` holds the lock of the main package's build directory.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("syshook-generate-tables-check")
        // The repository root, from this file's location (Tests/SyscallTablesTests/).
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        // Building the generator from nothing takes minutes on a fresh clone.
        let result = try runProgram(GeneratorEnvironment.swift!, [
            "run", "--package-path", repository.appendingPathComponent("Tools").path,
            "--scratch-path", scratch.path, "generate-tables", "--check",
        ], timeout: 1200)
        let output = result.stdout + result.stderr
        #expect(result.status == 0, "generate-tables --check failed:\n\(output)")
        #expect(output.contains("up to date"))
    }
}
