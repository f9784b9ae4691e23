import Testing

@testable import Decoding

/// Expected lines are what Debian's strace 6.1 printed for the same calls (f1.c/f2.c style probes, see notes in
/// each test), with the 7.x differences from notes.md applied.
@Suite struct FileDecoderTests {
    static let path: UInt64 = 0x1000
    static let buffer: UInt64 = 0x2000

    func memory(path: String) -> FakeMemory {
        var memory = FakeMemory()
        memory.place(path, at: Self.path)
        return memory
    }

    @Test func openatWithCloexec() {
        let line = straceLine(
            "openat",
            [UInt64(bitPattern: -100), Self.path, 0o2000000, 0],
            returning: .returned(3),
            memory: memory(path: "/etc/ld.so.cache")
        )
        #expect(line == #"openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3"#)
    }

    @Test func openatCreatePrintsModeAndUnknownBits() {
        let line = straceLine(
            "openat",
            [UInt64(bitPattern: -100), Self.path, 0x8000_0241, 0o644],
            returning: .returned(3),
            memory: memory(path: "/tmp/fmt/x.txt")
        )
        #expect(line == #"openat(AT_FDCWD, "/tmp/fmt/x.txt", O_WRONLY|O_CREAT|O_TRUNC|0x80000000, 0644) = 3"#)
    }

    @Test func openatAllBitsInStraceOrder() {
        let line = straceLine(
            "openat",
            [UInt64(bitPattern: -100), Self.path, 0xffff_ffff, 0o777],
            returning: .returned(-2),
            memory: memory(path: "/nonexistent")
        )
        #expect(
            line
                == #"openat(AT_FDCWD, "/nonexistent", O_ACCMODE|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_NONBLOCK|O_SYNC|O_DIRECT|O_LARGEFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|O_TMPFILE|FASYNC|0xff80003c, 0777) = -1 ENOENT (No such file or directory)"#
        )
    }

    @Test func tmpfileAbsorbsDirectoryBit() {
        let line = straceLine(
            "openat",
            [UInt64(bitPattern: -100), Self.path, 0o20200002, 0o600],
            returning: .returned(3),
            memory: memory(path: "/tmp")
        )
        #expect(line == #"openat(AT_FDCWD, "/tmp", O_RDWR|O_TMPFILE, 0600) = 3"#)
    }

    @Test func garbageHighBitsAreIgnoredForIntArguments() {
        let line = straceLine(
            "openat",
            [0xffff_ffff_0000_0003, Self.path, 3 | 0o100, 0xffff_1234],
            returning: .returned(3),
            memory: memory(path: "/nonexistent")
        )
        #expect(line == #"openat(3, "/nonexistent", O_ACCMODE|O_CREAT, 011064) = 3"#)
    }

    @Test func readShowsReturnedBytesEscapedAndTruncated() {
        var memory = FakeMemory()
        memory.place(
            [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0, 1, 0, 0, 0]
                + [UInt8](repeating: 0, count: 900),
            at: Self.buffer
        )
        let line = straceLine("read", [3, Self.buffer, 832], returning: .returned(832), memory: memory)
        #expect(line == #"read(3, "\177ELF\2\1\1\0\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0\0\0\0\0\0\0\0\0"..., 832) = 832"#)
    }

    @Test func writeEscapesLikeStrace() {
        var memory = FakeMemory()
        memory.place(Array("hello\0world\n\u{1}\u{1}2".utf8) + [0xff, 0x39], at: Self.buffer)
        let line = straceLine("write", [3, Self.buffer, 16], returning: .returned(16), memory: memory)
        #expect(line == #"write(3, "hello\0world\n\1\0012\377", 16) = 16"#)
    }

    @Test func failedReadPrintsBufferAddress() {
        let line = straceLine("read", [UInt64(bitPattern: -1), 0x7fff63910d60, 100], returning: .returned(-9))
        #expect(line == "read(-1, 0x7fff63910d60, 100)           = -1 EBADF (Bad file descriptor)")
    }

    @Test func writevPrintsIovecs() {
        var memory = FakeMemory()
        memory.place(Array("ab".utf8), at: 0x3000)
        memory.place(Array("cd\n".utf8), at: 0x3100)
        memory.place(.le(UInt64(0x3000)) + .le(UInt64(2)) + .le(UInt64(0x3100)) + .le(UInt64(3)), at: Self.buffer)
        let line = straceLine("writev", [3, Self.buffer, 2], returning: .returned(5), memory: memory)
        #expect(line == #"writev(3, [{iov_base="ab", iov_len=2}, {iov_base="cd\n", iov_len=3}], 2) = 5"#)
    }

    @Test func newfstatatAbbreviatesStat() {
        var stat = [UInt8](repeating: 0, count: 144)
        stat.replaceSubrange(24..<28, with: [UInt8].le(UInt32(0o100644)))
        stat.replaceSubrange(48..<56, with: [UInt8].le(Int64(33703)))
        var memory = memory(path: "")
        memory.place(stat, at: Self.buffer)
        let line = straceLine(
            "newfstatat",
            [3, Self.path, Self.buffer, 0x1000],
            returning: .returned(0),
            memory: memory
        )
        #expect(line == #"newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=33703, ...}, AT_EMPTY_PATH) = 0"#)
    }

    @Test func fstatOfCharacterDevicePrintsRdev() {
        var stat = [UInt8](repeating: 0, count: 144)
        stat.replaceSubrange(24..<28, with: [UInt8].le(UInt32(0o20666)))
        stat.replaceSubrange(40..<48, with: [UInt8].le(UInt64(0x103)))
        let memory = FakeMemory([(Self.buffer, stat)])
        let line = straceLine("fstat", [1, Self.buffer], returning: .returned(0), memory: memory)
        #expect(line == "fstat(1, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0")
    }

    @Test func lstatFailurePrintsAddress() {
        let line = straceLine(
            "lstat",
            [Self.path, 0x7fff63910eb0],
            returning: .returned(-2),
            memory: memory(path: "/nonexistent")
        )
        #expect(line == #"lstat("/nonexistent", 0x7fff63910eb0)   = -1 ENOENT (No such file or directory)"#)
    }

    @Test func newfstatatUnknownFlags() {
        let line = straceLine(
            "newfstatat",
            [UInt64(bitPattern: -100), Self.path, 0, 0xffff],
            returning: .returned(-22),
            memory: memory(path: "/nonexistent")
        )
        #expect(
            line
                == #"newfstatat(AT_FDCWD, "/nonexistent", NULL, AT_SYMLINK_NOFOLLOW|AT_REMOVEDIR|AT_SYMLINK_FOLLOW|AT_NO_AUTOMOUNT|AT_EMPTY_PATH|AT_RECURSIVE|0x60ff) = -1 EINVAL (Invalid argument)"#
        )
    }

    @Test func accessModes() {
        #expect(
            straceLine("access", [Self.path, 4], returning: .returned(-2), memory: memory(path: "/etc/ld.so.preload"))
                == #"access("/etc/ld.so.preload", R_OK)      = -1 ENOENT (No such file or directory)"#
        )
        #expect(
            straceLine("access", [Self.path, 0x17], returning: .returned(-22), memory: memory(path: "/x"))
                == #"access("/x", R_OK|W_OK|X_OK|0x10)       = -1 EINVAL (Invalid argument)"#
        )
        #expect(
            straceLine("access", [Self.path, 0], returning: .returned(0), memory: memory(path: "/x"))
                == #"access("/x", F_OK)                      = 0"#
        )
    }

    @Test func fcntlCommandsAndResults() {
        #expect(
            straceLine("fcntl", [3, 3], returning: .returned(0x8001))
                == "fcntl(3, F_GETFL)                       = 0x8001 (flags O_WRONLY|O_LARGEFILE)"
        )
        #expect(
            straceLine("fcntl", [3, 1], returning: .returned(1))
                == "fcntl(3, F_GETFD)                       = 0x1 (flags FD_CLOEXEC)"
        )
        #expect(
            straceLine("fcntl", [3, 4, 0o6000], returning: .returned(0))
                == "fcntl(3, F_SETFL, O_RDONLY|O_APPEND|O_NONBLOCK) = 0"
        )
        #expect(
            straceLine("fcntl", [0, 0x999, 0x7f8ec14ef829], returning: .returned(-22))
                == "fcntl(0, 0x999 /* F_??? */, 0x7f8ec14ef829) = -1 EINVAL (Invalid argument)"
        )
        #expect(
            straceLine("fcntl", [3, 0, 10], returning: .returned(11)) == "fcntl(3, F_DUPFD, 10)                   = 11"
        )
    }

    @Test func lseekUnknownWhence() {
        #expect(
            straceLine("lseek", [3, 10, 7], returning: .returned(-22))
                == "lseek(3, 10, 0x7 /* SEEK_??? */)        = -1 EINVAL (Invalid argument)"
        )
    }

    @Test func pipe2PrintsDescriptorsAtExit() {
        let memory = FakeMemory([(Self.buffer, .le(Int32(7)) + .le(Int32(8)))])
        #expect(
            straceLine("pipe2", [Self.buffer, 0o4000 | 0o2000000], returning: .returned(0), memory: memory)
                == "pipe2([7, 8], O_NONBLOCK|O_CLOEXEC)     = 0"
        )
        #expect(
            straceLine("pipe2", [Self.buffer, 0], returning: .returned(0), memory: memory)
                == "pipe2([7, 8], 0)                        = 0"
        )
    }

    @Test func umaskAndModes() {
        #expect(
            straceLine("umask", [0o22], returning: .returned(0o22)) == "umask(022)                              = 022"
        )
        #expect(
            straceLine("chmod", [Self.path, 0o4755], returning: .returned(0), memory: memory(path: "/tmp/fmt/x.txt"))
                == #"chmod("/tmp/fmt/x.txt", 04755)          = 0"#
        )
        #expect(
            straceLine("mknod", [Self.path, 0o20600, 0x103], returning: .returned(0), memory: memory(path: "/x"))
                == #"mknod("/x", S_IFCHR|0600, makedev(0x1, 0x3)) = 0"#
        )
        #expect(
            straceLine(
                "mknodat",
                [UInt64(bitPattern: -100), Self.path, 0o10600, 0],
                returning: .returned(-17),
                memory: memory(path: "/x")
            )
                == #"mknodat(AT_FDCWD, "/x", S_IFIFO|0600)   = -1 EEXIST (File exists)"#
        )
    }

    @Test func readlinkPrintsReturnedLength() {
        var memory = memory(path: "/tmp/fmt/z")
        memory.place(Array("x.txt".utf8), at: Self.buffer)
        #expect(
            straceLine("readlink", [Self.path, Self.buffer, 3], returning: .returned(3), memory: memory)
                == #"readlink("/tmp/fmt/z", "x.t", 3)        = 3"#
        )
    }

    @Test func utimensatSpecialTimes() {
        let times: [UInt8] = .le(Int64(1)) + .le(Int64(2)) + .le(Int64(0)) + .le(Int64((1 << 30) - 1))
        var memory = memory(path: "/x")
        memory.place(times, at: Self.buffer)
        #expect(
            straceLine(
                "utimensat",
                [UInt64(bitPattern: -100), Self.path, Self.buffer, 0],
                returning: .returned(0),
                memory: memory
            )
                == #"utimensat(AT_FDCWD, "/x", [{tv_sec=1, tv_nsec=2} /* 1970-01-01T00:00:01.000000002+0000 */, UTIME_NOW], 0) = 0"#
        )
    }

    @Test func sendfilePrintsMovedOffsetLikeStrace7() {
        let before = FakeMemory([(Self.buffer, .le(Int64(0)))])
        let after = FakeMemory([(Self.buffer, .le(Int64(35499)))])
        #expect(
            straceLine(
                "sendfile",
                [4, 5, Self.buffer, 65536],
                returning: .returned(35499),
                memory: before,
                exitMemory: after
            )
                == "sendfile(4, 5, [0 => 35499], 65536)     = 35499"
        )
        #expect(
            straceLine(
                "sendfile",
                [1, UInt64(bitPattern: -1), Self.buffer, 5],
                returning: .returned(-9),
                memory: before
            )
                == "sendfile(1, -1, [0], 5)                 = -1 EBADF (Bad file descriptor)"
        )
    }

    @Test func ioctlKnownAndUnknownRequests() {
        #expect(
            straceLine("ioctl", [1, 0x5401, 0x7ffe9e916790], returning: .returned(-25))
                == "ioctl(1, TCGETS, 0x7ffe9e916790)        = -1 ENOTTY (Inappropriate ioctl for device)"
        )
    }

    @Test func getdentsCountsEntries() {
        var record = [UInt8](repeating: 0, count: 24)
        record.replaceSubrange(16..<18, with: [UInt8].le(UInt16(24)))
        let memory = FakeMemory([(0x55f991c552a0, record + record)])
        #expect(
            straceLine("getdents64", [3, 0x55f991c552a0, 32768], returning: .returned(48), memory: memory)
                == "getdents64(3, 0x55f991c552a0 /* 2 entries */, 32768) = 48"
        )
    }
}

/// TCGETS as strace 6.1 printed it for a pty (`script -qc "strace -e trace=ioctl stty size"`).
@Suite struct TerminalDecoderTests {
    @Test func tcgetsPrintsTheFlagWords() {
        let termios: [UInt8] =
            .le(UInt32(0o2400)) + .le(UInt32(0o5)) + .le(UInt32(0o277)) + .le(UInt32(0o105073))
            + [UInt8](repeating: 0, count: 20)
        let memory = FakeMemory([(0x1000, termios)])
        #expect(
            straceLine("ioctl", [0, 0x5401, 0x1000], returning: .returned(0), memory: memory)
                == "ioctl(0, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...}) = 0"
        )
        #expect(
            straceLine("ioctl", [1, 0x5401, 0x7ffe9e916790], returning: .returned(-25))
                == "ioctl(1, TCGETS, 0x7ffe9e916790)        = -1 ENOTTY (Inappropriate ioctl for device)"
        )
    }
}
