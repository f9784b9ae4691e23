import Foundation
import Testing
import TestSupport

/// `-e inject=`, `-e fault=`, `--kill-after` and `--redirect` on real processes.
@Suite(.enabled(if: ptraceUnavailableReason() == nil, "ptrace unavailable"))
struct TraceTamperTests {
    let syshook = Executables.syshook
    let fixture = Executables.fixture

    @Test func injectedErrorsReachTheProgramOnlyWhenScheduled() throws {
        let run = try runProgram(syshook, ["trace", "-f", "-e", "trace=getppid", "-e",
                                           "inject=getppid:error=EPERM:when=2..3", fixture, "getppid-report", "4"])
        #expect(run.stdout == "ok\nerrno 1\nerrno 1\nok\n")
        let lines = run.stderrLines.filter { $0.hasPrefix("getppid()") }
        #expect(lines.count == 4)
        #expect(lines.filter { $0.hasSuffix("= -1 EPERM (Operation not permitted) (INJECTED)") }.count == 2)
    }

    @Test func retvalAndStepSchedule() throws {
        let run = try runProgram(syshook, ["trace", "-qq", "-e", "trace=none", "-e",
                                           "inject=getppid:retval=42:when=1+2", fixture, "getppid-report", "4"])
        // Calls 1 and 3 return 42 without running; the report only tells success from failure.
        #expect(run.stdout == "ok\nok\nok\nok\n")
        let printed = try runProgram(syshook, ["trace", "-e", "inject=getppid:retval=42:when=1+2", "-e", "trace=getppid",
                                               fixture, "getppid-report", "4"])
        let values = printed.stderrLines.filter { $0.hasPrefix("getppid()") }.map { $0.split(separator: "=").last! }
        #expect(values.count == 4)
        #expect(values[0] == " 42 (INJECTED)" && values[2] == " 42 (INJECTED)")
        #expect(!values[1].contains("INJECTED") && !values[3].contains("INJECTED"))
    }

    @Test func sameLinesAsStraceForInjection() throws {
        guard let strace = Executables.which("strace") else {
            Issue.record("strace is not installed (.ci/run installs it)")
            return
        }
        let arguments = ["-f", "-qq", "-e", "trace=getppid", "-e", "inject=getppid:error=ENOENT:when=2+", fixture,
                         "getppid-report", "3"]
        let ours = try runProgram(syshook, ["trace"] + arguments)
        let theirs = try runProgram(strace, arguments)
        // strace 6.1 sometimes shows the SIGCONT it sends its own child at start-up (a race in its startup_child);
        // that line says nothing about the traced program.
        let theirLines = theirs.stderrLines.filter { !$0.hasPrefix("--- SIGCONT ") }
        let pids = pidsMentioned(in: ours.stderrLines + theirLines)
        #expect(ours.stderrLines.map { normalizePIDs($0, pids) } == theirLines.map { normalizePIDs($0, pids) })
        #expect(ours.stdout == theirs.stdout)
    }

    @Test(arguments: ["fork", "vfork", "clone", "clone3"])
    func injectedFailureOfProcessCreation(action: String) throws {
        let syscall = action == "fork" ? "clone" : action
        let run = try runProgram(syshook, ["trace", "-f", "-qq", "-e", "trace=\(syscall)", "-e",
                                           "inject=\(syscall):error=EAGAIN", fixture, action])
        // The fixture exits 1 when the child could not be created; nothing crashed, no child appeared.
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("= -1 EAGAIN (Resource temporarily unavailable) (INJECTED)"))
        #expect(!run.stderr.contains("[pid"))
    }

    @Test func processCreationStillFollowedWhenNotInjected() throws {
        let run = try runProgram(syshook, ["trace", "-f", "-e", "trace=exit_group", "-e",
                                           "inject=clone:error=EAGAIN:when=2", fixture, "fork"])
        #expect(run.status == 0)
        #expect(run.stderrLines.contains { $0.hasPrefix("[pid") && $0.hasSuffix("+++ exited with 3 +++") })
    }

    @Test func injectedExecveFailure() throws {
        let run = try runProgram(syshook, ["trace", "-qq", "-e", "trace=execve", "-e", "inject=execve:error=EACCES:when=2",
                                           fixture, "exec", "/bin/true"])
        #expect(run.status == 13, "the program sees EACCES from execv: \(run.stderr)")
        #expect(run.stderrLines.last?.hasSuffix("= -1 EACCES (Permission denied) (INJECTED)") == true)
    }

    @Test func faultDefaultsToENOSYS() throws {
        let run = try runProgram(syshook, ["trace", "-qq", "-e", "trace=none", "-e", "fault=getppid:when=1",
                                           fixture, "getppid-report", "2"])
        #expect(run.stdout == "errno 38\nok\n")
    }

    @Test func killAfterNCallsLetsExactlyNRun() throws {
        let run = try runProgram(syshook, ["trace", "-qq", "-e", "trace=none", "--kill-after", "write=2",
                                           "/bin/sh", "-c", "echo 1; echo 2; echo 3; echo 4"])
        #expect(run.stdout == "1\n2\n")
        #expect(run.killedBySignal && run.status == SIGKILL)
    }

    @Test func signalInjection() throws {
        let run = try runProgram(syshook, ["trace", "-e", "trace=getppid", "-e", "inject=getppid:signal=SIGUSR1:when=2",
                                           fixture, "getppid-report", "3"])
        #expect(run.killedBySignal && run.status == SIGUSR1)
        #expect(run.stderrLines.last == "+++ killed by SIGUSR1 +++")
    }

    @Test func delayEnterHoldsTheCall() throws {
        let start = Date()
        let run = try runProgram(syshook, ["trace", "-qq", "-e", "trace=none", "-e",
                                           "inject=getppid:delay_enter=300000:when=1", fixture, "getppid-report", "1"])
        #expect(run.stdout == "ok\n")
        #expect(Date().timeIntervalSince(start) >= 0.3)
    }

    @Test func redirectChangesWhatIsRead() throws {
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("syshook-redirect-\(getpid())")
        try "redirected content\n".write(to: other, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: other) }
        let run = try runProgram(syshook, ["trace", "-qq", "-e", "trace=openat", "--redirect",
                                           "/etc/hostname=\(other.path)", "/bin/cat", "/etc/hostname"])
        #expect(run.status == 0)
        #expect(run.stdout == "redirected content\n")
        #expect(run.stderr.contains("\"\(other.path)\""))
    }

    @Test(arguments: [
        ("inject=getppid:error=EBOGUS", "no such errno"),
        ("inject=getppid:error=EPERM:when=5..3", "the range is empty"),
        ("inject=getppid:when=2", "says neither"),
        ("inject=getpid:error=EPERM:retval=1", "exclude each other"),
        ("inject=nosuchcall:error=EPERM", "nosuchcall"),
    ])
    func badInjectionsAreOneLineErrors(expression: String, message: String) throws {
        let run = try runProgram(syshook, ["trace", "-e", expression, "/bin/true"])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains(message))
    }
}
