import Decoding
import LinuxSystem
import SyscallTables
public import Tracer

/// `-c` / `-C`: counts calls, errors and time per syscall and prints strace's table at the end.
///
/// Time is measured on the tracer's monotonic clock from the entry stop to the exit stop, which is what strace
/// calls wall time (`-w`); strace's default uses the tracee's system time from wait4's rusage, which ptrace
/// overhead dominates anyway. Both flags are accepted.
public final class SummaryPrinter: TracePrinter {
    private var summary: SyscallSummary
    private let output: OutputSink
    private var started: [ProcessID: UInt64] = [:]

    public init(sortKey: SyscallSummary.SortKey, output: OutputSink) {
        self.summary = SyscallSummary(sortKey: sortKey)
        self.output = output
    }

    public func handle(_ event: TraceEvent) {
        switch event {
        case .syscallEntry(let info):
            started[info.tid] = Clock.monotonic()
        case .syscallExit(let info, let value):
            guard let start = started.removeValue(forKey: info.tid), let value else { return }
            let name = SyscallTable.forArchitecture(info.architecture).entry(number: info.number)?.name
                ?? "syscall_0x" + String(info.number, radix: 16)
            summary.record(name: name, number: info.number, nanoseconds: Clock.monotonic() - start,
                           failed: value < 0 && value >= -4095)
        case .exited(let tid, _), .killed(let tid, _, _), .detached(let tid, _):
            started[tid] = nil
        default:
            break
        }
    }

    /// The table is written once, at the end.
    public func flush() {}

    public func finish() {
        output.write(summary.render())
        output.flush()
    }
}
