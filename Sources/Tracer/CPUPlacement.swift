import LinuxSystem

/// Keeps the tracer on one CPU so that a stop hands over to a CPU that is awake.
///
/// On this VM a ptrace stop costs 5–8× more when tracer and tracee wake each other across CPUs (an idle vCPU
/// halts and must be woken). Pinning only the tracer thread leaves the tracee's own affinity untouched (a traced
/// `nproc` still sees every CPU), and the scheduler's wake-affine logic then keeps a single-threaded tracee next
/// to it. The measurements behind this choice are in Benchmarks/README.md.
struct CPUPlacement {
    let enabled: Bool
    private(set) var pinnedCPU: Int32?

    init(enabled: Bool) { self.enabled = enabled }

    mutating func pinTracer() {
        guard enabled, pinnedCPU == nil else { return }
        let cpu = Affinity.currentCPU
        if cpu >= 0, Affinity.pin(ProcessID(0), to: cpu) { pinnedCPU = cpu }
    }

    /// Called when threads come or go. A tracee with several threads needs every CPU for itself, and the tracer
    /// then stays out of its way.
    mutating func threadsChanged(_ threads: [ProcessID: TracedThread]) {
        guard enabled else { return }
        var perGroup: [ProcessID: Int] = [:]
        for thread in threads.values { perGroup[thread.tgid, default: 0] += 1 }
        let multiThreaded = perGroup.values.contains { $0 > 1 }
        if multiThreaded, pinnedCPU != nil {
            Affinity.unpin(ProcessID(0))
            pinnedCPU = nil
        } else if !multiThreaded, pinnedCPU == nil, !threads.isEmpty {
            pinTracer()
        }
    }

    mutating func release(threads: [ProcessID]) {
        if pinnedCPU != nil { Affinity.unpin(ProcessID(0)) }
        pinnedCPU = nil
    }
}
