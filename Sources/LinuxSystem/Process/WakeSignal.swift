import CSysHook
#if canImport(Glibc)
import Glibc
#endif

/// A signal used only to interrupt a thread blocked in waitpid, so another thread can make the tracer act.
///
/// SIGURG is ignored by default and unused by the programs syshook hosts; its handler does nothing and is
/// installed without SA_RESTART so waitpid returns EINTR.
public enum WakeSignal {
    public static let number: Int32 = SIGURG

    /// Installs the no-op handler once per process.
    public static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(number, &action, nil)
    }

    /// Interrupts thread `tid` of this process.
    public static func wake(_ tid: ProcessID) {
        _ = system_tgkill(getpid(), tid.rawValue, number)
    }
}
