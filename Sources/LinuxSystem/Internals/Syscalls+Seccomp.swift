// C adapters for installing seccomp filters and asking the kernel what seccomp supports. One `system_<name>`
// per kernel operation; the user-notification ones are in Syscalls+Notify.swift.
import CSysHook
#if canImport(Glibc)
import Glibc
#endif

/// seccomp(2): SECCOMP_SET_MODE_FILTER and SECCOMP_GET_ACTION_AVAIL.
internal func system_seccomp(_ operation: CUnsignedInt, _ flags: CUnsignedInt, _ args: UnsafeMutableRawPointer?) -> Int {
    sh_seccomp(operation, flags, args)
}

/// prctl(2): PR_SET_NO_NEW_PRIVS and PR_GET_SECCOMP.
internal func system_seccompPrctl(_ option: CInt, _ argument: CUnsignedLong) -> CInt {
    sh_prctl(option, argument, 0, 0, 0)
}
