import CSysHook

/// CPU placement of threads. A ptrace stop is several times cheaper when tracer and tracee share a CPU on
/// virtual machines, where waking an idle vCPU costs a VM exit (design decision 10).
public enum Affinity {
    /// Restricts thread `tid` (0 = the caller) to `cpu`. Returns false when the kernel refused.
    @discardableResult
    public static func pin(_ tid: ProcessID, to cpu: Int32) -> Bool { sh_pin_to_cpu(tid.rawValue, cpu) == 0 }

    /// Lets thread `tid` run on every CPU again.
    @discardableResult
    public static func unpin(_ tid: ProcessID) -> Bool { sh_unpin(tid.rawValue) == 0 }

    /// The CPU the calling thread runs on now.
    public static var currentCPU: Int32 { sh_current_cpu() }
}
