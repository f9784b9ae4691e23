import LinuxSystem
import Synchronization

/// A thread-safe handle to a running engine: ask it to detach from every tracee and stop.
public final class TraceControl: Sendable {
    private struct State {
        var detachRequested = false
        var killSpawned: Int32 = 0
        var engineThread: ProcessID?
    }
    private let state = Mutex(State())

    public init() {}

    /// Detaches from every tracee, leaving them running, and ends the engine's loop. When `signal` is non-zero
    /// it is sent first to the command the engine started (strace sends the fatal signal it got to its child).
    public func requestDetach(signalToSpawned signal: Int32 = 0) {
        let thread = state.withLock { state -> ProcessID? in
            state.detachRequested = true
            state.killSpawned = signal
            return state.engineThread
        }
        if let thread { WakeSignal.wake(thread) }
    }

    var detachRequested: Bool { state.withLock { $0.detachRequested } }
    var signalForSpawned: Int32 { state.withLock { $0.killSpawned } }

    func engineStarted(on thread: ProcessID) {
        let pending = state.withLock { state -> Bool in
            state.engineThread = thread
            return state.detachRequested
        }
        if pending { WakeSignal.wake(thread) }
    }
}
