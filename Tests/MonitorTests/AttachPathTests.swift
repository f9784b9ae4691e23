import BPF
import BTF
import Foundation
import LinuxSystem
import Monitor
import TestSupport
import Testing

/// Attach paths that need BTF (tp_btf, fentry) and the CLI's behaviour at its edges.
@Suite(.serialized, .enabled(if: mayMonitor, rootReason))
struct AttachPathTests {
    let btf: BTF

    init() throws { btf = try BTF(bytes: try KernelFiles.read("/sys/kernel/btf/vmlinux")) }

    @Test func btfTracepointProgramRunsOnSysEnter() throws {
        let counts = try Map(type: .array, name: "t_tpbtf", keySize: 4, valueSize: 8, maxEntries: 1)
        let id = try #require(btf.tracepointTypeID("sys_enter"))
        let me = getpid()
        let program = try Program(
            name: "t_tp_btf", type: .tracing,
            instructions: [
                Helper.getCurrentPidTgid.call(),
                ALU.rightShift.imm(.r0, 32),
                Jump.ne.imm(.r0, me, "out"),
                .store(0, to: .r10, offset: -4, size: .word),
                .loadMap(.r1, named: "t_tpbtf"), .move(.r2, .r10), ALU.add.imm(.r2, -4),
                Helper.mapLookupElem.call(),
                Jump.eq.imm(.r0, 0, "out"),
                .move(.r1, 1),
                .atomic(.add, base: .r0, offset: 0, source: .r1, size: .doubleWord),
                .label("out"), .move(.r0, 0), .exit,
            ], maps: [counts], expectedAttachType: .tracingRawTracepoint, attachBTFID: id.rawValue)
        do {
            let link = try Link.btfTracepoint(program: program, tracepoint: "sys_enter")
            for _ in 0..<5 { _ = getppid() }
            _ = link
        }
        let value = try #require(try counts.lookup(UInt32(0).littleEndianBytes))
        #expect(UInt64(littleEndianBytes: value) >= 5)
    }

    @Test func fentryEitherAttachesOrSaysWhichTracepointToUse() throws {
        let id = try #require(btf.functionID("do_sys_openat2"))
        do {
            let link = try Link.fentry(
                function: "do_sys_openat2", functionID: id.rawValue, instructions: [.move(.r0, 0), .exit])
            _ = link  // this kernel allows fentry: nothing to report
        } catch {
            #expect(error.code == .unsupported)
            #expect(error.description.contains("tracepoint:syscalls:sys_enter_openat"), "\(error)")
        }
    }

    @Test func watchWithoutCapabilitiesSaysWhichOneIsMissing() throws {
        guard let setpriv = Executables.which("setpriv") else { return }
        // Dropping to uid 65534 clears the effective capabilities.
        let result = try runProgram(
            setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", Executables.syshook, "watch", "--duration", "1"])
        let lines = result.stderrLines
        #expect(result.status == 1)
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.contains("missing capability CAP_BPF and CAP_PERFMON") == true, "\(lines)")
    }

    @Test func watchStopsCleanlyOnSIGTERMAndLeavesNothingLoaded() throws {
        // Returns once the programs are attached and the signal handler is in place.
        let watcher = try startWatcher(["-e", "trace=getppid", "-o", "/dev/null"])
        let process = watcher.process
        var text = watcher.startMessages
        #expect(text.contains("5 programs attached"), "\(text)")
        let ids = programIDs(heldBy: process.processIdentifier)
        #expect(ids.count == 5)
        text = watcher.stop()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(text.contains("events, 0 dropped"), "\(text)")
        var remaining = true
        for _ in 0..<100 where remaining {
            let loaded = Set(try Program.loadedPrograms().map(\.id))
            remaining = !ids.isDisjoint(with: loaded)
            if remaining { usleep(20_000) }
        }
        #expect(!remaining)
    }
}

/// The ids of the BPF programs whose descriptors process `pid` holds (`prog_id:` in /proc/PID/fdinfo).
func programIDs(heldBy pid: Int32) -> Set<UInt32> {
    let directory = "/proc/\(pid)/fdinfo"
    var ids: Set<UInt32> = []
    for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
        guard let text = try? String(contentsOfFile: directory + "/" + name, encoding: .utf8) else { continue }
        for line in text.split(separator: "\n") where line.hasPrefix("prog_id:") {
            if let id = UInt32(line.dropFirst(8).trimmingCharacters(in: .whitespaces)) { ids.insert(id) }
        }
    }
    return ids
}
