/// Who did something: the task as the kernel saw it when the event was recorded.
public struct MonitoredProcess: Sendable, Hashable {
    /// Thread group id (what user space calls the pid).
    public var pid: Int32
    /// Thread id.
    public var tid: Int32
    /// `real_parent->tgid`.
    public var ppid: Int32
    public var uid: UInt32
    public var gid: UInt32
    /// The task's command name (`comm`, at most 15 bytes).
    public var command: String
    /// The cgroup v2 id (the inode number of its directory under /sys/fs/cgroup).
    public var cgroupID: UInt64
}

/// A string the kernel copied from the traced process.
public struct CapturedString: Sendable, Hashable {
    /// The bytes, without the terminating NUL.
    public var bytes: [UInt8]
    /// True when the string filled the capture buffer (it may go on).
    public var truncated: Bool
}

/// One completed system call.
public struct SyscallEvent: Sendable, Hashable {
    public var process: MonitoredProcess
    public var number: Int
    /// The syscall's name in the native table, nil for numbers it does not know.
    public var name: String?
    /// The six raw argument registers at entry.
    public var arguments: [UInt64]
    /// Strings copied at entry (or at exit when the entry copy faulted), by argument index.
    public var strings: [Int: CapturedString]
    /// The raw return value (negative errno on failure).
    public var returnValue: Int64
    /// `CLOCK_MONOTONIC` nanoseconds at entry and the time spent in the kernel.
    public var entryTime: UInt64
    public var duration: UInt64
}

/// A process replaced its image (`sched_process_exec`).
public struct ExecEvent: Sendable, Hashable {
    public var process: MonitoredProcess
    public var time: UInt64
    /// The path exec opened (`bprm->filename`).
    public var filename: String
    /// argv of the new image (up to 512 bytes of it).
    public var arguments: [String]
    /// The thread id before exec (differs when a non-leader thread called execve).
    public var oldPID: Int32
}

/// A task was created (`sched_process_fork`); `process` is the parent.
public struct ForkEvent: Sendable, Hashable {
    public var process: MonitoredProcess
    public var time: UInt64
    public var childPID: Int32
    public var childTID: Int32
}

/// A process ended (`sched_process_exit` of its leader).
public struct ExitEvent: Sendable, Hashable {
    public var process: MonitoredProcess
    public var time: UInt64
    /// The wait status: exit code in bits 8–15, or the terminating signal in bits 0–6.
    public var status: UInt32
    /// The exit code when it exited normally.
    public var exitCode: Int32? { status & 0x7F == 0 ? Int32((status >> 8) & 0xFF) : nil }
    /// The signal that killed it, if any.
    public var signal: Int32? { status & 0x7F != 0 ? Int32(status & 0x7F) : nil }
}

/// Everything the monitor reports.
public enum MonitorEvent: Sendable, Hashable {
    case syscall(SyscallEvent)
    case exec(ExecEvent)
    case fork(ForkEvent)
    case exit(ExitEvent)

    public var process: MonitoredProcess {
        switch self {
        case .syscall(let event): event.process
        case .exec(let event): event.process
        case .fork(let event): event.process
        case .exit(let event): event.process
        }
    }
}
