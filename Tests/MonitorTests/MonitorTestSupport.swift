import Foundation
import Monitor
import TestSupport

/// Loading tracing programs needs root here (CAP_BPF and CAP_PERFMON elsewhere).
let mayMonitor = geteuid() == 0
let rootReason: Comment = "the eBPF monitor needs root (CAP_BPF and CAP_PERFMON)"

/// Runs the monitor around `body`, then stops it and returns every event it delivered.
func collectEvents(
    _ options: SyscallMonitor.Options, during body: () throws -> Void
) async throws -> (events: [MonitorEvent], drops: UInt64) {
    let monitor = try SyscallMonitor(options: options)
    let collector = Task {
        var events: [MonitorEvent] = []
        for await event in monitor.events { events.append(event) }
        return events
    }
    try body()
    // Records are committed when the syscall returns; let the reader thread catch up before stopping.
    try await Task.sleep(for: .milliseconds(200))
    monitor.stop()
    let drops = monitor.dropCount()
    return (await collector.value, drops)
}

/// The `key=value` pairs the fixture printed.
func fixtureValues(_ output: String) -> [String: String] {
    var values: [String: String] = [:]
    for line in output.split(separator: "\n") {
        for field in line.split(separator: " ") {
            let parts = field.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
    }
    return values
}

import Testing

extension Comment {
    static let needsRoot: Comment = rootReason
}
