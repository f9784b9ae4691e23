import Foundation
import LinuxSystem
import Testing

/// Locating the fixture and the CLI next to the test binary, and capturing what an in-process target prints.
enum NotifyFixture {
    /// The directory holding the test bundle and the package's executables (`.build*/debug`).
    static let productsDirectory: String = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        // The test binary lives inside syshookPackageTests.xctest on Linux; products sit beside the bundle.
        if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
        return directory.path
    }()

    static var fixture: String { productsDirectory + "/syshook-fixture" }
    static var syshook: String { productsDirectory + "/syshook" }

    static var fixtureIsBuilt: Bool { FileManager.default.isExecutableFile(atPath: fixture) }
    static var syshookIsBuilt: Bool { FileManager.default.isExecutableFile(atPath: syshook) }

    /// Whether this kernel offers user notification (SECCOMP_GET_NOTIF_SIZES works from Linux 5.0).
    static var kernelSupportsUserNotification: Bool { (try? SeccompListener.kernelSizes()) != nil }
}

/// A temporary file the fixture writes its report into (SYSHOOK_FIXTURE_OUTPUT_FD), because a target started
/// in-process shares the test's standard output.
final class FixtureOutput {
    let path: String
    let descriptor: Int32

    init() throws {
        path = NSTemporaryDirectory() + "syshook-notify-\(UUID().uuidString).out"
        // Not close-on-exec: the target must inherit it.
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        if descriptor < 0 { throw POSIXError(.EIO) }
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// The environment for the target: this process's plus the output descriptor.
    var environment: [String] {
        ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
            + ["SYSHOOK_FIXTURE_OUTPUT_FD=\(descriptor)"]
    }

    var text: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
}

/// Runs a program to its end with Foundation, capturing standard output and standard error.
struct CompletedProcess {
    let status: Int32
    let standardOutput: String
    let standardError: String

    static func run(_ executable: String, _ arguments: [String]) throws -> CompletedProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CompletedProcess(
            status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self))
    }
}
