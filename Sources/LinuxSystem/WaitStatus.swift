import CSysHook
public import SystemPackage

/// A decoded `waitpid` status.
public enum WaitStatus: Sendable, Equatable {
    case exited(code: Int32)
    case killed(signal: Int32, coreDumped: Bool)
    /// A ptrace stop: `signal` is WSTOPSIG (SIGTRAP|0x80 for syscall stops with TRACESYSGOOD), `event` the
    /// PTRACE_EVENT_* number or 0.
    case stopped(signal: Int32, event: Int32)
    case continued

    public init(raw: CInt) {
        if sh_WIFEXITED(raw) != 0 {
            self = .exited(code: sh_WEXITSTATUS(raw))
        } else if sh_WIFSIGNALED(raw) != 0 {
            self = .killed(signal: sh_WTERMSIG(raw), coreDumped: sh_WCOREDUMP(raw) != 0)
        } else if sh_WIFSTOPPED(raw) != 0 {
            self = .stopped(signal: sh_WSTOPSIG(raw), event: sh_WPTRACEEVENT(raw))
        } else {
            self = .continued
        }
    }
}

/// waitpid(2) for tracers.
public enum Wait {
    /// Options for `Wait.any`.
    public struct Options: OptionSet, Sendable {
        public var rawValue: CInt
        public init(rawValue: CInt) { self.rawValue = rawValue }
        public static let noHang = Options(rawValue: 1)              // WNOHANG
        public static let untraced = Options(rawValue: 2)            // WUNTRACED / WSTOPPED
        /// `__WALL`: wait for threads (clone children) as well as processes.
        public static let all = Options(rawValue: sh_WALL)
        /// `__WNOTHREAD`: only children and tracees of the calling thread, so a library never reaps its host's
        /// children (notes.md, "A library must not steal its host's children").
        public static let callingThreadOnly = Options(rawValue: sh_WNOTHREAD)
    }

    /// Waits for `pid` (-1 for any). Returns nil with `.noHang` when nothing changed state.
    /// - Throws: `Errno.noChildProcess` when there is nothing left to wait for.
    /// With `interruptible`, a signal handler's EINTR is thrown instead of retried, so another thread can wake a
    /// tracer blocked here.
    public static func wait(
        _ pid: ProcessID = ProcessID(-1), options: Options, interruptible: Bool = false
    ) throws(Errno) -> (ProcessID, WaitStatus)? {
        var status: CInt = 0
        let result = valueOrErrno(retryOnInterrupt: !interruptible) {
            system_waitpid(pid.rawValue, &status, options.rawValue)
        }
        switch result {
        case .success(0): return nil
        case .success(let tid): return (ProcessID(tid), WaitStatus(raw: status))
        case .failure(let error): throw error
        }
    }
}
