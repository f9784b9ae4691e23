import ArgumentParser
import Monitor
import SysHook
import Dispatch
import Synchronization
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension SysHookCommand {
    /// `syshook watch`: system-wide syscall, exec, fork and exit events from eBPF programs built for the filter.
    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "watch",
            abstract: "Watch system calls and process events system-wide with eBPF.",
            discussion: """
                Filters run in the kernel: unselected syscalls and other processes cost one map lookup.
                Needs root, or CAP_BPF and CAP_PERFMON.

                Examples:
                  syshook watch -e trace=%file --comm make
                  syshook watch -e trace=openat,execve --format json -o events.jsonl --duration 10
                  syshook watch --pid 1234 -s 128
                """)

        @Option(
            name: .customShort("e", allowingJoined: true),
            help: ArgumentHelp("Which syscalls to report: trace=SET (names, %class, @family, /regex).", valueName: "trace=SET"))
        var expressions: [String] = []

        @Option(help: "Only this process (thread group id).")
        var pid: Int32?

        @Option(help: "Only tasks with this command name (comm, at most 15 characters).")
        var comm: String?

        @Option(help: "Only this real user id.")
        var uid: UInt32?

        @Option(help: "Only tasks in this cgroup v2 (a path, absolute or under /sys/fs/cgroup).")
        var cgroup: String?

        @Option(help: "Output format: text (strace style) or json (JSON Lines).")
        var format: WatchFormat = .text

        @Option(name: .customShort("s", allowingJoined: true), help: "Maximum string size to print.")
        var stringLimit: Int = 32

        @Option(help: "Stop after this many seconds.")
        var duration: Double?

        @Option(name: .customShort("o"), help: "Write events to this file instead of standard output.")
        var output: String?

        @Option(help: ArgumentHelp(
            "Ring buffer size in MiB (a power of two): how large a burst is held while the output catches up.",
            valueName: "MiB"))
        var bufferSize: Int = 64

        @Flag(help: "Show the generated programs' disassembly, and the verifier log when one is refused.")
        var verbose = false

        @Flag(help: "Do not report exec, fork and exit events.")
        var noProcessEvents = false

        func validate() throws {
            _ = try syscallSelection()
            if stringLimit < 0 { throw ValidationError("-s takes a non-negative size") }
            if bufferSize < 1 || bufferSize > 4096 || bufferSize & (bufferSize - 1) != 0 {
                throw ValidationError("--buffer-size takes a power of two between 1 and 4096 (MiB)")
            }
            if let comm, comm.utf8.count > 15 {
                throw ValidationError("--comm '\(comm)' is longer than the 15 bytes the kernel keeps of a command name")
            }
        }

        /// The syscall numbers `-e trace=SET` selects (nil: all) and the warnings the expression produced.
        func syscallSelection() throws -> (numbers: Set<Int>?, warnings: [String]) {
            var numbers: Set<Int>? = nil
            var warnings: [String] = []
            for expression in expressions {
                let parts = expression.split(separator: "=", maxSplits: 1).map(String.init)
                let (qualifier, set) = parts.count == 2 ? (parts[0], parts[1]) : ("trace", parts[0])
                guard ["trace", "t"].contains(qualifier) else {
                    throw ValidationError("watch takes only -e trace=SET, not '\(qualifier)='")
                }
                do {
                    let parsed = try SyscallSetExpression.parse(set, architecture: .native)
                    numbers = (numbers ?? []).union(parsed.numbers)
                    warnings += parsed.warnings
                } catch {
                    throw ValidationError(error.description)
                }
            }
            return (numbers, warnings)
        }

        func run() throws {
            let stopper = Stopper()
            WatchSignals.install { stopper.stop() }

            let messages = OutputSink(fd: 2)
            let (numbers, warnings) = try syscallSelection()
            for warning in warnings { messages.write("syshook watch: warning: \(warning)\n") }
            var filter = MonitorFilter(
                syscalls: numbers, processID: pid, command: comm, userID: uid, excludedProcessID: getpid())
            if let cgroup {
                do {
                    filter.cgroupID = try MonitorFilter.cgroupID(path: cgroup)
                } catch {
                    throw ValidationError(error.message)
                }
            }
            let options = SyscallMonitor.Options(
                filter: filter, stringCapacity: min(max(stringLimit + 1, 256), 4096),
                processEvents: !noProcessEvents, ringBufferSize: bufferSize << 20)
            guard let sink = output.map({ OutputSink(path: $0) }) ?? OutputSink(fd: 1) else {
                messages.write("syshook watch: cannot open \(output ?? "") for writing: \(String(cString: strerror(errno)))\n")
                messages.flush()
                throw ExitCode(1)
            }

            // Events are rendered on the monitor's reader thread as they are decoded, batch by batch, into the
            // buffered sink: no hop through an AsyncStream per event (that cost more than the rendering).
            let writer = WatchWriter(sink: sink, renderer: WatchRenderer(format: format, stringLimit: stringLimit),
                                     reportsDrops: format == .json)
            let monitor: SyscallMonitor
            do {
                monitor = try SyscallMonitor(options: options) { events in writer.write(events) }
            } catch {
                messages.write("syshook watch: \(error.message)\n")
                if verbose && !error.verifierLog.isEmpty { messages.write("verifier log:\n\(error.verifierLog)\n") }
                if verbose && !error.disassembly.isEmpty { messages.write("program:\n\(error.disassembly)\n") }
                messages.flush()
                throw ExitCode(1)
            }
            writer.monitor.withLock { $0 = monitor }
            stopper.set(monitor)
            if verbose {
                for program in monitor.programs {
                    let hooks = program.syscallTracepoints.isEmpty
                        ? "raw_tp:\(program.tracepoint)"
                        : program.syscallTracepoints.map { "tracepoint:syscalls:\($0)" }.joined(separator: ", ")
                    messages.write("\(program.name) (\(hooks)):\n")
                    messages.write(program.disassembly + "\n")
                }
            }
            messages.write("syshook watch: \(monitor.programs.count) programs attached; Ctrl-C to stop\n")
            messages.flush()
            if let duration {
                Task.detached {
                    try? await Task.sleep(for: .milliseconds(Int(duration * 1000)))
                    stopper.stop()
                }
            }

            // `events` finishes after the reader thread's last batch.
            let finished = DispatchSemaphore(value: 0)
            Task.detached {
                for await _ in monitor.events {}
                finished.signal()
            }
            finished.wait()
            let count = writer.finish(drops: monitor.dropCount())
            let drops = monitor.dropCount()
            messages.write("syshook watch: \(count) events, \(drops) dropped\n")
            messages.flush()
        }
    }
}

/// Renders batches of events into the output sink, on the monitor's reader thread.
///
/// Only the reader thread calls `write`; `finish` runs after that thread has ended (the monitor's `events` has
/// finished), so the sink and the counters are never touched concurrently: hence the unchecked Sendable.
final class WatchWriter: @unchecked Sendable {
    private let sink: OutputSink
    private var renderer: WatchRenderer
    private let reportsDrops: Bool
    private var count = 0
    private var reportedDrops: UInt64 = 0
    private var lastDropCheck = 0
    /// Set once the monitor exists (the first batch may come before); read for the drop lines.
    let monitor = Mutex<SyscallMonitor?>(nil)

    init(sink: OutputSink, renderer: WatchRenderer, reportsDrops: Bool) {
        self.sink = sink
        self.renderer = renderer
        self.reportsDrops = reportsDrops
    }

    func write(_ events: [MonitorEvent]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(events.count * 320)
        for event in events { renderer.render(event, into: &bytes) }
        sink.write(String(decoding: bytes, as: UTF8.self))
        count += events.count
        // Drops are never silent: JSON consumers see them as they happen, not only at exit.
        if reportsDrops && count - lastDropCheck >= 4096 {
            lastDropCheck = count
            if let drops = monitor.withLock({ $0 })?.dropCount(), drops != reportedDrops {
                reportedDrops = drops
                sink.write(renderer.dropsLine(drops))
            }
        }
        sink.flush()
    }

    /// Writes the JSON summary, flushes, and returns how many events were written.
    func finish(drops: UInt64) -> Int {
        if reportsDrops { sink.write(renderer.summaryLine(events: count, drops: drops)) }
        sink.flush()
        return count
    }
}

/// Output formats of `watch`.
enum WatchFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// SIGINT, SIGTERM and SIGHUP end the watch cleanly.
///
/// `run()` executes on a pool thread, not the main thread, so blocking the signals here (as `trace` does before
/// any thread starts) would leave the main thread to take them and die. Instead a handler, process-wide, writes
/// one byte to a pipe (write(2) is async-signal-safe), and a thread of ours reads it and stops the monitor.
enum WatchSignals {
    /// The pipe's write end, set before the handler is installed and never changed after.
    nonisolated(unsafe) static var writeEnd: Int32 = -1

    static func install(_ body: @escaping @Sendable () -> Void) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        writeEnd = ends[1]
        let readEnd = ends[0]
        OSThread.start(name: "syshook-signals") {
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) < 0 && errno == EINTR {}
            body()
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(WatchSignals.writeEnd, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaction(signal, &action, nil) }
    }
}

/// Stops the monitor from the signal thread or the duration timer, whichever comes first.
final class Stopper: Sendable {
    private let state = Mutex<(monitor: SyscallMonitor?, stopped: Bool)>((nil, false))

    func set(_ monitor: SyscallMonitor) {
        let stopNow = state.withLock { state in
            state.monitor = monitor
            return state.stopped
        }
        if stopNow { monitor.stop() }
    }

    func stop() {
        let monitor = state.withLock { state in
            state.stopped = true
            return state.monitor
        }
        monitor?.stop()
    }
}

/// Renders monitor events as strace-style lines with a process prefix, or as JSON Lines.
///
/// Syscall arguments go through the Decoding target's strace printers; the strings the kernel copied serve as
/// the memory they read, so paths print as strace prints them and other pointers print as addresses.
struct WatchRenderer {
    let format: WatchFormat
    let formatter: SyscallFormatter
    /// Add to a `CLOCK_MONOTONIC` time (what BPF's ktime_get_ns returns) to get wall-clock nanoseconds.
    let monotonicToRealtime: Int64
    /// localtime_r per event cost more than the rest of the clock: its result is kept for the current second.
    private let clockSeconds = LocalTimeCache()

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

    func render(_ event: MonitorEvent) -> String {
        var bytes: [UInt8] = []
        render(event, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the event's line to `out`, UTF-8 (one growing buffer per batch: the JSON is written byte by byte,
    /// which is several times cheaper than concatenating strings per field).
    func render(_ event: MonitorEvent, into out: inout [UInt8]) {
        switch (format, event) {
        case (.json, _): json(event, into: &out)
        case (.text, .syscall(let call)): syscallText(call, into: &out)
        case (.text, _): out += text(event).utf8
        }
    }

    // MARK: Text

    /// The line `text(.syscall(call))` would give, written straight into `out` (the common case: string
    /// concatenation cost more than the strace printers themselves).
    private func syscallText(_ call: SyscallEvent, into out: inout [UInt8]) {
        let completed = decode(call)
        let start = out.count
        let nanoseconds = Int64(call.entryTime) + monotonicToRealtime
        out += clockSeconds.text(nanoseconds / 1_000_000_000).utf8
        out.append(UInt8(ascii: "."))
        appendDigits(UInt64(nanoseconds % 1_000_000_000 / 1000), count: 6, to: &out)
        out.append(UInt8(ascii: " "))
        out += call.process.command.utf8
        out.append(UInt8(ascii: "["))
        appendDecimal(Int64(call.process.pid), to: &out)
        if call.process.pid != call.process.tid {
            out.append(UInt8(ascii: "/"))
            appendDecimal(Int64(call.process.tid), to: &out)
        }
        out += "] ".utf8
        out += completed.name.utf8
        out.append(UInt8(ascii: "("))
        out += formatter.renderer.render(Array(completed.arguments.prefix(completed.entryArgumentCount))).utf8
        // The result column counts the whole head, prefix included, as `SyscallFormatter.line` does.
        out += formatter.exitText(completed, column: out.count - start).utf8
        out += " <".utf8
        appendFixed(call.duration, digits: 6, to: &out)
        out += ">\n".utf8
    }

    private func text(_ event: MonitorEvent) -> String {
        switch event {
        case .syscall(let call):
            let completed = decode(call)
            let prefix = clock(call.entryTime) + " " + processTag(call.process) + " "
            return formatter.line(completed, prefix: prefix) + " <" + fixed(call.duration, digits: 6) + ">\n"
        case .exec(let exec):
            let argv = exec.arguments.map { quote($0) }.joined(separator: ", ")
            return clock(exec.time) + " " + processTag(exec.process)
                + " +++ exec \(quote(exec.filename)) [\(argv)] ppid=\(exec.process.ppid) uid=\(exec.process.uid) +++\n"
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

    private func decode(_ call: SyscallEvent) -> CompletedSyscall {
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

    // MARK: JSON

    private func json(_ event: MonitorEvent, into out: inout [UInt8]) {
        let process = event.process
        func common(_ type: String, _ time: UInt64) {
            out += "{\"type\":\"".utf8
            out += type.utf8
            out += "\",\"timestamp\":".utf8
            appendFixed(UInt64(clamping: Int64(time) + monotonicToRealtime), digits: 6, to: &out)
            out += ",\"pid\":".utf8
            appendDecimal(Int64(process.pid), to: &out)
            out += ",\"tid\":".utf8
            appendDecimal(Int64(process.tid), to: &out)
            out += ",\"ppid\":".utf8
            appendDecimal(Int64(process.ppid), to: &out)
            out += ",\"uid\":".utf8
            appendDecimal(UInt64(process.uid), to: &out)
            out += ",\"gid\":".utf8
            appendDecimal(UInt64(process.gid), to: &out)
            out += ",\"comm\":".utf8
            appendJSONString(process.command, to: &out)
            out += ",\"cgroup\":".utf8
            appendDecimal(process.cgroupID, to: &out)
        }
        switch event {
        case .syscall(let call):
            common("syscall", call.entryTime)
            let completed = decode(call)
            out += ",\"name\":".utf8
            appendJSONString(completed.name, to: &out)
            out += ",\"number\":".utf8
            appendDecimal(Int64(call.number), to: &out)
            out += ",\"args\":[".utf8
            for (index, argument) in completed.arguments.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendJSONString(formatter.renderer.render(argument.value), to: &out)
            }
            out += "],\"raw_args\":[".utf8
            for (index, argument) in call.arguments.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendDecimal(argument, to: &out)
            }
            out += "],\"strings\":{".utf8
            for (position, (index, captured)) in call.strings.sorted(by: { $0.key < $1.key }).enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\""))
                appendDecimal(Int64(index), to: &out)
                out += "\":".utf8
                appendJSONString(String(decoding: captured.bytes, as: UTF8.self), to: &out)
            }
            out += "},\"return\":".utf8
            appendDecimal(call.returnValue, to: &out)
            out += ",\"errno\":".utf8
            if call.returnValue < 0 && call.returnValue >= -4095 {
                let errno = Int32(-call.returnValue)
                appendJSONString(ErrnoTable.name(errno) ?? "E\(errno)", to: &out)
            } else {
                out += "null".utf8
            }
            out += ",\"duration\":".utf8
            appendFixed(call.duration, digits: 9, to: &out)
        case .exec(let exec):
            common("exec", exec.time)
            out += ",\"filename\":".utf8
            appendJSONString(exec.filename, to: &out)
            out += ",\"argv\":[".utf8
            for (index, argument) in exec.arguments.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendJSONString(argument, to: &out)
            }
            out += "],\"old_pid\":".utf8
            appendDecimal(Int64(exec.oldPID), to: &out)
        case .fork(let fork):
            common("fork", fork.time)
            out += ",\"child_pid\":".utf8
            appendDecimal(Int64(fork.childPID), to: &out)
            out += ",\"child_tid\":".utf8
            appendDecimal(Int64(fork.childTID), to: &out)
        case .exit(let exit):
            common("exit", exit.time)
            out += ",\"exit_code\":".utf8
            if let code = exit.exitCode { appendDecimal(Int64(code), to: &out) } else { out += "null".utf8 }
            out += ",\"signal\":".utf8
            if let signal = exit.signal {
                appendJSONString(SignalTable.name(signal) ?? String(signal), to: &out)
            } else {
                out += "null".utf8
            }
        }
        out += "}\n".utf8
    }

    private func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        appendDecimal(value.magnitude, to: &out)
    }

    private func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        appendDigits(value, count: digits, to: &out)
    }

    /// The last `count` decimal digits of `value`, zero-padded.
    private func appendDigits(_ value: UInt64, count: Int, to out: inout [UInt8]) {
        let start = out.count
        out += repeatElement(UInt8(ascii: "0"), count: count)
        var value = value
        var index = start + count - 1
        while index >= start {
            out[index] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
            index -= 1
        }
    }

    /// `nanoseconds` as seconds with `digits` (at most 9) decimals, rounded.
    private func appendFixed(_ nanoseconds: UInt64, digits: Int, to out: inout [UInt8]) {
        var divisor: UInt64 = 1
        for _ in digits..<9 { divisor *= 10 }
        let scaled = (nanoseconds + divisor / 2) / divisor
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        appendDecimal(scaled / scale, to: &out)
        out.append(UInt8(ascii: "."))
        appendDigits(scaled % scale, count: digits, to: &out)
    }

    func dropsLine(_ drops: UInt64) -> String { "{\"type\":\"drops\",\"drops\":\(drops)}\n" }

    func summaryLine(events: Int, drops: UInt64) -> String {
        "{\"type\":\"summary\",\"events\":\(events),\"drops\":\(drops)}\n"
    }

    private func jsonString(_ text: String) -> String {
        var out: [UInt8] = []
        appendJSONString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal. Most strings need no escaping: they are appended whole.
    private func appendJSONString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        defer { out.append(UInt8(ascii: "\"")) }
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return out += text.utf8
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case UInt8(ascii: "\n"): out += "\\n".utf8
            case UInt8(ascii: "\t"): out += "\\t".utf8
            case UInt8(ascii: "\r"): out += "\\r".utf8
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += "\\u00".utf8
                out += [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
    }

    private func quote(_ text: String) -> String { jsonString(text) }

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
private final class LocalTimeCache {
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

/// Tracee memory made of the strings the kernel copied, keyed by the address they were read from.
struct CapturedStrings: TraceeMemory {
    let strings: [UInt64: CapturedString]

    func read(_ address: UInt64, count: Int) -> [UInt8]? { nil }

    func readCString(_ address: UInt64, limit: Int) -> (bytes: [UInt8], truncated: Bool)? {
        guard let captured = strings[address] else { return nil }
        return (Array(captured.bytes.prefix(limit)), captured.truncated || captured.bytes.count > limit)
    }
}
