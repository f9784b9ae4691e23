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

        @Flag(help: "Show the generated programs' disassembly, and the verifier log when one is refused.")
        var verbose = false

        @Flag(help: "Do not report exec, fork and exit events.")
        var noProcessEvents = false

        func validate() throws {
            _ = try syscallSelection()
            if stringLimit < 0 { throw ValidationError("-s takes a non-negative size") }
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
                processEvents: !noProcessEvents)
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
        var text = ""
        text.reserveCapacity(events.count * 256)
        for event in events { renderer.render(event, into: &text) }
        sink.write(text)
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
        var text = ""
        render(event, into: &text)
        return text
    }

    /// Appends the event's line to `out` (one growing string per batch: far fewer allocations than a string
    /// per field).
    func render(_ event: MonitorEvent, into out: inout String) {
        if format == .json { json(event, into: &out) } else { out += text(event) }
    }

    // MARK: Text

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

    private func json(_ event: MonitorEvent, into out: inout String) {
        let process = event.process
        func common(_ type: String, _ time: UInt64) {
            out += "{\"type\":\""
            out += type
            out += "\",\"timestamp\":"
            out += fixed(UInt64(clamping: Int64(time) + monotonicToRealtime), digits: 6)
            out += ",\"pid\":"
            out += String(process.pid)
            out += ",\"tid\":"
            out += String(process.tid)
            out += ",\"ppid\":"
            out += String(process.ppid)
            out += ",\"uid\":"
            out += String(process.uid)
            out += ",\"gid\":"
            out += String(process.gid)
            out += ",\"comm\":"
            appendJSONString(process.command, to: &out)
            out += ",\"cgroup\":"
            out += String(process.cgroupID)
        }
        switch event {
        case .syscall(let call):
            common("syscall", call.entryTime)
            let completed = decode(call)
            out += ",\"name\":"
            appendJSONString(completed.name, to: &out)
            out += ",\"number\":"
            out += String(call.number)
            out += ",\"args\":["
            for (index, argument) in completed.arguments.enumerated() {
                if index > 0 { out += "," }
                appendJSONString(formatter.renderer.render(argument.value), to: &out)
            }
            out += "],\"raw_args\":["
            for (index, argument) in call.arguments.enumerated() {
                if index > 0 { out += "," }
                out += String(argument)
            }
            out += "],\"strings\":{"
            for (position, (index, captured)) in call.strings.sorted(by: { $0.key < $1.key }).enumerated() {
                if position > 0 { out += "," }
                out += "\"\(index)\":"
                appendJSONString(String(decoding: captured.bytes, as: UTF8.self), to: &out)
            }
            out += "},\"return\":"
            out += String(call.returnValue)
            out += ",\"errno\":"
            if call.returnValue < 0 && call.returnValue >= -4095 {
                let errno = Int32(-call.returnValue)
                appendJSONString(ErrnoTable.name(errno) ?? "E\(errno)", to: &out)
            } else {
                out += "null"
            }
            out += ",\"duration\":"
            out += fixed(call.duration, digits: 9)
        case .exec(let exec):
            common("exec", exec.time)
            out += ",\"filename\":"
            appendJSONString(exec.filename, to: &out)
            out += ",\"argv\":["
            for (index, argument) in exec.arguments.enumerated() {
                if index > 0 { out += "," }
                appendJSONString(argument, to: &out)
            }
            out += "],\"old_pid\":"
            out += String(exec.oldPID)
        case .fork(let fork):
            common("fork", fork.time)
            out += ",\"child_pid\":\(fork.childPID),\"child_tid\":\(fork.childTID)"
        case .exit(let exit):
            common("exit", exit.time)
            out += ",\"exit_code\":"
            out += exit.exitCode.map { String($0) } ?? "null"
            out += ",\"signal\":"
            if let signal = exit.signal {
                appendJSONString(SignalTable.name(signal) ?? String(signal), to: &out)
            } else {
                out += "null"
            }
        }
        out += "}\n"
    }

    func dropsLine(_ drops: UInt64) -> String { "{\"type\":\"drops\",\"drops\":\(drops)}\n" }

    func summaryLine(events: Int, drops: UInt64) -> String {
        "{\"type\":\"summary\",\"events\":\(events),\"drops\":\(drops)}\n"
    }

    private func jsonString(_ text: String) -> String {
        var out = ""
        appendJSONString(text, to: &out)
        return out
    }

    /// Appends `text` as a JSON string literal. Most strings need no escaping: they are appended whole.
    private func appendJSONString(_ text: String, to out: inout String) {
        out += "\""
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += text
            return out += "\""
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
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
