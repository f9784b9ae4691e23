import Decoding
import LinuxSystem
import Tracer

/// Decodes each syscall at its entry stop and completes it at its exit stop, per thread: what every printer that
/// wants whole calls (JSON, library events) needs from the tracer's entry and exit events.
final class SyscallTracker {
    struct Completed {
        let syscall: CompletedSyscall
        /// Nanoseconds between the entry and exit stops.
        let duration: UInt64
        /// When the call entered, in seconds since the epoch.
        let wallTime: Double
    }

    let formatter: SyscallFormatter
    private var pending: [ProcessID: (call: PendingSyscall, start: UInt64, wall: Double)] = [:]

    init(formatter: SyscallFormatter) { self.formatter = formatter }

    /// Decodes the entry half while the thread is stopped (pointers are still readable).
    func entered(_ info: SyscallEntryInfo) {
        let invocation = SyscallInvocation(
            pid: info.tid.rawValue, architecture: info.architecture, number: info.number, arguments: info.arguments)
        pending[info.tid] = (formatter.enter(invocation, memory: LiveTraceeMemory(pid: info.tid)),
                             Clock.monotonic(), Clock.wallSeconds())
    }

    /// Decodes the exit half; nil when the entry was not seen.
    func exited(_ info: SyscallEntryInfo, value: Int64?) -> Completed? {
        guard let (call, start, wall) = pending.removeValue(forKey: info.tid) else { return nil }
        let completed = formatter.complete(
            call, outcome: value.map { .returned($0) } ?? .unknown, injected: info.injected,
            memory: LiveTraceeMemory(pid: info.tid))
        return Completed(syscall: completed, duration: Clock.monotonic() - start, wallTime: wall)
    }

    /// Drops what is kept for a thread that is gone.
    func forget(_ tid: ProcessID) { pending[tid] = nil }
}
