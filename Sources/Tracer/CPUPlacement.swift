import LinuxSystem

/// Keeps tracer and tracee on one CPU while a single tracee thread is alive, so that a stop hands over to a
/// CPU that is awake.
///
/// On this VM a ptrace stop costs several times more when tracer and tracee wake each other across CPUs (an idle
/// vCPU halts and must be woken). Measured with Benchmarks/trace.sh (20,000 traced getuid): pinning only the
/// tracer gained little (34 → 32 µs per call) because the tracee still woke on the other CPU; pinning both is what
/// strace under `taskset` and the minimal C loop show (22 and 19 µs). As soon as a second tracee thread exists,
/// every tracee gets all CPUs back, so threads and parallel children still run in parallel; when one thread is
/// left, it is pinned again. While pinned, the tracee sees a one-CPU affinity mask (`nproc` prints 1):
/// `--no-pin` turns this off.
struct CPUPlacement {
    let enabled: Bool
    private(set) var pinnedCPU: Int32?
    /// The tracee pinned beside the tracer, if any.
    private var pinnedTracee: ProcessID?

    init(enabled: Bool) { self.enabled = enabled }

    /// Pins the tracer to the CPU it runs on and returns that CPU, for the spawned command to start on.
    mutating func pinTracer() -> Int32? {
        guard enabled else { return nil }
        if let pinnedCPU { return pinnedCPU }
        let cpu = Affinity.currentCPU
        if cpu >= 0, Affinity.pin(ProcessID(0), to: cpu) { pinnedCPU = cpu }
        return pinnedCPU
    }

    /// The spawned command starts pinned (through the spawn request) beside the tracer.
    mutating func traceeStartedPinned(_ tid: ProcessID) {
        if pinnedCPU != nil { pinnedTracee = tid }
    }

    /// Called when threads come or go.
    mutating func threadsChanged(_ threads: [ProcessID: TracedThread]) {
        guard enabled else { return }
        if threads.count > 1 {
            guard pinnedCPU != nil || pinnedTracee != nil else { return }
            for tid in threads.keys { Affinity.unpin(tid) }
            Affinity.unpin(ProcessID(0))
            pinnedCPU = nil
            pinnedTracee = nil
        } else if let only = threads.keys.first, pinnedTracee != only {
            guard let cpu = pinTracer(), Affinity.pin(only, to: cpu) else { return }
            pinnedTracee = only
        }
    }

    /// Gives every remaining tracee (after a detach) and the tracer their CPUs back.
    mutating func release(threads: [ProcessID]) {
        for tid in threads { Affinity.unpin(tid) }
        if let tracee = pinnedTracee { Affinity.unpin(tracee) }
        if pinnedCPU != nil { Affinity.unpin(ProcessID(0)) }
        pinnedCPU = nil
        pinnedTracee = nil
    }
}
