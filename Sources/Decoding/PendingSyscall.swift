/// A syscall decoded at entry, waiting for its exit. Opaque to the tracer apart from its name and invocation.
public struct PendingSyscall: Sendable {
    public let invocation: SyscallInvocation
    /// The name as strace prints it (`syscall_0x1c5` for unknown numbers).
    public let name: String
    /// The arguments decoded at entry, in order.
    public let entryArguments: [DecodedArgument]
    let decoder: SyscallDecoder
    let saved: [UInt64]
}

/// A finished syscall: every argument decoded, and its result. What JSON output and library events carry.
public struct CompletedSyscall: Sendable {
    public let invocation: SyscallInvocation
    public let name: String
    /// All decoded arguments: those known at entry followed by those filled in by the call.
    public let arguments: [DecodedArgument]
    /// How many of `arguments` were printed at entry.
    public let entryArgumentCount: Int
    public let outcome: SyscallOutcome
    public let result: DecodedResult
    /// The result was forced by tampering (`inject`).
    public let injected: Bool
}

/// The return value of a syscall, decoded.
public enum DecodedResult: Sendable, Hashable {
    /// Success: the value, and an annotation strace prints in parentheses after it (`(flags O_RDWR)`).
    case value(DecodedValue, annotation: DecodedValue?)
    /// Failure with an errno: its name and message when known. `restart` marks the kernel-internal restart errnos
    /// (ERESTARTSYS…) that strace prints as `= ? NAME (message)`.
    case error(errno: Int32, name: String?, message: String?, restart: Bool)
    /// No return value: the process vanished or the call does not return (`= ?`).
    case unknown
}
