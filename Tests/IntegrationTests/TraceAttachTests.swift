import Foundation
import Testing
import TestSupport

/// `-p`: attach to running processes, then detach on a signal and leave them running.
@Suite(.serialized, .enabled(if: ptraceUnavailableReason() == nil, "ptrace unavailable"))
struct TraceAttachTests {
    /// Starts the fixture in the background and returns its pid.
    func startTarget(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Executables.fixture)
        process.arguments = arguments
        try process.run()
        usleep(200_000)
        return process
    }

    func threadStates(_ pid: Int32) -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.compactMap { tid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            return String(stat[stat.index(close, offsetBy: 2)])
        }
    }

    func tracerPID(_ pid: Int32) -> String? {
        let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        return status?.split(separator: "\n").first { $0.hasPrefix("TracerPid:") }?
            .split(separator: "\t").last.map(String.init)
    }

    /// Runs `syshook trace ARGS -p PID`, sends `signal` to syshook after `delay` seconds, returns its result.
    func traceThenSignal(_ pid: Int32, _ arguments: [String], signal: Int32, delay: Double = 0.5) throws -> RunResult {
        try runProgram(Executables.syshook, ["trace"] + arguments + ["-p", String(pid)], timeout: 20,
                       signal: (delay, signal))
    }

    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func detachOnSignalLeavesTheProcessRunning(signal: Int32) throws {
        let target = try startTarget(["sleep-loop", "30"])
        defer { target.terminate(); target.waitUntilExit() }
        let pid = target.processIdentifier
        let run = try traceThenSignal(pid, [], signal: signal)
        #expect(run.stderr.contains("Process \(pid) attached"))
        #expect(run.stderr.contains("Process \(pid) detached"))
        #expect(run.stderr.contains("clock_nanosleep("))
        usleep(100_000)
        #expect(target.isRunning)
        #expect(tracerPID(pid) == "0")
        #expect(!threadStates(pid).contains("t"), "a thread was left in a trace stop: \(threadStates(pid))")
    }

    @Test func attachingWithFollowSeizesEveryThread() throws {
        let target = try startTarget(["threads-sleep", "3"])
        defer { target.terminate(); target.waitUntilExit() }
        let pid = target.processIdentifier
        let run = try traceThenSignal(pid, ["-f"], signal: SIGINT)
        #expect(run.stderr.contains("Process \(pid) attached with 4 threads"), "\(run.stderr)")
        #expect(run.stderr.components(separatedBy: "detached").count - 1 >= 4)
        usleep(100_000)
        #expect(threadStates(pid).count == 4)
        #expect(!threadStates(pid).contains("t"))
    }

    @Test func detachFromAGroupStoppedProcessKeepsItStopped() throws {
        let target = try startTarget(["sleep-loop", "30"])
        defer { kill(target.processIdentifier, SIGKILL); target.waitUntilExit() }
        let pid = target.processIdentifier
        kill(pid, SIGSTOP)
        usleep(100_000)
        _ = try traceThenSignal(pid, [], signal: SIGINT)
        usleep(100_000)
        #expect(tracerPID(pid) == "0")
        #expect(threadStates(pid) == ["T"], "expected a job-control stop, got \(threadStates(pid))")
        kill(pid, SIGCONT)
        usleep(100_000)
        #expect(threadStates(pid) != ["T"])
        #expect(!threadStates(pid).contains("t"))
    }
}

/// Detaching while the engine holds a thread in a stop of its own making (a delay) or in the middle of a call it
/// tampered with.
@Suite(.serialized, .enabled(if: ptraceUnavailableReason() == nil, "ptrace unavailable"))
struct TraceDetachWhileHeldTests {
    @Test func detachReleasesAThreadHeldByADelay() throws {
        let target = Process()
        target.executableURL = URL(fileURLWithPath: Executables.fixture)
        target.arguments = ["sleep-loop", "20"]
        try target.run()
        defer { target.terminate(); target.waitUntilExit() }
        usleep(200_000)
        let pid = target.processIdentifier
        // Every getppid is held 10 s at entry, then forced to fail: a SIGINT half a second in must still let go.
        let run = try runProgram(Executables.syshook, [
            "trace", "-e", "trace=getppid", "-e", "inject=getppid:error=EPERM:delay_enter=10000000", "-p", String(pid),
        ], timeout: 8, signal: (0.5, SIGINT))
        #expect(!run.killedBySignal, "syshook did not exit on SIGINT: \(run.stderr)")
        #expect(run.stderr.contains("Process \(pid) detached"))
        usleep(100_000)
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        #expect(status.contains("TracerPid:\t0"))
        #expect(!status.contains("State:\tt"))
        #expect(target.isRunning)
    }
}

/// strace 7.x's `--syscall-limit` and `--kill-on-exit`.
@Suite(.serialized, .enabled(if: ptraceUnavailableReason() == nil, "ptrace unavailable"))
struct TraceLimitTests {
    @Test func syscallLimitDetachesAndTheCommandFinishes() throws {
        let run = try runProgram(Executables.syshook, ["trace", "--syscall-limit=3", "-e", "trace=getppid",
                                                       Executables.fixture, "getppid-report", "6"])
        #expect(run.status == 0)
        #expect(run.stdout == String(repeating: "ok\n", count: 6), "the command ran to its end untraced")
        #expect(run.stderrLines.filter { $0.hasPrefix("getppid()") }.count == 3)
        #expect(run.stderr.contains("detached"))
    }

    @Test func killOnExitTakesAttachedProcessesAlong() throws {
        let target = Process()
        target.executableURL = URL(fileURLWithPath: Executables.fixture)
        target.arguments = ["sleep-loop", "20"]
        try target.run()
        defer { if target.isRunning { target.terminate() }; target.waitUntilExit() }
        usleep(200_000)
        let run = try runProgram(Executables.syshook, ["trace", "--kill-on-exit", "-e", "trace=none",
                                                       "-p", String(target.processIdentifier)],
                                 timeout: 5, signal: (0.5, SIGKILL))
        #expect(run.killedBySignal)
        target.waitUntilExit()
        #expect(target.terminationReason == .uncaughtSignal && target.terminationStatus == SIGKILL)
    }
}
