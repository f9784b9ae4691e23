import CSysHook
public import SystemPackage

/// Sending signals.
public enum Signals {
    /// kill(2).
    public static func send(_ signal: Int32, to pid: ProcessID) throws(Errno) {
        try nothingOrErrno { system_kill(pid.rawValue, signal) }.get()
    }

    /// tgkill(2): one thread of one process.
    public static func send(_ signal: Int32, toThread tid: ProcessID, of tgid: ProcessID) throws(Errno) {
        try nothingOrErrno { system_tgkill(tgid.rawValue, tid.rawValue, signal) }.get()
    }

    /// The calling thread's id (gettid(2)).
    public static var currentThreadID: ProcessID { ProcessID(system_gettid()) }
}
