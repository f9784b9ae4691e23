import CSysHook

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// Actions for the decoder comparison tests: each makes a fixed series of raw syscalls (through sh_syscall6, so
/// libc adds nothing) whose strace lines the tests compare with syshook's. DIR is a scratch directory the test owns.
extension FixtureAction {
    static let decodingActions: [String: FixtureActionBody] = [
        // decode-file DIR: open/read/write/seek/stat/fcntl/dup/pipe/link/rename/unlink/mkdir and friends.
        "decode-file": { args in
            _ = call(SYS_getppid)  // marker: the comparison tests start after this line
            guard let dir = args.first else { return 2 }
            let file = dir + "/file.txt"
            let fd = call(SYS_openat, -100, file, 0o1102 | 0o2000000, 0o640)
            _ = withBytes(Array("hello\0world\n\u{1}\u{1}2".utf8) + [0xff, 0x39]) { call(SYS_write, fd, $0, $1) }
            _ = call(SYS_lseek, fd, 0, 0)
            _ = call(SYS_lseek, fd, 3, 7)
            _ = withBuffer(64) { call(SYS_pread64, fd, $0, 5, 2) }
            _ = withBytes(Array("zz".utf8)) { call(SYS_pwrite64, fd, $0, $1, 100) }
            _ = call(SYS_fcntl, fd, 3, 0)  // F_GETFL
            _ = call(SYS_fcntl, fd, 2, 1)  // F_SETFD FD_CLOEXEC
            _ = call(SYS_fcntl, fd, 1, 0)  // F_GETFD
            _ = call(SYS_fcntl, fd, 0x999, 0)
            _ = call(SYS_dup3, fd, 50, 0o2000000)
            _ = withBuffer(144) { call(SYS_fstat, fd, $0) }
            _ = withBuffer(144) { buffer in call(SYS_newfstatat, -100, file, buffer, 0x100) }
            _ = withBuffer(144) { buffer in call(SYS_newfstatat, -100, dir + "/missing", buffer, 0) }
            _ = withBuffer(256) { buffer in call(SYS_statx, -100, file, 0x100, 0x7ff, buffer) }
            _ = withBuffer(8) { call(SYS_pipe2, $0, 0o4000) }
            _ = call(SYS_access, file, 4)
            _ = call(SYS_faccessat2, -100, file, 0x17, 0)
            _ = call(SYS_fchmodat, -100, file, 0o4755)
            _ = call(SYS_mkdirat, -100, dir + "/sub", 0o750)
            _ = call(SYS_symlinkat, "file.txt", -100, dir + "/link")
            _ = withBuffer(64) { buffer in call(SYS_readlinkat, -100, dir + "/link", buffer, 64) }
            _ = call(SYS_renameat2, -100, dir + "/link", -100, dir + "/link2", 1)
            _ = call(SYS_unlinkat, -100, dir + "/link2", 0)
            _ = call(SYS_unlinkat, -100, dir + "/sub", 0x200)
            _ = call(SYS_umask, 0o22)
            _ = call(SYS_flock, fd, 6)
            _ = call(SYS_ftruncate, fd, 40)
            _ = call(SYS_fallocate, fd, 1, 0, 4096)
            _ = call(SYS_close, fd)
            _ = call(SYS_close, UInt64(0xffff_ffff_0000_0032))  // the dup3 copy, with garbage in the high bits
            _ = call(SYS_read, -1, 0x10, 5)
            _ = call(SYS_openat, -100, 0x10, 0, 0)  // unreadable path
            return 0
        },
        // decode-memory: anonymous mappings, protection changes, advice.
        "decode-memory": { _ in
            _ = call(SYS_getppid)  // marker: the comparison tests start after this line
            let address = call(SYS_mmap, 0, 8192, 3, 0x22, -1, 0)
            _ = call(SYS_mprotect, address, 4096, 1)
            _ = call(SYS_madvise, address, 8192, 4)
            _ = call(SYS_madvise, address, 8192, 999)
            _ = call(SYS_msync, address, 4096, 4)
            _ = call(SYS_mremap, address, 8192, 4096, 0, 0)
            _ = call(SYS_munmap, address, 4096)
            _ = call(SYS_mmap, 0, 4096, 0xff, 0xffffff, -1, 0)
            _ = call(SYS_mlockall, 3)
            _ = call(SYS_munlockall)
            return 0
        },
        // decode-signals: handlers, masks, a delivered signal and its sigreturn, the alternate stack.
        "decode-signals": { _ in
            _ = call(SYS_getppid)  // marker: the comparison tests start after this line
            var action = [UInt64](repeating: 0, count: 4)
            action[0] = 1  // SIG_IGN
            action[1] = 0x1000_0000  // SA_RESTART
            action[3] = 1 << 9  // USR1
            _ = action.withUnsafeBufferPointer { pointer in
                call(SYS_rt_sigaction, Int(SIGUSR2), Int(bitPattern: pointer.baseAddress), 0, 8)
            }
            _ = withBuffer(32) { call(SYS_rt_sigaction, Int(SIGUSR2), 0, $0, 8) }
            // Start from an empty mask: the inherited one depends on who started us (strace passes its own on).
            var empty: UInt64 = 0
            _ = withUnsafePointer(to: &empty) { call(SYS_rt_sigprocmask, 2, Int(bitPattern: $0), 0, 8) }
            var mask: UInt64 = (1 << 1) | (1 << 36)
            _ = withUnsafePointer(to: &mask) { call(SYS_rt_sigprocmask, 0, Int(bitPattern: $0), 0, 8) }
            _ = withBuffer(8) { call(SYS_rt_sigprocmask, 1, 0, $0, 8) }
            _ = call(SYS_rt_sigprocmask, 7, 0, 0, 8)
            _ = call(SYS_kill, Int(getpid()), 0)
            _ = call(SYS_kill, Int(getpid()), Int(SIGUSR2))  // ignored: no delivery line
            _ = withBuffer(24) { call(SYS_sigaltstack, 0, $0) }
            return 0
        },
        // decode-network DIR: a socketpair and a named unix socket.
        "decode-network": { args in
            _ = call(SYS_getppid)  // marker: the comparison tests start after this line
            guard let dir = args.first else { return 2 }
            let pair = [Int32](repeating: 0, count: 2)
            _ = pair.withUnsafeBufferPointer {
                call(SYS_socketpair, 1, 1 | 0o2000000, 0, Int(bitPattern: $0.baseAddress))
            }
            let left = Int(pair[0])
            let right = Int(pair[1])
            _ = withBytes(Array("ping".utf8)) { call(SYS_sendto, left, $0, $1, 0x4000, 0, 0) }
            _ = withBuffer(64) { call(SYS_recvfrom, right, $0, 64, 0x40, 0, 0) }
            var one: Int32 = 1
            _ = withUnsafePointer(to: &one) { call(SYS_setsockopt, left, 1, 7, Int(bitPattern: $0), 4) }
            _ = withBuffer(8) { value in
                var length: Int32 = 4
                return withUnsafeMutablePointer(to: &length) {
                    call(SYS_getsockopt, left, 1, 4, value, Int(bitPattern: $0))
                }
            }
            var linger: [Int32] = [1, 5]
            _ = linger.withUnsafeMutableBufferPointer {
                call(SYS_setsockopt, left, 1, 13, Int(bitPattern: $0.baseAddress), 8)
            }
            _ = call(SYS_shutdown, left, 1)
            let unix = call(SYS_socket, 1, 2 | 0o4000, 0)
            var address = [UInt8](repeating: 0, count: 110)
            address[0] = 1
            let path = Array((dir + "/sock").utf8)
            address.replaceSubrange(2..<(2 + path.count), with: path)
            _ = address.withUnsafeBufferPointer {
                call(SYS_bind, unix, Int(bitPattern: $0.baseAddress), 2 + path.count + 1)
            }
            _ = withBuffer(128) { name in
                var length: UInt32 = 128
                return withUnsafeMutablePointer(to: &length) { call(SYS_getsockname, unix, name, Int(bitPattern: $0)) }
            }
            _ = call(SYS_socket, 2, 1, 6)
            _ = call(SYS_listen, unix, 5)
            return 0
        },
        // decode-time: clocks, a short sleep, poll on a pipe, epoll, eventfd, timerfd, futex.
        "decode-time": { _ in
            _ = call(SYS_getppid)  // marker: the comparison tests start after this line
            var request: [Int64] = [0, 1000]
            _ = request.withUnsafeMutableBufferPointer {
                call(SYS_clock_nanosleep, 1, 0, Int(bitPattern: $0.baseAddress), 0)
            }
            _ = call(SYS_clock_gettime, 99, 0)
            let pipe = [Int32](repeating: 0, count: 2)
            _ = pipe.withUnsafeBufferPointer { call(SYS_pipe2, Int(bitPattern: $0.baseAddress), 0) }
            var fds: [Int32] = [pipe[0], 1, pipe[1], 4]  // {fd, events|revents<<16}
            _ = fds.withUnsafeMutableBufferPointer { call(SYS_poll, Int(bitPattern: $0.baseAddress), 2, 0) }
            let epoll = call(SYS_epoll_create1, 0o2000000)
            var event: [UInt32] = [0x8000_0004, 0x1234, 0]
            _ = event.withUnsafeMutableBufferPointer {
                call(SYS_epoll_ctl, epoll, 1, Int(pipe[1]), Int(bitPattern: $0.baseAddress))
            }
            _ = withBuffer(48) { call(SYS_epoll_wait, epoll, $0, 4, 0) }
            _ = call(SYS_eventfd2, 3, 0o2004000)
            let timer = call(SYS_timerfd_create, 1, 0o2000000)
            var spec: [Int64] = [0, 0, 100, 0]
            _ = spec.withUnsafeMutableBufferPointer {
                call(SYS_timerfd_settime, timer, 0, Int(bitPattern: $0.baseAddress), 0)
            }
            var writable: UInt64 = 1 << 1  // fd 1
            var zero: [Int64] = [0, 0]
            var mask: UInt64 = 1 << 14  // TERM
            _ = withUnsafeMutablePointer(to: &mask) { maskPointer in
                var sigmask: [Int] = [Int(bitPattern: maskPointer), 8]
                return sigmask.withUnsafeMutableBufferPointer { sig in
                    zero.withUnsafeMutableBufferPointer { timeout in
                        withUnsafeMutablePointer(to: &writable) {
                            call(
                                SYS_pselect6,
                                2,
                                0,
                                Int(bitPattern: $0),
                                0,
                                Int(bitPattern: timeout.baseAddress),
                                Int(bitPattern: sig.baseAddress)
                            )
                        }
                    }
                }
            }
            var word: Int32 = 0
            _ = withUnsafeMutablePointer(to: &word) { call(SYS_futex, Int(bitPattern: $0), 129, 1) }
            return 0
        },
    ]

    /// A raw syscall with integer and string arguments (strings are passed as NUL-terminated copies).
    private static func call(_ number: Int32, _ arguments: Any...) -> Int {
        var strings: [[CChar]] = []
        var values: [Int] = []
        for argument in arguments {
            if let text = argument as? String {
                strings.append(Array(text.utf8CString))
                values.append(-1 - (strings.count - 1))  // placeholder, patched below
            } else if let value = argument as? Int {
                values.append(value)
            } else if let value = argument as? UInt64 {
                values.append(Int(bitPattern: UInt(value)))
            } else if let value = argument as? Int32 {
                values.append(Int(value))
            }
        }
        return withStrings(strings, 0, []) { addresses in
            var raw = values
            var next = 0
            for (index, argument) in arguments.enumerated() where argument is String {
                raw[index] = addresses[next]
                next += 1
            }
            while raw.count < 6 { raw.append(0) }
            return sh_syscall6(Int(number), raw[0], raw[1], raw[2], raw[3], raw[4], raw[5])
        }
    }

    private static func withStrings(_ strings: [[CChar]], _ index: Int, _ addresses: [Int], _ body: ([Int]) -> Int)
        -> Int
    {
        if index == strings.count { return body(addresses) }
        return strings[index].withUnsafeBufferPointer { pointer in
            withStrings(strings, index + 1, addresses + [Int(bitPattern: pointer.baseAddress)], body)
        }
    }

    private static func withBytes(_ bytes: [UInt8], _ body: (Int, Int) -> Int) -> Int {
        bytes.withUnsafeBufferPointer { body(Int(bitPattern: $0.baseAddress), $0.count) }
    }

    private static func withBuffer(_ count: Int, _ body: (Int) -> Int) -> Int {
        var buffer = [UInt8](repeating: 0, count: count)
        return buffer.withUnsafeMutableBufferPointer { body(Int(bitPattern: $0.baseAddress)) }
    }
}
