public import Foundation

/// Runs the package's executables (syshook, syshook-fixture) and other programs for integration tests.
public enum Executables {
    /// The build folder holding the products, found next to the running test bundle (`swift test` builds every
    /// product before running tests).
    public static let buildDirectory: URL = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = exe.deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("syshook").path) {
                return directory
            }
            directory = directory.deletingLastPathComponent()
        }
        return exe.deletingLastPathComponent()
    }()

    public static var syshook: String { buildDirectory.appendingPathComponent("syshook").path }
    public static var fixture: String { buildDirectory.appendingPathComponent("syshook-fixture").path }

    /// The path of `name` on PATH, or nil.
    public static func which(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = String(directory) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// The result of running a program to completion.
public struct RunResult: Sendable {
    public var status: Int32
    /// True when the program was killed by signal `status`.
    public var killedBySignal: Bool
    public var stdout: String
    public var stderr: String

    public init(status: Int32, killedBySignal: Bool, stdout: String, stderr: String) {
        self.status = status
        self.killedBySignal = killedBySignal
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Lines of stderr (where strace-format output goes by default).
    public var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
}

/// Runs `executable` with `arguments`, waiting at most `timeout` seconds (then killing it). With `signal`, sends
/// `signal.number` to the program after `signal.after` seconds.
public func runProgram(
    _ executable: String, _ arguments: [String], timeout: Double = 30, signal: (after: Double, number: Int32)? = nil
) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let outData = AsyncData(out.fileHandleForReading)
    let errData = AsyncData(err.fileHandleForReading)
    let started = Date()
    let deadline = started.addingTimeInterval(timeout)
    var signalled = signal == nil
    while process.isRunning && Date() < deadline {
        if !signalled, let signal, Date().timeIntervalSince(started) >= signal.after {
            kill(process.processIdentifier, signal.number)
            signalled = true
        }
        usleep(2000)
    }
    if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
    }
    process.waitUntilExit()
    return RunResult(
        status: process.terminationStatus, killedBySignal: process.terminationReason == .uncaughtSignal,
        stdout: outData.text(), stderr: errData.text())
}

/// Drains a pipe on a background thread so a chatty child never blocks on a full pipe.
final class AsyncData: @unchecked Sendable {  // `data` is written by the reader thread before `done` signals
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func text() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Replaces every number that is a pid in `pids` with "PID", so traces of two runs compare. In a line where a pid
/// was replaced, the padding before the result (`-a` column) is collapsed to one space: it depends on how many
/// digits the pid had, which differs between runs once pids wrap around (pid_max is 32768 here).
public func normalizePIDs(_ line: String, _ pids: Set<String>) -> String {
    var result = ""
    var digits = ""
    var replaced = false
    func flush() {
        if pids.contains(digits) {
            result += "PID"
            replaced = true
        } else {
            result += digits
        }
        digits = ""
    }
    for character in line {
        if character.isNumber {
            digits.append(character)
        } else {
            flush()
            result.append(character)
        }
    }
    flush()
    return replaced ? result.replacing(#/\) +=/#, with: ") =") : result
}

/// Numbers that look like pids in strace-format lines: those in `[pid N]`, `si_pid=N`, `= N` of fork-like calls,
/// "Process N", and leading `N ` columns.
public func pidsMentioned(in lines: [String]) -> Set<String> {
    var pids: Set<String> = []
    let patterns = [#/\[pid +(\d+)\]/#, #/si_pid=(\d+)/#, #/Process (\d+)/#, #/^(\d+) /#,
                    #/(?:clone|clone3|fork|vfork|getppid|getpid|gettid|wait4)\(.*= (\d+)$/#]
    for line in lines {
        for pattern in patterns {
            for match in line.matches(of: pattern) { pids.insert(String(match.1)) }
        }
    }
    return pids
}

/// Skips (by returning a reason) when the machine cannot run ptrace tests.
public func ptraceUnavailableReason() -> String? {
    if getuid() != 0, let scope = try? String(contentsOfFile: "/proc/sys/kernel/yama/ptrace_scope", encoding: .utf8),
       scope.trimmingCharacters(in: .whitespacesAndNewlines) != "0" {
        return "ptrace of children is restricted: yama ptrace_scope=\(scope)"
    }
    return nil
}
