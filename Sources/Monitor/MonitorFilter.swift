/// What the kernel-side programs let through. Every check runs in the kernel, before anything is copied.
public struct MonitorFilter: Sendable, Hashable {
    /// Syscall numbers to report; nil reports all.
    public var syscalls: Set<Int>?
    /// Only this process (thread group id).
    public var processID: Int32?
    /// Only tasks whose `comm` is exactly this (at most 15 bytes, as the kernel keeps it).
    public var command: String?
    /// Only this real user id.
    public var userID: UInt32?
    /// Only tasks in this cgroup v2 (its id is the inode number of the cgroup directory).
    public var cgroupID: UInt64?
    /// A process never reported (the watcher itself, so its own reads and writes do not feed back).
    public var excludedProcessID: Int32?

    public init(
        syscalls: Set<Int>? = nil, processID: Int32? = nil, command: String? = nil, userID: UInt32? = nil,
        cgroupID: UInt64? = nil, excludedProcessID: Int32? = nil
    ) {
        self.syscalls = syscalls
        self.processID = processID
        self.command = command
        self.userID = userID
        self.cgroupID = cgroupID
        self.excludedProcessID = excludedProcessID
    }
}
