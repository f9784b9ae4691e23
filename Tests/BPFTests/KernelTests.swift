import BPF
import Foundation
import LinuxSystem
import SystemPackage
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Whether this process may create maps and load tracing programs (root here; CAP_BPF+CAP_PERFMON elsewhere).
let mayUseBPF = geteuid() == 0

/// Maps, program loads, attach paths and the ring buffer reader, against the running kernel.
@Suite(.serialized, .enabled(if: mayUseBPF, "loading BPF programs needs root (CAP_BPF and CAP_PERFMON)"))
struct KernelTests {
    @Test func mapsOfEveryKindStoreAndReturnValues() throws {
        let array = try Map(type: .array, name: "t_array", keySize: 4, valueSize: 8, maxEntries: 4)
        try array.update(UInt32(2).littleEndianBytes, UInt64(0xDEAD_BEEF).littleEndianBytes)
        #expect(try array.lookup(UInt32(2).littleEndianBytes) == UInt64(0xDEAD_BEEF).littleEndianBytes)
        #expect(try array.lookup(UInt32(9).littleEndianBytes) == nil)

        for type in [BPFMapType.hash, .lruHash] {
            let hash = try Map(type: type, name: "t_hash", keySize: 4, valueSize: 4, maxEntries: 16)
            try hash.update(UInt32(7).littleEndianBytes, UInt32(70).littleEndianBytes)
            try hash.update(UInt32(8).littleEndianBytes, UInt32(80).littleEndianBytes)
            #expect(try Set(hash.keys()) == [UInt32(7).littleEndianBytes, UInt32(8).littleEndianBytes])
            #expect(try hash.delete(UInt32(7).littleEndianBytes))
            #expect(try !hash.delete(UInt32(7).littleEndianBytes))
            #expect(try hash.lookup(UInt32(8).littleEndianBytes) == UInt32(80).littleEndianBytes)
        }

        let perCPU = try Map(type: .perCPUArray, name: "t_percpu", keySize: 4, valueSize: 8, maxEntries: 1)
        let values = try #require(try perCPU.perCPUValues(UInt32(0).littleEndianBytes))
        #expect(values.count == KernelFiles.possibleCPUCount())
        #expect(values.allSatisfy { $0 == [UInt8](repeating: 0, count: 8) })
    }

    @Test func ringBufferSizeMustBeAPowerOfTwo() {
        #expect(throws: BPFError.self) { try Map.ringBuffer(name: "t_bad", size: 12345) }
    }

    @Test func verifierRejectionCarriesTheLog() {
        // r0 is never set: the verifier refuses "R0 !read_ok".
        do {
            _ = try Program(name: "t_bad", type: .rawTracepoint, instructions: [.exit])
            Issue.record("the verifier accepted a program that returns an unset r0")
        } catch {
            #expect(error.code == .programLoad)
            #expect(error.underlying == .permissionDenied)  // the verifier refuses with EACCES
            #expect(error.verifierLog.contains("R0 !read_ok"))
            #expect(error.description.contains("R0 !read_ok"))
        }
    }

    @Test func rawTracepointProgramSendsRecordsThroughTheRingBuffer() async throws {
        let events = try Map.ringBuffer(name: "t_events", size: 64 * 1024)
        let me = getpid()
        let program = try Program(
            name: "t_sysenter", type: .rawTracepoint,
            instructions: [
                .move(.r6, .r1),
                Helper.getCurrentPidTgid.call(),
                ALU.rightShift.imm(.r0, 32),
                Jump.ne.imm(.r0, me, "out"),
                .loadMap(.r1, named: "t_events"),
                .move(.r2, 16),
                .move(.r3, 0),
                Helper.ringbufReserve.call(),
                Jump.eq.imm(.r0, 0, "out"),
                .load(.r7, from: .r6, offset: 8, size: .doubleWord),  // ctx->args[1]: the syscall number
                .store(.r7, to: .r0, offset: 0, size: .doubleWord),
                .store(0x5eed, to: .r0, offset: 8, size: .doubleWord),
                .move(.r1, .r0),
                .move(.r2, 0),
                Helper.ringbufSubmit.call(),
                .label("out"),
                .move(.r0, 0),
                .exit,
            ], maps: [events])
        let reader = try RingBufferReader(map: events)
        var numbers: [UInt64] = []
        do {
            let link = try Link.rawTracepoint("sys_enter", program: program)
            _ = getppid()
            _ = getppid()
            _ = link
        }
        reader.drain { record in
            #expect(record.count == 16)
            #expect(UInt64(littleEndianBytes: record, at: 8) == 0x5eed)
            numbers.append(UInt64(littleEndianBytes: record, at: 0))
        }
        #expect(numbers.filter { $0 == 110 }.count >= 2, "getppid (110) twice among \(numbers)")
    }

    @Test func readerThreadDeliversRecordsAsAnAsyncSequence() async throws {
        let events = try Map.ringBuffer(name: "t_async", size: 16 * 1024)
        let me = getpid()
        let program = try Program(
            name: "t_async", type: .rawTracepoint,
            instructions: [
                Helper.getCurrentPidTgid.call(),
                ALU.rightShift.imm(.r0, 32),
                Jump.ne.imm(.r0, me, "out"),
                .loadMap(.r1, named: "t_async"),
                .move(.r2, 8),
                .move(.r3, 0),
                Helper.ringbufReserve.call(),
                Jump.eq.imm(.r0, 0, "out"),
                .store(42, to: .r0, offset: 0, size: .doubleWord),
                .move(.r1, .r0),
                .move(.r2, 0),
                Helper.ringbufSubmit.call(),
                .label("out"),
                .move(.r0, 0),
                .exit,
            ], maps: [events])
        let reader = try RingBufferReader(map: events)
        reader.start()
        let link = try Link.rawTracepoint("sys_enter", program: program)
        _ = getppid()
        var iterator = reader.records.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first == UInt64(42).littleEndianBytes)
        _ = link
        reader.stop()
    }

    @Test func classicTracepointCountsThroughAPerfEvent() throws {
        let counts = try Map(type: .array, name: "t_counts", keySize: 4, valueSize: 8, maxEntries: 1)
        let me = getpid()
        let program = try Program(
            name: "t_tracepoint", type: .tracepoint,
            instructions: [
                Helper.getCurrentPidTgid.call(),
                ALU.rightShift.imm(.r0, 32),
                Jump.ne.imm(.r0, me, "out"),
                .store(0, to: .r10, offset: -4, size: .word),
                .loadMap(.r1, named: "t_counts"),
                .move(.r2, .r10),
                ALU.add.imm(.r2, -4),
                Helper.mapLookupElem.call(),
                Jump.eq.imm(.r0, 0, "out"),
                .move(.r1, 1),
                .atomic(.add, base: .r0, offset: 0, source: .r1, size: .doubleWord),
                .label("out"),
                .move(.r0, 0),
                .exit,
            ], maps: [counts])
        do {
            let link = try Link.tracepoint(group: "syscalls", name: "sys_enter_getppid", program: program)
            for _ in 0..<3 { _ = getppid() }
            _ = link
        }
        let value = try #require(try counts.lookup(UInt32(0).littleEndianBytes))
        #expect(UInt64(littleEndianBytes: value) == 3)
    }

    @Test func closingTheProgramRemovesItFromTheKernel() throws {
        var id: UInt32 = 0
        do {
            let program = try Program(
                name: "t_lifetime", type: .rawTracepoint, instructions: [.move(.r0, 0), .exit])
            id = try program.id()
            #expect(try Program.loadedPrograms().contains { $0.id == id && $0.name == "t_lifetime" })
        }
        // Program release is RCU-deferred in the kernel; give it a moment.
        var stillThere = true
        for _ in 0..<100 where stillThere {
            stillThere = try Program.loadedPrograms().contains { $0.id == id }
            if stillThere { usleep(20_000) }
        }
        #expect(!stillThere)
    }

    @Test func kprobeRequestsSayWhatToUseInstead() {
        #expect {
            _ = try Link.kprobe(function: "do_sys_openat2")
        } throws: { error in
            "\(error)".contains("tracepoint:syscalls:sys_enter_openat")
        }
    }

    /// The counters read from `bpf_prog_info` are the ones the kernel shows in the program's fdinfo.
    @Test func programStatisticsMatchTheKernelsFdinfo() throws {
        let switchPath = "/proc/sys/kernel/bpf_stats_enabled"
        let previous = try KernelFiles.readText(switchPath)
        try "1".write(toFile: switchPath, atomically: false, encoding: .utf8)
        defer { try? previous.write(toFile: switchPath, atomically: false, encoding: .utf8) }
        let me = getpid()
        let program = try Program(
            name: "t_stats", type: .rawTracepoint,
            instructions: [
                Helper.getCurrentPidTgid.call(), ALU.rightShift.imm(.r0, 32), Jump.ne.imm(.r0, me, "out"),
                .label("out"), .move(.r0, 0), .exit,
            ], maps: [])
        do {
            let link = try Link.rawTracepoint("sys_enter", program: program)
            for _ in 0..<1000 { _ = getppid() }
            _ = link
        }
        let statistics = try program.statistics()
        let fdinfo = try KernelFiles.readText("/proc/self/fdinfo/\(program.fileDescriptor)")
        func field(_ name: String) -> UInt64? {
            fdinfo.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .flatMap { UInt64($0.split(whereSeparator: \.isWhitespace).last ?? "") }
        }
        #expect(statistics.runCount >= 1000)
        #expect(statistics.runCount == field("run_cnt"))
        #expect(statistics.runTimeNanoseconds == field("run_time_ns"))
        #expect(statistics.recursionMisses == field("recursion_misses"))
    }
}
