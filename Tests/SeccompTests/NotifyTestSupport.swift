import Foundation
import LinuxSystem
import TestSupport
import Testing

/// The fixture and the CLI (found by TestSupport), and capturing what an in-process target prints.
enum NotifyFixture {
    static var fixture: String { Executables.fixture }
    static var syshook: String { Executables.syshook }

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
