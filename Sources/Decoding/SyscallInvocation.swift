public import SyscallTables

/// What the tracer (or the eBPF engine) saw at syscall entry.
public struct SyscallInvocation: Sendable, Hashable {
    /// Thread id of the caller, used for `-y` look-ups in /proc/PID/fd.
    public var pid: Int32
    public var architecture: Architecture
    public var number: Int
    /// Always six values; a syscall with fewer parameters leaves garbage in the rest.
    public var arguments: [UInt64]
    /// The caller's stack pointer when known (PTRACE_GET_SYSCALL_INFO gives it); rt_sigreturn reads the signal
    /// frame there to print the mask it restores.
    public var stackPointer: UInt64?

    public init(pid: Int32, architecture: Architecture, number: Int, arguments: [UInt64]) {
        self.pid = pid
        self.architecture = architecture
        self.number = number
        var padded = Array(arguments.prefix(6))
        while padded.count < 6 { padded.append(0) }
        self.arguments = padded
    }
}

/// How a syscall ended.
public enum SyscallOutcome: Sendable, Hashable {
    /// The raw kernel return value: -4095...-1 means -errno.
    case returned(Int64)
    /// The process vanished or called exit_group: strace prints `= ?`.
    case unknown

    /// The errno when the raw value is in the kernel's error range, else nil.
    public var errno: Int32? {
        if case .returned(let value) = self, value < 0, value >= -4095 { return Int32(-value) }
        return nil
    }
}
