import Testing

@testable import Decoding

/// Expected lines are strace 6.1's for the same calls (p5.c-style probe, `strace -v` for dirents).
@Suite struct MoreStructTests {
    @Test func scmRightsControlMessage() {
        var memory = FakeMemory()
        memory.place(Array("x".utf8), at: 0x3000)
        memory.place(.le(UInt64(0x3000)) + .le(UInt64(1)), at: 0x4000)
        memory.place(.le(UInt64(20)) + .le(Int32(1)) + .le(Int32(1)) + .le(Int32(3)) + .le(Int32(0)), at: 0x6000)
        memory.place(
            .le(UInt64(0)) + .le(UInt64(0)) + .le(UInt64(0x4000)) + .le(UInt64(1)) + .le(UInt64(0x6000))
                + .le(UInt64(24)) + .le(UInt64(0)),
            at: 0x5000
        )
        #expect(
            straceLine("sendmsg", [5, 0x5000, 0], returning: .returned(1), memory: memory)
                == #"sendmsg(5, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="x", iov_len=1}], msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[3]}], msg_controllen=24, msg_flags=0}, 0) = 1"#
        )
    }

    @Test func peerCredentials() {
        let memory = FakeMemory([
            (0x1000, .le(Int32(5646)) + .le(UInt32(0)) + .le(UInt32(0))), (0x2000, .le(Int32(12))),
        ])
        #expect(
            straceLine("getsockopt", [5, 1, 17, 0x1000, 0x2000], returning: .returned(0), memory: memory)
                == "getsockopt(5, SOL_SOCKET, SO_PEERCRED, {pid=5646, uid=0, gid=0}, [12]) = 0"
        )
    }

    @Test func timeWithPointer() {
        let memory = FakeMemory([(0x1000, .le(Int64(1795612247)))])
        #expect(
            straceLine("time", [0x1000], returning: .returned(1795612247), memory: memory)
                == "time([1795612247 /* 2026-11-25T13:10:47+0000 */]) = 1795612247 (2026-11-25T13:10:47+0000)"
        )
    }

    @Test func verboseDirents() {
        func record(_ inode: UInt64, _ offset: Int64, _ type: UInt8, _ name: String) -> [UInt8] {
            .le(inode) + .le(offset) + .le(UInt16(24)) + [type] + Array(name.utf8)
                + [UInt8](repeating: 0, count: 5 - name.utf8.count)
        }
        let memory = FakeMemory([(0x1000, record(16343088, 1, 4, ".") + record(16343089, Int64.max, 8, "a"))])
        var options = StraceFormatOptions()
        options.verbose = true
        #expect(
            straceLine("getdents64", [3, 0x1000, 32768], returning: .returned(48), memory: memory, options: options)
                == #"getdents64(3, [{d_ino=16343088, d_off=1, d_reclen=24, d_type=DT_DIR, d_name="."}, {d_ino=16343089, d_off=9223372036854775807, d_reclen=24, d_type=DT_REG, d_name="a"}], 32768) = 48"#
        )
        #expect(
            straceLine("getdents64", [3, 0x1000, 32768], returning: .returned(0), memory: memory, options: options)
                == aligned("getdents64(3, [], 32768)", "0")
        )
    }

    @Test func openHowAlwaysShowsResolve() {
        var memory = FakeMemory()
        memory.place("/tmp/fmt/o2", at: 0x1000)
        memory.place(.le(UInt64(0o101)) + .le(UInt64(0o600)) + .le(UInt64(0)), at: 0x2000)
        #expect(
            straceLine(
                "openat2",
                [UInt64(bitPattern: -100), 0x1000, 0x2000, 24],
                returning: .returned(3),
                memory: memory
            )
                == #"openat2(AT_FDCWD, "/tmp/fmt/o2", {flags=O_WRONLY|O_CREAT, mode=0600, resolve=0}, 24) = 3"#
        )
    }
}
