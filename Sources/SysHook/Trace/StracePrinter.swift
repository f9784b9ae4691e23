import Decoding
import LinuxSystem
public import Tracer

/// Prints tracer events in strace's format: pid prefixes, `<unfinished ...>` / `<... NAME resumed>` interleaving,
/// signal and exit lines, timestamps and syscall times.
///
/// strace decides the pid prefix per line: `%-5d ` when writing to a file while following, `[pid %5u] ` on a
/// shared stream while more than one tracee is alive, nothing otherwise.
public final class StracePrinter {
    let options: TraceOutputOptions
    let formatter: SyscallFormatter
    /// The shared output; with `-ff` the output of the thread being printed.
    private(set) var output: OutputSink
    private let sharedOutput: OutputSink
    /// `-ff -o FILE`: each thread's lines go to FILE.TID.
    private let separateFilesBase: String?
    private var separateFiles: [ProcessID: OutputSink] = [:]
    /// Where "Process N attached" messages go (stderr), flushed in order with `output` when they share a stream.
    let messages: OutputSink

    private struct Pending {
        var syscall: PendingSyscall
        var startedAt: UInt64
        /// The entry text was printed and then cut off by another line.
        var unfinished = false
        /// The entry text was written (eager printing); false when it waits for the result (status filtering).
        var printed = false
    }

    private var pending: [ProcessID: Pending] = [:]
    /// The thread whose line is open (its entry text printed, its result not yet).
    private var openLine: ProcessID?
    private var openColumn = 0
    private var liveThreads: Set<ProcessID> = []
    private var lastLineTime: UInt64 = 0

    public init(options: TraceOutputOptions, output: OutputSink, messages: OutputSink, separateFiles: String? = nil) {
        self.options = options
        self.formatter = SyscallFormatter(options: options.format)
        self.output = output
        self.sharedOutput = output
        self.separateFilesBase = separateFiles
        self.messages = messages
        self.lastLineTime = Clock.monotonic()
    }

    /// Prints what `event` means in strace's format (some events only update the pid bookkeeping).
    public func handle(_ event: TraceEvent) {
        if let base = separateFilesBase { selectFile(for: event, base: base) }
        switch event {
        case .started(let tid):
            liveThreads.insert(tid)
        case .attached(let tid, let threads):
            liveThreads.insert(tid)
            if options.quiet == 0 {
                message(threads > 1 ? "Process \(tid) attached with \(threads) threads" : "Process \(tid) attached")
            }
        case .created(_, let child, _):
            liveThreads.insert(child)
            if options.quiet == 0 && options.following { message("Process \(child) attached") }
        case .syscallEntry(let info):
            liveThreads.insert(info.tid)
            enter(info)
        case .syscallExit(let info, let value):
            exit(info, value: value)
        case .signal(let tid, let signal, let siginfo):
            guard options.signals?.contains(signal) ?? true else { return }
            line(tid, "--- " + formatter.signalText(signal: signal, siginfo: siginfo) + " ---")
        case .groupStop(let tid, let signal):
            line(tid, "--- stopped by " + (SignalTable.name(signal) ?? String(signal)) + " ---")
        case .exec(let tid, let former) where former != tid:
            // A non-leader thread exec'd and took the leader's id (strace: "<pid changed to N ...>").
            if openLine == former {
                output.write(" <pid changed to \(tid) ...>\n")
                openLine = nil
                pending[former]?.unfinished = true
            } else {
                closeOpenLine()
            }
            pending[tid] = pending.removeValue(forKey: former)
            liveThreads.remove(former)
            line(tid, "+++ superseded by execve in pid \(former) +++")
        case .exec:
            break
        case .exited(let tid, let code):
            if options.quiet < 2 { line(tid, "+++ exited with \(code) +++") }
            gone(tid)
        case .killed(let tid, let signal, let core):
            line(tid, "+++ killed by " + (SignalTable.name(signal) ?? String(signal)) + (core ? " (core dumped)" : "") + " +++")
            gone(tid)
        case .detached(let tid, _):
            if openLine == tid {
                output.write(" <detached ...>\n")
                openLine = nil
            }
            pending[tid] = nil
            if options.quiet == 0 { message("Process \(tid) detached") }
            gone(tid)
        }
    }

    public func flush() {
        output.flush()
        for file in separateFiles.values { file.flush() }
    }

    /// With `-ff`, lines of one thread never interleave with another's, so each file has its own open line.
    private func selectFile(for event: TraceEvent, base: String) {
        let owner = event.tid
        guard let owner else { return }
        if let file = separateFiles[owner] {
            output = file
        } else if let file = OutputSink(path: base + "." + String(owner.rawValue)) {
            separateFiles[owner] = file
            output = file
        } else {
            output = sharedOutput
        }
    }

    // MARK: - Syscall lines

    private func enter(_ info: SyscallEntryInfo) {
        let invocation = SyscallInvocation(
            pid: info.tid.rawValue, architecture: info.architecture, number: info.number, arguments: info.arguments)
        let decoded = formatter.enter(invocation, memory: LiveTraceeMemory(pid: info.tid))
        var state = Pending(syscall: decoded, startedAt: Clock.monotonic())
        if options.statuses == .all {
            closeOpenLine()
            let head = prefix(info.tid) + entryText(decoded, resuming: info.resumedNumber)
            output.write(head)
            openLine = info.tid
            openColumn = head.utf8.count
            state.printed = true
        }
        pending[info.tid] = state
    }

    private func exit(_ info: SyscallEntryInfo, value: Int64?) {
        guard let state = pending.removeValue(forKey: info.tid) else { return }
        let outcome: SyscallOutcome = value.map { .returned($0) } ?? .unknown
        var tail = ""
        let column: Int
        if state.printed && openLine == info.tid {
            column = openColumn
        } else {
            closeOpenLine()
            guard wanted(outcome) else { return }
            if state.printed || state.unfinished {
                tail = prefix(info.tid) + "<... " + state.syscall.name + " resumed>"
            } else {
                tail = prefix(info.tid) + entryText(state.syscall, resuming: info.resumedNumber)
            }
            column = tail.utf8.count
        }
        let memory = LiveTraceeMemory(pid: info.tid)
        tail += formatter.exitText(state.syscall, outcome: outcome, injected: info.injected, memory: memory, column: column)
        if options.syscallTimes {
            tail += " <" + Clock.seconds(Clock.monotonic() - state.startedAt) + ">"
        }
        output.write(tail + "\n")
        openLine = nil
    }

    private func entryText(_ syscall: PendingSyscall, resuming: Int?) -> String {
        if syscall.name == "restart_syscall" {
            let table = SyscallTable.forArchitecture(syscall.invocation.architecture)
            let resumed = resuming.flatMap { table.entry(number: $0)?.name } ?? "system call"
            return "restart_syscall(<... resuming interrupted " + resumed + " ...>"
        }
        return formatter.entryText(syscall)
    }

    private func wanted(_ outcome: SyscallOutcome) -> Bool {
        if options.statuses == .all { return true }
        switch outcome {
        case .unknown: return options.statuses.contains(.unfinished)
        case .returned(let value):
            return options.statuses.contains(value < 0 && value >= -4095 ? .failed : .successful)
        }
    }

    // MARK: - Other lines

    private func line(_ tid: ProcessID, _ text: String) {
        closeOpenLine()
        output.write(prefix(tid) + text + "\n")
    }

    private func closeOpenLine() {
        guard let open = openLine, separateFilesBase == nil else { return }
        output.write(" <unfinished ...>\n")
        pending[open]?.unfinished = true
        openLine = nil
    }

    private func gone(_ tid: ProcessID) {
        liveThreads.remove(tid)
        pending[tid] = nil
    }

    private func message(_ text: String) {
        if messages.fd == output.fd {
            // strace writes its messages to stderr as they happen, in the middle of an open line if need be.
            output.write(options.programName + ": " + text + "\n")
        } else {
            output.flush()
            messages.write(options.programName + ": " + text + "\n")
            messages.flush()
        }
    }

    /// Timestamps and the pid column for a line of `tid`.
    private func prefix(_ tid: ProcessID) -> String {
        var text = ""
        if separateFilesBase != nil {
            // One file per thread: no pid column.
        } else if options.alwaysShowPID {
            let pid = String(tid.rawValue)
            text += pid + String(repeating: " ", count: max(1, 6 - pid.count))
        } else if liveThreads.count > 1 {
            let pid = String(tid.rawValue)
            text += "[pid " + String(repeating: " ", count: max(0, 5 - pid.count)) + pid + "] "
        }
        if options.relativeTimestamps {
            let now = Clock.monotonic()
            let delta = Clock.seconds(now - lastLineTime)
            lastLineTime = now
            text += String(repeating: " ", count: max(0, 13 - delta.count)) + delta + " "
        } else if options.timestamps != .none {
            text += Clock.format(Clock.wall(), style: options.timestamps) + " "
        }
        return text
    }
}
