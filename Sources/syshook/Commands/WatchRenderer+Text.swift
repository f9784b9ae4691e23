import SysHook
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The text format: strace's lines, prefixed with `HH:MM:SS.uuuuuu comm[pid/tid]`, with the duration after.
extension WatchRenderer {
    /// The line `text(.syscall(call))` would give, written straight into `out` (the common case: string
    /// concatenation cost more than the strace printers themselves).
    func syscallText(_ call: SyscallEvent, into out: inout [UInt8]) {
        let completed = decode(call)
        let start = out.count
        let nanoseconds = Int64(call.entryTime) + monotonicToRealtime
        out += clockSeconds.text(nanoseconds / 1_000_000_000).utf8
        out.append(UInt8(ascii: "."))
        JSONEncoding.appendDigits(UInt64(nanoseconds % 1_000_000_000 / 1000), count: 6, to: &out)
        out.append(UInt8(ascii: " "))
        out += call.process.command.utf8
        out.append(UInt8(ascii: "["))
        JSONEncoding.appendDecimal(Int64(call.process.pid), to: &out)
        if call.process.pid != call.process.tid {
            out.append(UInt8(ascii: "/"))
            JSONEncoding.appendDecimal(Int64(call.process.tid), to: &out)
        }
        JSONEncoding.append("] ", to: &out)
        out += completed.name.utf8
        out.append(UInt8(ascii: "("))
        out += formatter.renderer.render(Array(completed.arguments.prefix(completed.entryArgumentCount))).utf8
        // The result column counts the whole head, prefix included, as `SyscallFormatter.line` does.
        out += formatter.exitText(completed, column: out.count - start).utf8
        JSONEncoding.append(" <", to: &out)
        let micro = (call.duration + 500) / 1000
        JSONEncoding.appendDecimal(micro / 1_000_000, to: &out)
        out.append(UInt8(ascii: "."))
        JSONEncoding.appendDigits(micro % 1_000_000, count: 6, to: &out)
        JSONEncoding.append(">\n", to: &out)
    }

    /// The line of any event (syscalls take `syscallText`'s faster path).
    func text(_ event: MonitorEvent) -> String {
        switch event {
        case .syscall(let call):
            let completed = decode(call)
            let prefix = clock(call.entryTime) + " " + processTag(call.process) + " "
            return formatter.line(completed, prefix: prefix) + " <" + fixed(call.duration, digits: 6) + ">\n"
        case .exec(let exec):
            let argv = exec.arguments.map { JSONEncoding.string($0) }.joined(separator: ", ")
            return clock(exec.time) + " " + processTag(exec.process)
                + " +++ exec \(JSONEncoding.string(exec.filename)) [\(argv)] ppid=\(exec.process.ppid)"
                + " uid=\(exec.process.uid) +++\n"
        case .fork(let fork):
            let child = fork.childPID == fork.childTID ? "\(fork.childPID)" : "\(fork.childPID)/\(fork.childTID)"
            return clock(fork.time) + " " + processTag(fork.process) + " +++ fork child \(child) +++\n"
        case .exit(let exit):
            let how = exit.exitCode.map { "exited with \($0)" }
                ?? "killed by \(exit.signal.flatMap { SignalTable.name($0) } ?? "signal \(exit.signal ?? 0)")"
            return clock(exit.time) + " " + processTag(exit.process) + " +++ \(how) +++\n"
        }
    }

    /// `comm[pid]`, or `comm[pid/tid]` for a thread other than the leader.
    private func processTag(_ process: MonitoredProcess) -> String {
        let ids = process.pid == process.tid ? "\(process.pid)" : "\(process.pid)/\(process.tid)"
        return "\(process.command)[\(ids)]"
    }

    /// `HH:MM:SS.uuuuuu` local time, as strace -tt prints it.
    private func clock(_ monotonic: UInt64) -> String {
        let nanoseconds = Int64(monotonic) + monotonicToRealtime
        let micro = String(nanoseconds % 1_000_000_000 / 1000)
        return clockSeconds.text(nanoseconds / 1_000_000_000) + "." + String(repeating: "0", count: 6 - micro.count)
            + micro
    }

    /// `nanoseconds` as seconds with `digits` (at most 9) decimals, rounded, in integer arithmetic.
    private func fixed(_ nanoseconds: UInt64, digits: Int) -> String {
        var divisor: UInt64 = 1
        for _ in digits..<9 { divisor *= 10 }
        let scaled = (nanoseconds + divisor / 2) / divisor
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let fraction = String(scaled % scale)
        return String(scaled / scale) + "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}

/// `HH:MM:SS` of the last second asked for. Used only by the thread rendering events.
final class LocalTimeCache {
    private var second: Int64 = -1
    private var cached = ""

    func text(_ seconds: Int64) -> String {
        if seconds != second {
            var time = time_t(seconds)
            var parts = tm()
            localtime_r(&time, &parts)
            func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
            cached = "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
            second = seconds
        }
        return cached
    }
}
