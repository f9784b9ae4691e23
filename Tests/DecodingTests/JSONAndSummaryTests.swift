import SyscallTables
import Testing

@testable import Decoding

@Suite struct JSONAndSummaryTests {
    func completed(_ name: String, _ arguments: [UInt64], _ result: Int64, memory: FakeMemory) -> CompletedSyscall {
        let formatter = SyscallFormatter(options: StraceFormatOptions())
        let call = SyscallInvocation(
            pid: 42,
            architecture: .x86_64,
            number: SyscallTablesLookup.number(of: name),
            arguments: arguments
        )
        let pending = formatter.enter(call, memory: memory)
        return formatter.complete(pending, outcome: .returned(result), injected: false, memory: memory)
    }

    @Test func syscallObjectCarriesStructuredArguments() {
        var memory = FakeMemory()
        memory.place("/etc/passwd", at: 0x1000)
        let call = completed("openat", [UInt64(bitPattern: -100), 0x1000, 0o2000000, 0], -2, memory: memory)
        let line = JSONLinesFormatter().syscall(call, pid: 42, tid: 43, timestamp: 1.5, duration: 0.000012)
        #expect(
            line
                == #"{"type":"syscall","timestamp":1.500000,"pid":42,"tid":43,"name":"openat","number":257,"args":{"dfd":{"value":-100,"name":"AT_FDCWD"},"filename":{"string":"/etc/passwd"},"flags":{"value":524288,"flags":["O_RDONLY","O_CLOEXEC"]}},"return":-1,"errno":2,"errno_name":"ENOENT","error":"No such file or directory","duration":0.000012}"#
        )
    }

    @Test func binaryBuffersBecomeHexAndNullPointersNull() {
        let memory = FakeMemory([(0x2000, [0xff, 0x00, 0x41])])
        let call = completed("read", [3, 0x2000, 3], 3, memory: memory)
        let line = JSONLinesFormatter().syscall(call, pid: 1, tid: 1, timestamp: nil, duration: nil)
        #expect(line.contains(#""buf":{"hex":"ff0041"}"#))
        let mmap = completed("mmap", [0, 4096, 3, 0x22, UInt64(UInt32.max), 0], 0x7f0000000000, memory: FakeMemory())
        let mmapLine = JSONLinesFormatter().syscall(mmap, pid: 1, tid: 1, timestamp: nil, duration: nil)
        #expect(mmapLine.contains(#""addr":null"#))
        #expect(mmapLine.contains(#""return":139637976727552"#))
    }

    @Test func signalExecAndExitObjects() {
        var info = [UInt8](repeating: 0, count: 128)
        info.replaceSubrange(0..<4, with: [UInt8].le(Int32(15)))
        let json = JSONLinesFormatter()
        #expect(
            json.signal(15, siginfo: info, pid: 5, tid: 5, timestamp: nil)
                == #"{"type":"signal","timestamp":null,"pid":5,"tid":5,"signal":"SIGTERM","number":15,"siginfo":{"si_signo":{"value":15,"name":"SIGTERM"},"si_code":{"value":0,"name":"SI_USER"},"si_pid":0,"si_uid":0}}"#
        )
        #expect(
            json.exit(code: nil, signal: 9, pid: 5, tid: 5, timestamp: nil)
                == #"{"type":"exit","timestamp":null,"pid":5,"tid":5,"code":null,"signal":"SIGKILL"}"#
        )
        #expect(
            json.exec(filename: "/bin/\"x\"", pid: 5, tid: 6, formerTid: 6, timestamp: 2)
                == #"{"type":"exec","timestamp":2.000000,"pid":5,"tid":6,"filename":"/bin/\"x\"","former_tid":6}"#
        )
    }

    /// The same numbers strace 6.1 printed for `strace -c ls /` (first rows), in its layout.
    @Test func summaryTableMatchesStraceLayout() {
        var summary = SyscallSummary()
        summary.record(name: "getdents64", number: 217, nanoseconds: 27_000, failed: false)
        summary.record(name: "getdents64", number: 217, nanoseconds: 0, failed: false)
        summary.record(name: "ioctl", number: 16, nanoseconds: 7_000, failed: true)
        summary.record(name: "ioctl", number: 16, nanoseconds: 0, failed: true)
        summary.record(name: "read", number: 0, nanoseconds: 0, failed: false)
        #expect(
            summary.render() == """
                % time     seconds  usecs/call     calls    errors syscall
                ------ ----------- ----------- --------- --------- ----------------
                 79.41    0.000027          13         2           getdents64
                 20.59    0.000007           3         2         2 ioctl
                  0.00    0.000000           0         1           read
                ------ ----------- ----------- --------- --------- ----------------
                100.00    0.000034           6         5         2 total

                """
        )
        summary.sortKey = .calls
        #expect(summary.sortedRows.map(\.name) == ["ioctl", "getdents64", "read"])
        summary.sortKey = .name
        #expect(summary.sortedRows.map(\.name) == ["getdents64", "ioctl", "read"])
        #expect(SyscallSummary.SortKey(straceName: "count") == .calls)
    }
}
