import LinuxSystem

/// What the engine knows about one traced thread.
struct TracedThread: Sendable {
    enum Phase: Sendable, Equatable {
        /// Waiting for the first stop: a spawned child after seize, a new child, or an attached thread.
        case starting
        /// Running normally.
        case running
        /// Held in a job-control stop with PTRACE_LISTEN.
        case groupStopped
    }

    var tgid: ProcessID
    var phase: Phase = .starting
    /// The syscall this thread is inside, when its entry was seen.
    var currentSyscall: SyscallEntryInfo?
    /// The spawned command's startup SIGCONT (sent to end its self-stop) must not be reported.
    var swallowStartupContinue = false
    /// The syscall a signal or an attach interrupted with a restart, which `restart_syscall` will resume.
    var interruptedNumber: Int?
    /// What tampering changed at this thread's current syscall entry, to finish at its exit.
    var tamper: PendingTamper?

    init(tgid: ProcessID) { self.tgid = tgid }
}
