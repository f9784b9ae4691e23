import Foundation
import Testing
import TestSupport

/// `syshook trace` on real processes: following, exit statuses, signals, and lines compared with strace's.
@Suite(.enabled(if: ptraceUnavailableReason() == nil, "ptrace unavailable"))
struct TraceProcessTests {
    let syshook = Executables.syshook
    let fixture = Executables.fixture

    @Test func exitStatusIsTheTraceesStatus() throws {
        let run = try runProgram(syshook, ["trace", "-e", "trace=exit_group", fixture, "exit", "7"])
        #expect(run.status == 7)
        #expect(run.stderrLines.suffix(2) == ["exit_group(7)                           = ?", "+++ exited with 7 +++"])
    }

    @Test func killedTraceeKillsTracerWithTheSameSignal() throws {
        let run = try runProgram(syshook, ["trace", "-e", "trace=none", fixture, "raise", "15"])
        #expect(run.killedBySignal)
        #expect(run.status == 15)
        #expect(run.stderrLines.last == "+++ killed by SIGTERM +++")
    }

    @Test(arguments: [("fork", "3"), ("vfork", "4"), ("clone", "5"), ("clone3", "6")])
    func followsEveryWayOfCreatingAProcess(action: String, code: String) throws {
        let run = try runProgram(syshook, ["trace", "-f", "-e", "trace=exit_group", fixture, action])
        #expect(run.status == 0)
        let lines = run.stderrLines
        let child = lines.first { $0.hasPrefix("[pid ") && $0.hasSuffix("+++ exited with \(code) +++") }
        #expect(child != nil, "no exit line for the \(action) child in:\n\(run.stderr)")
        #expect(lines.last == "+++ exited with 0 +++")
        #expect(lines.contains { $0.contains("exit_group(\(code))") })
    }

    @Test func withoutFollowingChildrenAreNotTraced() throws {
        let run = try runProgram(syshook, ["trace", "-e", "trace=getppid", fixture, "fork"])
        #expect(run.status == 0)
        #expect(!run.stderr.contains("getppid("))
        #expect(!run.stderr.contains("[pid"))
    }

    @Test func threadsAreFollowed() throws {
        // With -o the "Process N attached" messages go to stderr, not into the middle of trace lines.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("syshook-threads-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try runProgram(syshook, ["trace", "-f", "-o", path, "-e", "trace=getppid", fixture, "threads", "3"])
        #expect(run.status == 0)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let calls = lines.filter { $0.contains("getppid()") || $0.contains("<... getppid resumed>") }
        #expect(calls.count == 3, "\(run.stderr)")
        let tids = Set(calls.compactMap { $0.firstMatch(of: #/^(\d+) /#).map { String($0.1) } })
        #expect(tids.count == 3)
    }

    @Test func execFromANonLeaderThread() throws {
        let run = try runProgram(syshook, ["trace", "-f", "-e", "trace=execve,exit_group", fixture,
                                           "exec-from-thread", fixture, "exit", "9"])
        #expect(run.status == 9, "\(run.stderr)")
        let lines = run.stderrLines
        #expect(lines.contains { $0.contains("execve(") && $0.contains(" <pid changed to ") })
        #expect(lines.contains { $0.hasPrefix("+++ superseded by execve in pid ") })
        #expect(lines.contains { $0.hasPrefix("<... execve resumed>)") && $0.hasSuffix("= 0") })
        #expect(lines.last == "+++ exited with 9 +++")
    }

    @Test func signalsAreShownWithTheirSiginfo() throws {
        let run = try runProgram(syshook, ["trace", "-e", "trace=none", fixture, "handle-signal"])
        #expect(run.status == 0)
        #expect(run.stderrLines.contains { $0.hasPrefix("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=") })
        let quiet = try runProgram(syshook, ["trace", "-e", "trace=none", "-e", "signal=!SIGUSR1", fixture, "handle-signal"])
        #expect(!quiet.stderr.contains("SIGUSR1"))
    }

    @Test func seccompFilterStopsOnlySelectedSyscalls() throws {
        // With -f and a selection, the filter makes every other syscall run untraced: 5000 getuid calls stay
        // invisible while getppid is shown.
        let run = try runProgram(syshook, ["trace", "-f", "-e", "trace=getppid", fixture, "getuid-loop", "5000"])
        #expect(run.status == 0)
        #expect(!run.stderr.contains("getuid("))
        let plain = try runProgram(syshook, ["trace", "-f", "-e", "trace=getuid", fixture, "getuid-loop", "50"])
        #expect(plain.stderrLines.filter { $0.hasPrefix("getuid()") }.count == 50)
    }

    @Test func qqSuppressesExitLines() throws {
        let run = try runProgram(syshook, ["trace", "-qq", "-e", "trace=exit_group", fixture, "exit", "2"])
        #expect(run.status == 2)
        #expect(!run.stderr.contains("+++"))
    }

    @Test func statusFilterPrintsOnlyFailedCalls() throws {
        let run = try runProgram(syshook, ["trace", "-Z", "-e", "trace=openat", fixture, "open", "/no/such/dir/x"])
        let lines = run.stderrLines.filter { $0.hasPrefix("openat(") }
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.contains(") = -1 E") || $0.contains(" = -1 E") })
    }

    @Test func outputFileWithFollowPrefixesEveryLineWithThePID() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("syshook-o-\(getpid()).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try runProgram(syshook, ["trace", "-f", "-o", path, "-e", "trace=exit_group", fixture, "fork"])
        #expect(run.status == 0)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count >= 4)
        #expect(lines.allSatisfy { $0.wholeMatch(of: #/\d+ +.*/#) != nil }, "\(lines)")
    }

    @Test func samelinesAsStraceForFollowedFork() throws {
        guard let strace = Executables.which("strace") else {
            Issue.record("strace is not installed (.ci/run installs it)")
            return
        }
        let arguments = ["-f", "-e", "trace=getppid,exit_group", fixture, "fork"]
        let ours = try runProgram(syshook, ["trace"] + arguments)
        let theirs = try runProgram(strace, arguments)
        // Signal lines are left out: whether SIGCHLD reaches the parent in or after wait4 is a race, for strace too.
        let normalize: (RunResult) -> [String] = { run in
            let lines = run.stderrLines.filter { !$0.contains(": Process ") && !$0.hasPrefix("--- SIG") }
            let pids = pidsMentioned(in: lines)
            return lines.map { normalizePIDs($0, pids) }.sorted()
        }
        #expect(normalize(ours) == normalize(theirs))
        #expect(ours.status == theirs.status)
    }
}
