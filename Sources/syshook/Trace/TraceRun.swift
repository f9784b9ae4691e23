import SysHook
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// One run of the tracer for the CLI: the engine runs on this (the main) thread, which then owns ptrace; a
/// second thread waits for SIGINT, SIGTERM, SIGHUP and SIGQUIT and asks the engine to detach.
struct TraceRun {
    let configuration: TracerConfiguration
    let output: TraceOutputOptions
    let sink: OutputSink
    let messages: OutputSink
    /// `-ff -o FILE`: the FILE each thread's FILE.TID is named after.
    var separateFiles: String? = nil
    /// `--redirect OLD=NEW`: path arguments equal to OLD are replaced by NEW before the kernel sees them.
    var redirects: [PathRedirect] = []
    /// `-c` (.only) or `-C` (.also).
    enum Summary { case none, only, also }
    var summary = Summary.none
    var sortKey = SyscallSummary.SortKey.time
    /// `--syscall-limit=N`: detach from everything (a started command keeps running) after N syscalls completed.
    var syscallLimit: Int? = nil

    func run() -> Int32 {
        let control = TraceControl()
        let spawned: Bool
        if case .spawn = configuration.target { spawned = true } else { spawned = false }
        TerminationSignals.forward { signal in
            // strace sends the fatal signal it got to the command it started, then lets everything go.
            control.requestDetach(signalToSpawned: spawned ? signal : 0)
        }
        let engine = TraceEngine(configuration: configuration, control: control)
        if !redirects.isEmpty { engine.entryHook = PathRedirect.hook(redirects) }
        let printers = makePrinters()
        engine.idleHandler = {
            for printer in printers { printer.flush() }
        }
        let status: WaitStatus?
        do {
            var completed = 0
            status = try engine.run { event in
                for printer in printers { printer.handle(event) }
                if let limit = syscallLimit, case .syscallExit = event {
                    completed += 1
                    if completed == limit { control.requestDetach() }
                }
            }
        } catch {
            for printer in printers { printer.finish() }
            messages.write(output.programName + ": " + error.description + "\n")
            messages.flush()
            return 1
        }
        for printer in printers { printer.finish() }
        sink.flush()
        switch status {
        case .exited(let code): return code
        case .killed(let signal, _):
            // Die of the same signal, as strace does, but without a core file of our own.
            var limit = rlimit(rlim_cur: 0, rlim_max: 0)
            setrlimit(Int32(RLIMIT_CORE.rawValue), &limit)
            signal_default(signal)
            kill(getpid(), signal)
            return 128 + signal
        default: return 0
        }
    }

    /// The printers `-c`, `-C` and `--format` ask for: a summary only, lines and a summary, or lines.
    private func makePrinters() -> [any TracePrinter] {
        var printers: [any TracePrinter] = []
        if summary != .only {
            if output.outputFormat == .json {
                printers.append(JSONTracePrinter(options: output, output: sink))
            } else {
                printers.append(StracePrinter(options: output, output: sink, messages: messages,
                                              separateFiles: separateFiles))
            }
        }
        if summary != .none { printers.append(SummaryPrinter(sortKey: sortKey, output: sink)) }
        return printers
    }

    private func signal_default(_ signal: Int32) {
        Glibc.signal(signal, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}

/// Turns termination signals into a callback on a thread of their own (sigwait), so no code runs in a handler.
enum TerminationSignals {
    static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    static func forward(_ body: @escaping @Sendable (Int32) -> Void) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in handled {
            // An inherited SIG_IGN would discard the signal before sigwait could see it.
            Glibc.signal(signal, SIG_DFL)
            sigaddset(&set, signal)
        }
        // Blocked before any other thread starts, so every thread inherits the mask and only sigwait sees them.
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let waited = set
        OSThread.start(name: "syshook-signals") {
            var set = waited
            while true {
                var signal: Int32 = 0
                if sigwait(&set, &signal) == 0 { body(signal) }
            }
        }
    }
}
