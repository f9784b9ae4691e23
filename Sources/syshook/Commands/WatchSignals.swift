import SysHook
import Synchronization
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

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
