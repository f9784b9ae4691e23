import Foundation
import SysHook
import Testing
import TestSupport

/// The README's monitor example, run for real: it must compile and report the file a child process opens.
@Suite(.enabled(if: getuid() == 0, "loading eBPF programs needs root (CAP_BPF and CAP_PERFMON)"))
struct LibraryExamplesTests {
    @Test func readmeMonitorExampleSeesAnOpen() async throws {
        var filter = MonitorFilter()
        filter.syscalls = Set(["openat", "unlinkat", "renameat2"].compactMap { SyscallTable.native.entry(named: $0)?.number })
        let monitor = try SyscallMonitor(options: .init(filter: filter))
        let marker = "/tmp/syshook-readme-\(getpid())"
        let child = try runProgram(Executables.fixture, ["open", marker])
        #expect(child.status == 1, "the file does not exist, so the fixture's open fails")
        var seen: [String] = []
        let collector = Task {
            for await case .syscall(let call) in monitor.events {
                let path = call.strings[1].map { String(decoding: $0.bytes, as: UTF8.self) } ?? ""
                if path == marker {
                    return "\(call.process.command) \(call.name ?? "?") \(call.returnValue)"
                }
            }
            return ""
        }
        try await Task.sleep(for: .milliseconds(300))
        monitor.stop()
        seen.append(await collector.value)
        #expect(seen == ["syshook-fixture openat -2"])
    }
}
