// The only Swift in this target, besides the per-area Syscalls+*.swift files, that calls C: one `system_<name>`
// adapter per kernel operation, so every call site is greppable and every EINTR loop is in Retry.swift.
import CSysHook
#if canImport(Glibc)
import Glibc
#endif

/// ptrace(2): process trace.
internal func system_ptrace(
    _ request: CInt, _ pid: pid_t, _ addr: UnsafeMutableRawPointer?, _ data: UnsafeMutableRawPointer?
) -> Int {
    sh_ptrace(request, pid, addr, data)
}

/// waitpid(2): wait for a child or tracee to change state.
internal func system_waitpid(_ pid: pid_t, _ status: UnsafeMutablePointer<CInt>, _ options: CInt) -> pid_t {
    Glibc.waitpid(pid, status, options)
}

/// kill(2): send a signal to a process.
internal func system_kill(_ pid: pid_t, _ signal: CInt) -> CInt {
    Glibc.kill(pid, signal)
}

/// tgkill(2): send a signal to one thread.
internal func system_tgkill(_ tgid: pid_t, _ tid: pid_t, _ signal: CInt) -> Int {
    sh_tgkill(tgid, tid, signal)
}

/// process_vm_readv(2): read another process's memory.
internal func system_process_vm_readv(
    _ pid: pid_t, _ local: UnsafePointer<iovec>, _ localCount: Int, _ remote: UnsafePointer<iovec>, _ remoteCount: Int
) -> Int {
    sh_process_vm_readv(pid, local, UInt(localCount), remote, UInt(remoteCount))
}

/// process_vm_writev(2): write another process's memory.
internal func system_process_vm_writev(
    _ pid: pid_t, _ local: UnsafePointer<iovec>, _ localCount: Int, _ remote: UnsafePointer<iovec>, _ remoteCount: Int
) -> Int {
    sh_process_vm_writev(pid, local, UInt(localCount), remote, UInt(remoteCount))
}

/// gettid(2): the calling thread's id.
internal func system_gettid() -> pid_t { sh_gettid() }
