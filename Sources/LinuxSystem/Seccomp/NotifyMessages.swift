public import SystemPackage

/// One syscall a seccomp filter handed to user space with `SECCOMP_RET_USER_NOTIF`; the calling thread sleeps in
/// the kernel until the supervisor replies.
///
/// Mirrors `struct seccomp_notif` and its `struct seccomp_data`.
public struct SeccompNotification: Sendable, Hashable {
    /// The cookie that names this notification in every reply (`seccomp_notif.id`). The kernel never reuses an id
    /// for the same filter while the call is pending, but a process id can be reused as soon as the caller dies:
    /// check `SeccompListener.isValid` after reading the caller's memory.
    public let id: UInt64
    /// The thread that made the call, in the supervisor's pid namespace (0 when it is not visible there).
    public let thread: ProcessID
    /// The syscall number in the numbering of `auditArch`.
    public let syscallNumber: Int32
    /// `AUDIT_ARCH_*` of the calling ABI (x86-64, i386, ...).
    public let auditArch: UInt32
    public let instructionPointer: UInt64
    /// The six raw argument registers; unused ones hold whatever was there.
    public let arguments: [UInt64]

    public init(
        id: UInt64, thread: ProcessID, syscallNumber: Int32, auditArch: UInt32, instructionPointer: UInt64,
        arguments: [UInt64]
    ) {
        self.id = id
        self.thread = thread
        self.syscallNumber = syscallNumber
        self.auditArch = auditArch
        self.instructionPointer = instructionPointer
        self.arguments = arguments
    }
}

/// The supervisor's answer to a notification (`struct seccomp_notif_resp`).
public enum SeccompNotificationReply: Sendable, Hashable {
    /// Let the kernel run the syscall as the caller made it (`SECCOMP_USER_NOTIF_FLAG_CONTINUE`).
    ///
    /// Not a security boundary: the kernel re-reads pointer arguments when the call runs, so another thread of
    /// the target can change a path between the supervisor's check and the call (seccomp_unotify(2), NOTES).
    case `continue`
    /// The call fails with `errno`; the kernel returns -errno.
    case error(Errno)
    /// The call does not run and returns `value`.
    case value(Int64)
}

/// The structure sizes the running kernel uses (`SECCOMP_GET_NOTIF_SIZES`), which may be larger than the ones
/// this program was compiled with; receive buffers are sized from these.
public struct SeccompNotificationSizes: Sendable, Hashable {
    public let notification: Int
    public let response: Int
    public let data: Int
}
