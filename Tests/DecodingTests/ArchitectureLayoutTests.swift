import SyscallTables
import Testing

@testable import Decoding

/// Struct layouts follow the tracee's architecture, not the tracer's.
@Suite struct ArchitectureLayoutTests {
    func line(
        _ architecture: Architecture,
        _ name: String,
        _ arguments: [UInt64],
        _ result: Int64,
        _ memory: FakeMemory
    ) -> String {
        let formatter = SyscallFormatter(options: StraceFormatOptions())
        let number = SyscallTable.forArchitecture(architecture).entry(named: name)!.number
        let call = SyscallInvocation(pid: 1, architecture: architecture, number: number, arguments: arguments)
        let pending = formatter.enter(call, memory: memory)
        return formatter.entryText(pending)
            + formatter.exitText(pending, outcome: .returned(result), injected: false, memory: memory)
    }

    @Test func aarch64StatUsesTheGenericLayout() {
        var stat = [UInt8](repeating: 0, count: 128)
        stat.replaceSubrange(16..<20, with: [UInt8].le(UInt32(0o20666)))
        stat.replaceSubrange(32..<40, with: [UInt8].le(UInt64(0x103)))
        #expect(
            line(.aarch64, "fstat", [1, 0x1000], 0, FakeMemory([(0x1000, stat)]))
                == "fstat(1, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0"
        )
    }

    @Test func aarch64EpollEventIsNotPacked() {
        let event: [UInt8] = .le(UInt32(1)) + .le(UInt32(0)) + .le(UInt64(0x1234))
        #expect(
            line(.aarch64, "epoll_ctl", [5, 1, 4, 0x1000], 0, FakeMemory([(0x1000, event)]))
                == "epoll_ctl(5, EPOLL_CTL_ADD, 4, {events=EPOLLIN, data=0x1234}) = 0"
        )
    }

    @Test func rawStyleKeepsErrnoNames() {
        var options = StraceFormatOptions()
        options.style = .raw
        var memory = FakeMemory()
        memory.place("/etc/ld.so.preload", at: 0x1000)
        #expect(
            straceLine("access", [0x1000, 4], returning: .returned(-2), memory: memory, options: options)
                == aligned(#"access("/etc/ld.so.preload", 0x4)"#, "-1 ENOENT (No such file or directory)")
        )
    }
}
