import Foundation
import Monitor
import SyscallTables
import TestSupport
import Testing

let bpftrace = Executables.which("bpftrace")

/// The monitor's openat events against bpftrace's for the same workload, watched at the same time.
@Suite(
    .serialized, .enabled(if: mayMonitor, rootReason),
    .enabled(if: bpftrace != nil, "bpftrace is not installed (Debian package bpftrace; .ci/run installs it)"))
struct BpftraceComparisonTests {
    @Test func openatPidPathPairsMatchBpftrace() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("syshook-bpftrace-\(getpid()).txt")
        defer { try? FileManager.default.removeItem(at: log) }
        // bpftrace inherits the test thread's blocked signals (Foundation's Process does not reset the mask), so
        // it cannot be stopped with SIGINT: it exits when the test opens a marker path instead.
        let marker = "/syshook-bpftrace-done-\(getpid())"
        let script = """
            tracepoint:syscalls:sys_enter_openat /comm == "syshook-fixture"/ { printf("%d %s\\n", pid, str(args->filename)); }
            tracepoint:syscalls:sys_enter_openat /str(args->filename) == "\(marker)"/ { exit(); }
            """
        let tracer = Process()
        tracer.executableURL = URL(fileURLWithPath: bpftrace!)
        tracer.arguments = ["-o", log.path, "-e", script]
        // bpftrace 0.17 copies at most 200 bytes of a string (and 64 by default).
        tracer.environment = ["BPFTRACE_STRLEN": "200", "PATH": "/usr/bin:/bin"]
        try tracer.run()
        defer { if tracer.isRunning { kill(tracer.processIdentifier, SIGKILL) } }
        var ready = false
        for _ in 0..<600 where !ready {
            ready = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("Attaching")
            if !ready { try await Task.sleep(for: .milliseconds(50)) }
        }
        try #require(ready, "bpftrace did not attach within 30 s")

        let openat = SyscallTable.native.entry(named: "openat")!.number
        let options = SyscallMonitor.Options(
            filter: MonitorFilter(syscalls: [openat], command: "syshook-fixture"), processEvents: false)
        var fixturePIDs: Set<Int32> = []
        let (events, drops) = try await collectEvents(options) {
            for paths in [["/etc/hostname", "/etc/passwd"], ["/nonexistent-\(getpid())", "relative/path"]] {
                let output = try runProgram(Executables.fixture, ["bpf-open"] + paths).stdout
                if let pid = fixtureValues(output)["pid"].flatMap(Int32.init) { fixturePIDs.insert(pid) }
            }
        }
        _ = open(marker, O_RDONLY)
        for _ in 0..<600 where tracer.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!tracer.isRunning, "bpftrace did not exit after the marker")
        #expect(drops == 0)
        #expect(fixturePIDs.count == 2)

        struct Pair: Hashable { var pid: Int32; var path: String }
        let ours = Set(events.compactMap { event -> Pair? in
            guard case .syscall(let call) = event, fixturePIDs.contains(call.process.pid),
                let path = call.strings[1], path.bytes.count < 199
            else { return nil }
            return Pair(pid: call.process.pid, path: String(decoding: path.bytes, as: UTF8.self))
        })
        let text = try String(contentsOf: log, encoding: .utf8)
        let theirs = Set(text.split(separator: "\n").compactMap { line -> Pair? in
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let pid = Int32(parts[0]), fixturePIDs.contains(pid), parts[1].utf8.count < 199
            else { return nil }
            return Pair(pid: pid, path: String(parts[1]))
        })
        #expect(ours.contains(Pair(pid: fixturePIDs.min()!, path: "/etc/hostname")))
        #expect(ours.count > 4)
        #expect(ours == theirs, "only syshook: \(ours.subtracting(theirs)); only bpftrace: \(theirs.subtracting(ours))")
    }
}
