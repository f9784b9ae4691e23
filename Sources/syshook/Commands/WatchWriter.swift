import ArgumentParser
import SysHook
import Synchronization

/// Renders batches of events into the output sink, on the monitor's reader thread.
///
/// Only the reader thread calls `write`; `finish` runs after that thread has ended (the monitor's `events` has
/// finished), so the sink and the counters are never touched concurrently: hence the unchecked Sendable.
final class WatchWriter: @unchecked Sendable {
    private let sink: OutputSink
    private var renderer: WatchRenderer
    private let reportsDrops: Bool
    private var count = 0
    private var reportedDrops: UInt64 = 0
    private var lastDropCheck = 0
    /// Set once the monitor exists (the first batch may come before); read for the drop lines.
    let monitor = Mutex<SyscallMonitor?>(nil)

    init(sink: OutputSink, renderer: WatchRenderer, reportsDrops: Bool) {
        self.sink = sink
        self.renderer = renderer
        self.reportsDrops = reportsDrops
    }

    func write(_ events: [MonitorEvent]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(events.count * 320)
        for event in events { renderer.render(event, into: &bytes) }
        sink.write(bytes: bytes)
        count += events.count
        // Drops are never silent: JSON consumers see them as they happen, not only at exit.
        if reportsDrops && count - lastDropCheck >= 4096 {
            lastDropCheck = count
            if let drops = monitor.withLock({ $0 })?.dropCount(), drops != reportedDrops {
                reportedDrops = drops
                sink.write(renderer.dropsLine(drops))
            }
        }
        sink.flush()
    }

    /// Writes the JSON summary, flushes, and returns how many events were written.
    func finish(drops: UInt64) -> Int {
        if reportsDrops { sink.write(renderer.summaryLine(events: count, drops: drops)) }
        sink.flush()
        return count
    }
}

/// Output formats of `watch`.
enum WatchFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
