/// What a seccomp filter tells the kernel to do with a syscall: the `SECCOMP_RET_*` values of
/// `<linux/seccomp.h>`, with their 16-bit data where they carry one.
public enum SeccompAction: Hashable, Sendable, CustomStringConvertible {
    /// Run the syscall (`SECCOMP_RET_ALLOW`).
    case allow
    /// Do not run it; it returns -1 with this errno (`SECCOMP_RET_ERRNO`). The kernel caps the value at 4095.
    case errno(UInt16)
    /// Stop for a ptrace tracer with `PTRACE_O_TRACESECCOMP`; `data` is what PTRACE_GETEVENTMSG returns
    /// (`SECCOMP_RET_TRACE`). Without a tracer the syscall fails with ENOSYS.
    case trace(UInt16)
    /// Deliver SIGSYS to the thread; `data` appears in `si_errno` (`SECCOMP_RET_TRAP`).
    case trap(UInt16)
    /// Kill the whole process as if by an uncatchable SIGSYS (`SECCOMP_RET_KILL_PROCESS`).
    case killProcess
    /// Kill the calling thread only (`SECCOMP_RET_KILL_THREAD`, value 0).
    case killThread
    /// Log the syscall to the audit log and run it (`SECCOMP_RET_LOG`).
    case log
    /// Ask the user-space supervisor holding the listener descriptor (`SECCOMP_RET_USER_NOTIF`).
    case userNotification

    /// `SECCOMP_RET_ACTION_FULL`: the bits that select the action.
    public static let actionMask: UInt32 = 0xFFFF_0000
    /// `SECCOMP_RET_DATA`: the bits an action carries as data.
    public static let dataMask: UInt32 = 0x0000_FFFF

    /// The 32-bit value a filter returns.
    public var rawValue: UInt32 {
        switch self {
        case .killProcess: 0x8000_0000
        case .killThread: 0x0000_0000
        case .trap(let data): 0x0003_0000 | UInt32(data)
        case .errno(let code): 0x0005_0000 | UInt32(code)
        case .userNotification: 0x7FC0_0000
        case .trace(let data): 0x7FF0_0000 | UInt32(data)
        case .log: 0x7FFC_0000
        case .allow: 0x7FFF_0000
        }
    }

    /// Decodes a filter's return value as the kernel does: the data bits are ignored where the action carries
    /// none, and a value with an unknown action kills the process (`seccomp_run_filters`' default case).
    public init(rawValue: UInt32) {
        let data = UInt16(truncatingIfNeeded: rawValue & Self.dataMask)
        switch rawValue & Self.actionMask {
        case 0x0000_0000: self = .killThread
        case 0x0003_0000: self = .trap(data)
        case 0x0005_0000: self = .errno(data)
        case 0x7FC0_0000: self = .userNotification
        case 0x7FF0_0000: self = .trace(data)
        case 0x7FFC_0000: self = .log
        case 0x7FFF_0000: self = .allow
        default: self = .killProcess
        }
    }

    /// Whether the kernel lets `self` win over `other` when several filters are stacked.
    ///
    /// The kernel keeps the result whose action, read as a signed 32-bit number, is lowest (kill process, kill
    /// thread, trap, errno, user notification, trace, log, allow); among equal actions the first filter to
    /// return it, i.e. the most recently installed one, wins.
    public func takesPrecedence(over other: SeccompAction) -> Bool {
        Int32(bitPattern: rawValue & Self.actionMask) < Int32(bitPattern: other.rawValue & Self.actionMask)
    }

    /// The more restrictive of two actions, in the kernel's precedence; `self` on a tie.
    public func mostRestrictive(_ other: SeccompAction) -> SeccompAction {
        other.takesPrecedence(over: self) ? other : self
    }

    /// The spelling the disassembler and `--dump-filter` use, as libseccomp and seccomp-tools write it.
    public var description: String {
        switch self {
        case .allow: "ALLOW"
        case .errno(let code): "ERRNO(\(code))"
        case .trace(let data): "TRACE(\(data))"
        case .trap(let data): "TRAP(\(data))"
        case .killProcess: "KILL_PROCESS"
        case .killThread: "KILL_THREAD"
        case .log: "LOG"
        case .userNotification: "USER_NOTIF"
        }
    }
}
