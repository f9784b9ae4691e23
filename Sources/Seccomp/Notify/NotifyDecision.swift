public import SystemPackage

/// What a supervisor decides for one notified syscall.
///
/// The supervisor cannot change a syscall's arguments: it can let the call run, answer it without running it, or
/// do the work itself and report the result (emulation).
public enum NotifyDecision: Sendable, Hashable {
    /// Let the kernel run the call as the target made it (`SECCOMP_USER_NOTIF_FLAG_CONTINUE`).
    ///
    /// - Important: not a security boundary. The kernel reads pointer arguments again when the call runs, so
    ///   another thread of the target (or a process sharing its memory) can swap the path the supervisor checked
    ///   for another one after the check (seccomp_unotify(2), NOTES). Decide security-relevant calls with
    ///   `.fail`, `.return` or an emulation instead.
    case `continue`
    /// The call does not run and fails with `errno` (the target sees -1 and errno from libc).
    case fail(Errno)
    /// The call does not run and returns `value`. A negative value is what a failing raw syscall returns, so
    /// libc would read -1...-4095 as an errno: use `.fail` for errors.
    case `return`(Int64)
    /// Emulation: the call does not run; `descriptor`, which the supervisor opened, is installed into the target
    /// and its number there is the call's result (`SECCOMP_IOCTL_NOTIF_ADDFD` with `SECCOMP_ADDFD_FLAG_SEND`).
    /// The supervisor closes its own copy afterwards.
    case returnDescriptor(FileDescriptor, closeOnExec: Bool)
}
