public import Decoding
public import LinuxSystem
import Seccomp
import SyscallTables
import Synchronization
public import Tracer

/// A finished syscall, decoded while its thread was stopped.
public struct TracedSyscall: Sendable {
    public let pid: ProcessID
    public let name: String
    public let number: Int
    /// Arguments and result as a value tree (for JSON or your own printing).
    public let decoded: CompletedSyscall
    /// The line strace would print, without pid prefix.
    public let text: String
    /// Nanoseconds between entry and exit.
    public let duration: UInt64
}

/// What a `TraceSession` reports.
public enum SessionEvent: Sendable {
    case syscall(TracedSyscall)
    case signal(pid: ProcessID, signal: Int32, text: String)
    case created(parent: ProcessID?, child: ProcessID)
    case exec(pid: ProcessID)
    case exited(pid: ProcessID, code: Int32)
    case killed(pid: ProcessID, signal: Int32)
}

/// The tracer as an async API: start or attach, then `for await event in session.events`.
///
/// The engine runs on a thread of its own (the one thread that may make ptrace requests for the tracees);
/// each syscall is decoded there while the tracee is stopped, then delivered to async code.
public final class TraceSession: Sendable {
    public let events: AsyncStream<SessionEvent>
    private let control = TraceControl()
    private let finish: Mutex<(status: WaitStatus?, done: Bool, waiters: [CheckedContinuation<WaitStatus?, Never>])>

    /// Starts `request` traced. `tracing` is an strace `-e trace=` set ("connect", "%network", "@open", "all").
    /// - Throws: `SyscallSetError` for a bad set; start-up failures end `events` and are in `startError`.
    ///
    /// `onEntry`, when given, runs on the ptrace thread at the entry of every selected syscall while the caller is
    /// stopped, and may change the call (`SyscallEdit`: arguments, a replacement string, a forced result).
    public convenience init(
        spawning request: SpawnRequest, tracing: String = "all", followForks: Bool = true,
        format: StraceFormatOptions = StraceFormatOptions(), onEntry: TraceEngine.EntryHook? = nil
    ) throws {
        var configuration = TracerConfiguration(target: .spawn(request))
        configuration.followForks = followForks
        configuration.selection = try Self.selection(tracing)
        self.init(configuration: configuration, format: format, onEntry: onEntry)
    }

    /// Attaches to running processes (every thread of each).
    public convenience init(
        attachingTo pids: [ProcessID], tracing: String = "all", format: StraceFormatOptions = StraceFormatOptions()
    ) throws {
        var configuration = TracerConfiguration(target: .attach(pids))
        configuration.followForks = true
        configuration.selection = try Self.selection(tracing)
        self.init(configuration: configuration, format: format)
    }

    public init(
        configuration: TracerConfiguration, format: StraceFormatOptions = StraceFormatOptions(),
        onEntry: TraceEngine.EntryHook? = nil
    ) {
        let (stream, continuation) = AsyncStream.makeStream(of: SessionEvent.self, bufferingPolicy: .unbounded)
        events = stream
        finish = Mutex((nil, false, []))
        let control = self.control
        OSThread.start(name: "syshook-ptrace") { [self] in
            let engine = TraceEngine(configuration: configuration, control: control)
            engine.entryHook = onEntry
            let decoder = SessionDecoder(
                tracker: SyscallTracker(formatter: SyscallFormatter(options: format)), continuation: continuation)
            let status = try? engine.run { event in decoder.handle(event) }
            continuation.finish()
            let waiters = finish.withLock { state in
                state.status = status ?? nil
                state.done = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: status ?? nil) }
        }
    }

    /// How the started command ended (nil for attached processes or after a detach).
    public var exitStatus: WaitStatus? {
        get async {
            await withCheckedContinuation { continuation in
                let ready = finish.withLock { state -> WaitStatus?? in
                    if state.done { return .some(state.status) }
                    state.waiters.append(continuation)
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }

    /// Lets every tracee go, running.
    public func detach() { control.requestDetach() }

    static func selection(_ text: String) throws -> SyscallSelection {
        if text == "all" { return .all }
        let architectures: [Architecture] = Architecture.native == .x86_64 ? [.x86_64, .i386] : [.native]
        return .only(try SyscallSetExpression.parse(text, architectures: architectures).numbers)
    }
}

/// Decodes engine events on the ptrace thread and yields session events.
private final class SessionDecoder {
    let tracker: SyscallTracker
    let continuation: AsyncStream<SessionEvent>.Continuation

    init(tracker: SyscallTracker, continuation: AsyncStream<SessionEvent>.Continuation) {
        self.tracker = tracker
        self.continuation = continuation
    }

    func handle(_ event: TraceEvent) {
        switch event {
        case .syscallEntry(let info):
            tracker.entered(info)
        case .syscallExit(let info, let value):
            guard let done = tracker.exited(info, value: value) else { return }
            continuation.yield(.syscall(TracedSyscall(
                pid: info.tid, name: done.syscall.name, number: info.number, decoded: done.syscall,
                text: tracker.formatter.line(done.syscall), duration: done.duration)))
        case .signal(let tid, let signal, let siginfo):
            continuation.yield(.signal(
                pid: tid, signal: signal, text: tracker.formatter.signalText(signal: signal, siginfo: siginfo)))
        case .created(let parent, let child, _):
            continuation.yield(.created(parent: parent, child: child))
        case .exec(let tid, _):
            continuation.yield(.exec(pid: tid))
        case .exited(let tid, let code):
            tracker.forget(tid)
            continuation.yield(.exited(pid: tid, code: code))
        case .killed(let tid, let signal, _):
            tracker.forget(tid)
            continuation.yield(.killed(pid: tid, signal: signal))
        case .started, .attached, .groupStop, .detached:
            break
        }
    }
}
