import Foundation
import Testing
import TestSupport

/// `syshook supervise --pin`: supervisor and command share one CPU, and decisions still arrive.
struct SuperviseOptionsTests {
    @Test func pinnedSupervisorAnswersAndTheCommandSeesOneCPU() throws {
        let policy = FileManager.default.temporaryDirectory.appendingPathComponent("syshook-pin-\(getpid()).policy")
        try "return getppid 7\n".write(to: policy, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: policy) }
        let run = try runProgram(Executables.syshook, ["supervise", "--pin", "--policy", policy.path, "--",
                                                       "/bin/sh", "-c", "nproc; exit 3"])
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stdout == "1\n")
        let answered = try runProgram(Executables.syshook, ["supervise", "--pin", "--policy", policy.path, "--",
                                                            Executables.fixture, "getppid-report", "2"])
        #expect(answered.status == 0)
        #expect(answered.stdout == "ok\nok\n")
    }
}
