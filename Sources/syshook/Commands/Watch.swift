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

        @Option(help: "Output format: text (strace style) or json (JSON Lines: the schema of trace --format json plus ppid, uid, gid, comm, cgroup; docs/json-schema.md).")
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
                    messages.write("\(program.name) (\(program.hooks)):\n")
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
            let drops = monitor.dropCount()
            let count = writer.finish(drops: drops)
            messages.write("syshook watch: \(count) events, \(drops) dropped\n")
            messages.flush()
        }
    }
}
