import Foundation
import Testing

/// Runs `generate-tables --check`: the checked-in Generated/*.swift must equal what the generator writes today.
enum GeneratorEnvironment {
    static let swift = ProcessRunner.find(["swift", "/opt/swift/usr/bin/swift"])
    static let hostHasSources = ProcessRunner.find(["cpp"]) != nil
        && FileManager.default.fileExists(atPath: "/usr/include/asm-generic/unistd.h")
        && FileManager.default.fileExists(atPath: "/usr/include/x86_64-linux-gnu/asm/unistd_64.h")
}

@Suite(.enabled(if: GeneratorEnvironment.swift != nil && GeneratorEnvironment.hostHasSources,
                "needs the swift toolchain, cpp and the Debian linux-libc-dev 6.1 headers the generator reads"))
struct GeneratorCheckTests {

    @Test func generatedFilesAreUpToDate() throws {
        // Its own scratch path: the outer `swift test` holds the lock of the main package's build directory.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("syshook-generate-tables-check")
        let result = try ProcessRunner.run(GeneratorEnvironment.swift!, [
            "run", "--package-path", ProcessRunner.repository.appendingPathComponent("Tools").path,
            "--scratch-path", scratch.path, "generate-tables", "--check",
        ])
        #expect(result.status == 0, "generate-tables --check failed:\n\(result.output)")
        #expect(result.output.contains("up to date"))
    }
}
