// C adapters of the seccomp user-notification supervisor: seccomp(2) with a listener, the SECCOMP_IOCTL_NOTIF_*
// ioctls, and the plumbing around them (poll, a socketpair to receive the listener, recvmsg with SCM_RIGHTS,
// open(2) for descriptors the supervisor installs into its target). One `system_<name>` per kernel operation.
import CSysHook
#if canImport(Glibc)
import Glibc
#endif

/// seccomp(2): install a filter or query the notification structure sizes.
internal func system_seccompNotify(
    _ operation: CUnsignedInt, _ flags: CUnsignedInt, _ args: UnsafeMutableRawPointer?
) -> Int {
    sh_seccomp(operation, flags, args)
}

/// ioctl(2) on a seccomp listener: SECCOMP_IOCTL_NOTIF_RECV, _SEND, _ID_VALID and _ADDFD all take a pointer.
internal func system_notifyIoctl(_ fd: CInt, _ request: CUnsignedLong, _ argument: UnsafeMutableRawPointer) -> CInt {
    sh_ioctl_ptr(fd, request, argument)
}

/// poll(2): wait until the listener has a notification, hangs up, or the stop channel is written.
internal func system_notifyPoll(
    _ fds: UnsafeMutablePointer<pollfd>, _ count: Int, _ timeoutMilliseconds: CInt
) -> CInt {
    Glibc.poll(fds, nfds_t(count), timeoutMilliseconds)
}

/// socketpair(2): a connected pair of Unix stream sockets, both close-on-exec.
internal func system_notifySocketPair(_ fds: UnsafeMutablePointer<CInt>) -> CInt {
    Glibc.socketpair(AF_UNIX, CInt(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0, fds)
}

/// recvmsg(2): receive one message, possibly carrying SCM_RIGHTS descriptors.
internal func system_notifyRecvmsg(_ fd: CInt, _ message: UnsafeMutablePointer<msghdr>, _ flags: CInt) -> Int {
    Glibc.recvmsg(fd, message, flags)
}

/// write(2): used to wake the listener thread through its stop socket.
internal func system_notifyWrite(_ fd: CInt, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    Glibc.write(fd, bytes, count)
}

/// open(2) with the exact flags and mode a target asked for (emulated opens).
internal func system_notifyOpen(_ path: UnsafePointer<CChar>, _ flags: CInt, _ mode: mode_t) -> CInt {
    Glibc.open(path, flags, mode)
}

/// readlink(2): used to find the listener in /proc/PID/fd when the child cannot send it.
internal func system_notifyReadlink(
    _ path: UnsafePointer<CChar>, _ buffer: UnsafeMutablePointer<CChar>, _ size: Int
) -> Int {
    Glibc.readlink(path, buffer, size)
}

/// pidfd_open(2): a descriptor for a process, needed by pidfd_getfd.
internal func system_notifyPidfdOpen(_ pid: pid_t) -> Int {
    sh_pidfd_open(pid, 0)
}

/// pidfd_getfd(2): duplicate a descriptor of another process (needs ptrace access to it).
internal func system_notifyPidfdGetfd(_ pidfd: CInt, _ targetFD: CInt) -> Int {
    sh_syscall6(Int(SYS_pidfd_getfd), Int(pidfd), Int(targetFD), 0, 0, 0, 0)
}

/// kcmp(2) with KCMP_FILE (0, <linux/kcmp.h>): whether descriptor `fd1` of `pid1` and `fd2` of `pid2` are the
/// same open file description (0), or not (1 or 2).
internal func system_notifyKcmpFile(_ pid1: pid_t, _ pid2: pid_t, _ fd1: CInt, _ fd2: CInt) -> Int {
    sh_syscall6(Int(SYS_kcmp), Int(pid1), Int(pid2), 0, Int(fd1), Int(fd2), 0)
}
