// C adapters of the eBPF engine: bpf(2), perf_event_open(2) and its ioctls, mmap of ring buffers, epoll and
// eventfd for wake-ups, mount(2) for tracefs. One `system_<name>` per kernel operation.
import CSysHook
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// bpf(2): every BPF command goes through here with its attribute block.
internal func system_bpf(_ command: CInt, _ attributes: UnsafeMutableRawPointer, _ size: Int) -> Int {
    sh_bpf(command, attributes, CUnsignedInt(size))
}

/// perf_event_open(2): open a tracepoint event on every process of one CPU.
internal func system_perfEventOpen(
    _ attributes: UnsafeMutableRawPointer, _ pid: pid_t, _ cpu: CInt, _ groupFD: CInt, _ flags: CUnsignedLong
) -> Int {
    sh_perf_event_open(attributes, pid, cpu, groupFD, flags)
}

/// ioctl(2) with an integer argument: PERF_EVENT_IOC_SET_BPF and PERF_EVENT_IOC_ENABLE.
internal func system_ioctlInteger(_ fd: CInt, _ request: CUnsignedLong, _ argument: CUnsignedLong) -> CInt {
    sh_ioctl_int(fd, request, argument)
}

/// mmap(2) of a BPF map: the ring buffer's consumer page, or its producer page and data area.
internal func system_mmap(_ length: Int, _ protection: CInt, _ fd: CInt, _ offset: Int) -> UnsafeMutableRawPointer? {
    let address = Glibc.mmap(nil, length, protection, MAP_SHARED, fd, off_t(offset))
    return address == MAP_FAILED ? nil : address
}

/// munmap(2).
internal func system_munmap(_ address: UnsafeMutableRawPointer, _ length: Int) -> CInt {
    Glibc.munmap(address, length)
}

/// epoll_create1(2) with EPOLL_CLOEXEC.
internal func system_epollCreate() -> CInt {
    epoll_create1(CInt(EPOLL_CLOEXEC))
}

/// epoll_ctl(2) EPOLL_CTL_ADD for readability.
internal func system_epollAdd(_ epoll: CInt, _ fd: CInt) -> CInt {
    var event = epoll_event()
    event.events = EPOLLIN.rawValue
    event.data.fd = fd
    return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event)
}

/// epoll_wait(2) for up to 8 events; the ready descriptors are written to `ready`.
internal func system_epollWait(_ epoll: CInt, _ timeout: CInt, _ ready: inout [CInt]) -> CInt {
    var events = [epoll_event](repeating: epoll_event(), count: 8)
    let count = events.withUnsafeMutableBufferPointer { epoll_wait(epoll, $0.baseAddress!, 8, timeout) }
    ready = events.prefix(Int(max(count, 0))).map { $0.data.fd }
    return count
}

/// eventfd2(2), close-on-exec and non-blocking (EFD_CLOEXEC = O_CLOEXEC, EFD_NONBLOCK = O_NONBLOCK). Raw syscall:
/// <sys/eventfd.h> is not part of the shim's module.
internal func system_eventfd() -> CInt {
    CInt(truncatingIfNeeded: sh_syscall6(Int(SYS_eventfd2), 0, Int(O_CLOEXEC | O_NONBLOCK), 0, 0, 0, 0))
}

/// write(2) of one 8-byte counter increment to an eventfd.
internal func system_eventfdSignal(_ fd: CInt) -> Int {
    var one: UInt64 = 1
    return Glibc.write(fd, &one, 8)
}

/// mount(2) of tracefs.
internal func system_mount(_ source: String, _ target: String, _ type: String) -> CInt {
    Glibc.mount(source, target, type, 0, nil)
}

/// open(2) read-only and read(2) to the end: small kernel text files (tracefs ids, /proc, /sys).
internal func system_readWholeFile(_ path: String) -> Result<[UInt8], Errno> {
    let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { return .failure(Errno(rawValue: sh_errno())) }
    defer { _ = Glibc.close(fd) }
    // Read straight into the result, sized by fstat when the file reports a size (sysfs BTF: 5.5 MB; appending
    // 64 KiB chunks took 12 ms, this 6), doubling for files that report 0 (procfs).
    var information = Glibc.stat()
    let sizeHint = Glibc.fstat(fd, &information) == 0 ? Int(information.st_size) : 0
    var contents = [UInt8](repeating: 0, count: max(sizeHint + 1, 4096))
    var filled = 0
    while true {
        if filled == contents.count { contents.append(contentsOf: repeatElement(0, count: contents.count)) }
        let count = contents.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
        if count < 0 {
            if sh_errno() == EINTR { continue }
            return .failure(Errno(rawValue: sh_errno()))
        }
        if count == 0 {
            contents.removeLast(contents.count - filled)
            return .success(contents)
        }
        filled += count
    }
}

/// sysconf(_SC_PAGESIZE).
internal func system_pageSize() -> Int { Int(Glibc.sysconf(CInt(_SC_PAGESIZE))) }

/// stat(2), returning the inode number: a cgroup v2 directory's inode is the cgroup id BPF reports.
internal func system_inode(_ path: String) -> Result<UInt64, Errno> {
    var information = Glibc.stat()
    // `stat` the function is shadowed by `struct stat` in Swift; lstat is fine for cgroup directories.
    if Glibc.lstat(path, &information) != 0 { return .failure(Errno(rawValue: sh_errno())) }
    return .success(UInt64(information.st_ino))
}
