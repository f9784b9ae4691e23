public import LinuxSystem
import Synchronization
import SyscallTables
import SystemPackage

/// Runs a program under a seccomp filter that hands selected syscalls to this process
/// (`SECCOMP_RET_USER_NOTIF`), and delivers them as `SyscallNotification`s to answer.
///
/// ```swift
/// let supervisor = try NotifySupervisor.launch(["/usr/bin/id", "-u"], notifying: ["getuid", "geteuid"])
/// for await call in supervisor.notifications {
///     try call.respond(.return(0))   // id -u prints 0
/// }
/// let outcome = await supervisor.outcome()
/// ```
/// or, with decisions made concurrently by a handler:
/// ```swift
/// let outcome = try await NotifySupervisor.run(["/usr/bin/id", "-u"], notifying: ["getuid"]) { _ in .return(0) }
/// ```
///
/// One dedicated thread owns the receive loop (a blocking `poll` plus `SECCOMP_IOCTL_NOTIF_RECV`); answers can
/// come from any task, in any order.
///
/// ## Limits (seccomp_unotify(2))
/// - `.continue` is not a security boundary: pointer arguments are read again by the kernel when the call runs,
///   after the supervisor looked at them.
/// - The supervisor cannot change arguments, only answer in place of the kernel or let the call run.
/// - If the supervisor stops, exits or crashes, every pending and later notified call fails with `ENOSYS`; the
///   target is never left hanging.
/// - A signal interrupts a waiting call; if the call restarts, it arrives again with a new id.
public final class NotifySupervisor: Sendable {
    /// The supervised program's process id.
    public let process: ProcessID
    /// Every notified syscall of the program and its descendants, in arrival order. The stream ends when no
    /// process uses the filter any more or `stop()` was called.
    public let notifications: AsyncStream<SyscallNotification>
    private let listener: SeccompListener
    private let exit: ExitLatch

    /// How the supervised program ended.
    public enum Outcome: Sendable, Equatable {
        case exited(code: Int32)
        case killed(signal: Int32)
        /// It never ran: installing the filter or `execve` failed in the child.
        case failedToStart(SpawnFailure)

        /// The exit status a shell would report: the code, 128 + signal, or 127 when it never ran.
        public var shellStatus: Int32 {
            switch self {
            case .exited(let code): code
            case .killed(let signal): 128 + signal
            case .failedToStart: 127
            }
        }
    }

    /// Starts `command` (argv, the first element found in `PATH` as execvp does) with `filter` installed just
    /// before `execve`, and starts receiving its notifications.
    ///
    /// The receive loop is running before this returns, so an `execve` the filter notifies is delivered like any
    /// other call: answer it (usually `.continue`) or the program never starts.
    /// - Parameters:
    ///   - filter: the encoded `struct sock_filter` array; it must return `SECCOMP_RET_USER_NOTIF` for the calls to
    ///     supervise.
    ///   - environment: `NAME=value` strings; nil passes this process's environment.
    ///   - decideInline: answers calls on the receiving thread itself, before they reach `notifications`;
    ///     return nil to pass a call on. This saves two thread hand-overs per call (the fast path of
    ///     `syshook supervise`), but it must not block: every other notification waits for it.
    /// - Throws: `NotifyError` with code `.spawn` when the command is not found, fork fails, or the child
    ///   could not install the filter.
    public static func launch(
        _ command: [String], filter: [UInt8], environment: [String]? = nil,
        decideInline: (@Sendable (SyscallNotification) -> NotifyDecision?)? = nil
    ) throws(NotifyError) -> NotifySupervisor {
        guard let name = command.first else { throw NotifyError(.spawn, message: "no command to run") }
        let environment = environment ?? NotifySpawner.currentEnvironment
        let searchPath = environment.first { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) }
        let executable: String
        do throws(Errno) {
            executable = try Spawner.resolve(name, path: searchPath)
        } catch {
            throw NotifyError(.spawn, underlying: error, message: "cannot run '\(name)'")
        }
        let spawned: SpawnedSupervisedProcess
        do {
            spawned = try NotifySpawner.spawn(
                SpawnRequest(executable: executable, arguments: command, environment: environment), filter: filter)
        } catch let error as SpawnFailure {
            throw NotifyError(.spawn, underlying: error.error, message: "cannot start '\(name)': \(error)")
        } catch {
            throw NotifyError(.spawn, underlying: error as? Errno, message: "cannot start '\(name)'")
        }
        return NotifySupervisor(spawned, decideInline: decideInline)
    }

    /// Starts `command` with a filter that notifies the syscalls named in `syscalls` (names of the native table)
    /// and allows all others.
    /// - Throws: `NotifyError` with code `.spawn` for an unknown name, or as `launch(_:filter:environment:)`.
    public static func launch(
        _ command: [String], notifying syscalls: [String], environment: [String]? = nil,
        decideInline: (@Sendable (SyscallNotification) -> NotifyDecision?)? = nil
    ) throws(NotifyError) -> NotifySupervisor {
        try launch(command, filter: notifyFilter(for: syscalls), environment: environment, decideInline: decideInline)
    }

    /// Runs `command` to its end, answering each notification with what `decide` returns. Decisions run
    /// concurrently, one task per notification.
    public static func run(
        _ command: [String], filter: [UInt8], environment: [String]? = nil,
        decide: @escaping @Sendable (SyscallNotification) async -> NotifyDecision
    ) async throws(NotifyError) -> Outcome {
        let supervisor = try launch(command, filter: filter, environment: environment)
        await supervisor.answerAll(with: decide)
        return await supervisor.outcome()
    }

    /// `run` with a filter that notifies `syscalls` and allows all others.
    public static func run(
        _ command: [String], notifying syscalls: [String], environment: [String]? = nil,
        decide: @escaping @Sendable (SyscallNotification) async -> NotifyDecision
    ) async throws(NotifyError) -> Outcome {
        try await run(command, filter: notifyFilter(for: syscalls), environment: environment, decide: decide)
    }

    /// Answers every notification until the stream ends, one task per notification. A decision that cannot be
    /// delivered because the caller is gone is dropped; one the kernel refuses (for example `EMFILE` while
    /// installing a descriptor) becomes a failure with that errno, so the caller does not wait forever.
    public func answerAll(with decide: @escaping @Sendable (SyscallNotification) async -> NotifyDecision) async {
        await withDiscardingTaskGroup { group in
            for await notification in notifications {
                group.addTask { Self.respondOrFail(notification, await decide(notification)) }
            }
        }
    }

    /// Delivers `decision`; if the kernel refuses it (not because the caller is gone), fails the call with the
    /// kernel's errno so the caller does not wait forever.
    private static func respondOrFail(_ notification: SyscallNotification, _ decision: NotifyDecision) {
        do throws(NotifyError) {
            try notification.respond(decision)
        } catch where error.code == .kernel {
            try? notification.respond(.fail(error.underlying ?? .ioError))
        } catch {}
    }

    /// Waits until the program has ended (it was reaped) and returns how.
    public func outcome() async -> Outcome {
        await exit.value()
    }

    /// Stops supervising: the listener is closed, so the program's pending and later notified calls fail with
    /// `ENOSYS`, and `notifications` ends. The program itself keeps running.
    ///
    /// The kernel acts when the last copy of the listener closes. A child this process forks at the same moment
    /// holds a copy until it calls execve (the descriptor is close-on-exec), which can delay the release briefly.
    public func stop() {
        listener.requestStop()
    }

    private init(
        _ spawned: consuming SpawnedSupervisedProcess,
        decideInline: (@Sendable (SyscallNotification) -> NotifyDecision?)?
    ) {
        process = spawned.pid
        listener = spawned.listener
        exit = ExitLatch()
        let (stream, continuation) = AsyncStream.makeStream(of: SyscallNotification.self)
        notifications = stream
        let listener = self.listener
        if let first = spawned.firstNotification {
            let notification = SyscallNotification(first, listener: listener)
            if let decide = decideInline, let decision = decide(notification) {
                Self.respondOrFail(notification, decision)
            } else {
                continuation.yield(notification)
            }
        }
        // Started before anything waits for the child: its execve may be the first notified call.
        OSThread.start(name: "seccomp-notify") {
            Self.receiveLoop(listener, decideInline: decideInline, into: continuation)
        }
        let pid = process
        let exit = self.exit
        let handover = Mutex<SpawnedSupervisedProcess?>(spawned)
        OSThread.start(name: "seccomp-wait") {
            guard let spawned = handover.withLock({ $0.take() }) else { return }
            exit.resolve(Self.waitForEnd(of: pid, spawned))
        }
    }

    private static func receiveLoop(
        _ listener: SeccompListener, decideInline: (@Sendable (SyscallNotification) -> NotifyDecision?)?,
        into continuation: AsyncStream<SyscallNotification>.Continuation
    ) {
        defer {
            listener.close()
            continuation.finish()
        }
        while true {
            let event: SeccompListener.Event
            do throws(Errno) { event = try listener.waitForEvent() } catch { return }
            guard event == .notification else { return }
            do throws(Errno) {
                let notification = SyscallNotification(try listener.receive(), listener: listener)
                if let decide = decideInline, let decision = decide(notification) {
                    respondOrFail(notification, decision)
                } else {
                    continuation.yield(notification)
                }
            } catch .noSuchFileOrDirectory {
                continue  // the caller was killed between poll and receive
            } catch {
                return
            }
        }
    }

    private static func waitForEnd(of pid: ProcessID, _ spawned: consuming SpawnedSupervisedProcess) -> Outcome {
        let failure = spawned.waitUntilExecuted()
        while true {
            do throws(Errno) {
                guard let (_, status) = try Wait.wait(pid, options: []) else { continue }
                if let failure { return .failedToStart(failure) }
                switch status {
                case .exited(let code): return .exited(code: code)
                case .killed(let signal, _): return .killed(signal: signal)
                case .stopped, .continued: continue
                }
            } catch {
                return failure.map { .failedToStart($0) } ?? .exited(code: -1)
            }
        }
    }

    /// A filter that notifies `syscalls` (names in the native table) and allows everything else; other
    /// architectures' calls kill the process, since their numbers mean other syscalls.
    static func notifyFilter(for syscalls: [String]) throws(NotifyError) -> [UInt8] {
        let table = SyscallTable.native
        var actions: [Int: SeccompAction] = [:]
        for name in syscalls {
            guard let entry = table.entry(named: name) else {
                throw NotifyError(.spawn, message: "unknown syscall '\(name)' on \(table.architecture)")
            }
            actions[entry.number] = .userNotification
        }
        let specification = FilterSpecification(
            defaultAction: .allow, actions: [table.architecture: actions], unknownArchitectureAction: .killProcess)
        do throws(FilterCompilerError) {
            return try FilterCompiler.compile(specification).encoded
        } catch {
            throw NotifyError(.spawn, message: "cannot compile the filter: \(error)")
        }
    }
}

/// A value computed once on one thread and awaited by any number of tasks.
private final class ExitLatch: Sendable {
    private struct State: ~Copyable {
        var value: NotifySupervisor.Outcome?
        var waiters: [CheckedContinuation<NotifySupervisor.Outcome, Never>] = []
    }
    private let state = Mutex(State())

    func resolve(_ value: NotifySupervisor.Outcome) {
        let waiters = state.withLock { state in
            state.value = value
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: value) }
    }

    func value() async -> NotifySupervisor.Outcome {
        await withCheckedContinuation { continuation in
            let ready: NotifySupervisor.Outcome? = state.withLock { state in
                if let value = state.value { return value }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
