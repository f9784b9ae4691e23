import SysHook
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Renders monitor events as strace-style lines with a process prefix, or as JSON Lines in trace's schema
/// (docs/json-schema.md, section `syshook watch`).
///
/// Syscall arguments go through the Decoding target's decoders; the strings the kernel copied serve as the memory
/// they read, so paths decode as they do under `syshook trace` and other pointers decode as addresses. Both
/// formats are written straight into the batch's byte buffer: one buffer per batch, no String per field.
struct WatchRenderer {
    let format: WatchFormat
    let formatter: SyscallFormatter
    let json = JSONLinesFormatter()
    /// Add to a `CLOCK_MONOTONIC` time (what BPF's ktime_get_ns returns) to get wall-clock nanoseconds.
    let monotonicToRealtime: Int64
    /// localtime_r per event cost more than the rest of the clock: its result is kept for the current second.
    let clockSeconds = LocalTimeCache()

    init(format: WatchFormat, stringLimit: Int) {
        self.format = format
        var options = StraceFormatOptions()
        options.stringLimit = stringLimit
        formatter = SyscallFormatter(options: options)
        var realtime = timespec()
        var monotonic = timespec()
        clock_gettime(CLOCK_REALTIME, &realtime)
        clock_gettime(CLOCK_MONOTONIC, &monotonic)
        monotonicToRealtime = (Int64(realtime.tv_sec) - Int64(monotonic.tv_sec)) * 1_000_000_000
            + Int64(realtime.tv_nsec) - Int64(monotonic.tv_nsec)
    }

    /// Appends the event's line to `out`, UTF-8 (one growing buffer per batch: the output is written byte by byte,
    /// which is several times cheaper than concatenating strings per field).
    func render(_ event: MonitorEvent, into out: inout [UInt8]) {
        switch (format, event) {
        case (.json, _): json(event, into: &out)
        case (.text, .syscall(let call)): syscallText(call, into: &out)
        case (.text, _): out += text(event).utf8
        }
    }

    /// The syscall decoded as the tracer would decode it, with the kernel's string copies as the only readable
    /// memory.
    func decode(_ call: SyscallEvent) -> CompletedSyscall {
        let invocation = SyscallInvocation(
            pid: call.process.tid, architecture: .native, number: call.number, arguments: call.arguments)
        var strings: [UInt64: CapturedString] = [:]
        for (index, captured) in call.strings where index < call.arguments.count {
            strings[call.arguments[index]] = captured
        }
        let memory = CapturedStrings(strings: strings)
        let pending = formatter.enter(invocation, memory: memory)
        return formatter.complete(pending, outcome: .returned(call.returnValue), injected: false, memory: memory)
    }

    /// Wall-clock nanoseconds of a monotonic kernel time.
    func wallClock(_ monotonic: UInt64) -> UInt64 { UInt64(clamping: Int64(monotonic) + monotonicToRealtime) }

    // MARK: JSON

    /// trace's objects (`JSONLinesFormatter`), with the process fields after `tid`, and a `fork` type.
    private func json(_ event: MonitorEvent, into out: inout [UInt8]) {
        let process = event.process
        let fields = JSONProcessFields(
            ppid: process.ppid, uid: process.uid, gid: process.gid, command: process.command,
            cgroupID: process.cgroupID)
        switch event {
        case .syscall(let call):
            // The kernel measures in nanoseconds: durations keep them (getppid takes well under a microsecond).
            json.appendSyscall(
                decode(call), pid: process.pid, tid: process.tid, process: fields,
                timestamp: .nanoseconds(wallClock(call.entryTime), digits: 6),
                duration: .nanoseconds(call.duration, digits: 9), to: &out)
        case .exec(let exec):
            json.appendExec(
                filename: exec.filename, argv: exec.arguments, pid: process.pid, tid: process.tid,
                formerTid: exec.oldPID != process.tid ? exec.oldPID : nil, process: fields,
                timestamp: .nanoseconds(wallClock(exec.time), digits: 6), to: &out)
        case .fork(let fork):
            json.appendFork(
                childPID: fork.childPID, childTID: fork.childTID, pid: process.pid, tid: process.tid,
                process: fields, timestamp: .nanoseconds(wallClock(fork.time), digits: 6), to: &out)
        case .exit(let exit):
            // Bit 7 of a wait status killed by a signal: it dumped core (WCOREDUMP).
            json.appendExit(
                code: exit.exitCode, signal: exit.signal, coreDumped: exit.signal != nil && exit.status & 0x80 != 0,
                pid: process.pid, tid: process.tid, process: fields,
                timestamp: .nanoseconds(wallClock(exit.time), digits: 6), to: &out)
        }
        out.append(UInt8(ascii: "\n"))
    }

    /// How many events the kernel dropped so far (JSON only; written when the count changes).
    func dropsLine(_ drops: UInt64) -> String { "{\"type\":\"drops\",\"drops\":\(drops)}\n" }

    /// The last JSON line: how many events were written and dropped.
    func summaryLine(events: Int, drops: UInt64) -> String {
        "{\"type\":\"summary\",\"events\":\(events),\"drops\":\(drops)}\n"
    }
}

/// Tracee memory made of the strings the kernel copied, keyed by the address they were read from. Nothing else is
/// readable: the record holds no other bytes of the process.
struct CapturedStrings: TraceeMemory {
    let strings: [UInt64: CapturedString]

    func read(_ address: UInt64, count: Int) -> [UInt8]? { nil }

    func readCString(_ address: UInt64, limit: Int) -> (bytes: [UInt8], truncated: Bool)? {
        guard let captured = strings[address] else { return nil }
        return (Array(captured.bytes.prefix(limit)), captured.truncated || captured.bytes.count > limit)
    }
}
