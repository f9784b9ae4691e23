public import LinuxSystem
public import SyscallTables

/// A syscall as the tracer saw it at entry.
public struct SyscallEntryInfo: Sendable, Equatable {
    public var tid: ProcessID
    public var architecture: Architecture
    /// Syscall number in `architecture`'s table (x32 numbers keep their high bit).
    public var number: Int
    public var arguments: [UInt64]
    /// True when the stop came from the seccomp filter (`SECCOMP_RET_TRACE`), false for a plain syscall stop.
    public var viaSeccomp: Bool
    /// For `restart_syscall`: the number of the call it resumes, when known (strace 7.x prints
    /// `restart_syscall(<... resuming interrupted clock_nanosleep ...>)`).
    public var resumedNumber: Int? = nil
    /// The call's result was forced by tampering (strace prints ` (INJECTED)`).
    public var injected = false

    public init(tid: ProcessID, architecture: Architecture, number: Int, arguments: [UInt64], viaSeccomp: Bool) {
        self.tid = tid
        self.architecture = architecture
        self.number = number
        self.arguments = arguments
        self.viaSeccomp = viaSeccomp
    }
}

/// How a new tracee came to be.
public enum CreationKind: String, Sendable {
    case fork, vfork, clone
}

/// Everything the engine reports. Handlers run on the ptrace thread while the tracee is still stopped, so they
/// may read its memory (`ProcessMemory(pid: tid)`).
public enum TraceEvent: Sendable {
    /// The command the engine started is traced and about to exec.
    case started(tid: ProcessID)
    /// A tracee was attached with `-p` (`threads` counts the threads seized with it).
    case attached(tid: ProcessID, threads: Int)
    /// A followed fork, vfork or clone produced `child`, reported as soon as the engine learns of it: from the
    /// parent's event stop, or from the child's first stop when that comes first (then `parent` and `kind` are
    /// not known yet).
    case created(parent: ProcessID?, child: ProcessID, kind: CreationKind?)
    case syscallEntry(SyscallEntryInfo)
    /// The syscall `entry` returned `value` (raw: -errno on failure). `value` is nil when the thread vanished
    /// during the call (exit, exit_group, or a successful execve in another thread): strace prints `= ?`.
    case syscallExit(entry: SyscallEntryInfo, value: Int64?)
    /// A signal is about to be delivered to `tid`; `siginfo` holds the raw 128-byte `siginfo_t`.
    case signal(tid: ProcessID, signal: Int32, siginfo: [UInt8])
    /// `tid` stopped for job control (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU).
    case groupStop(tid: ProcessID, signal: Int32)
    /// `tid` completed an execve; `formerTid` differs when a non-leader thread exec'd (its id becomes the leader's).
    case exec(tid: ProcessID, formerTid: ProcessID)
    case exited(tid: ProcessID, code: Int32)
    case killed(tid: ProcessID, signal: Int32, coreDumped: Bool)
    /// The tracer let go of `tid`, which keeps running; `inSyscall` when it was inside a traced syscall.
    case detached(tid: ProcessID, inSyscall: SyscallEntryInfo?)
}

extension TraceEvent {
    /// The thread the event is about (the child for `created`).
    public var tid: ProcessID? {
        switch self {
        case .started(let tid), .attached(let tid, _), .signal(let tid, _, _), .groupStop(let tid, _),
             .exec(let tid, _), .exited(let tid, _), .killed(let tid, _, _), .detached(let tid, _):
            tid
        case .created(_, let child, _): child
        case .syscallEntry(let entry), .syscallExit(let entry, _): entry.tid
        }
    }
}
