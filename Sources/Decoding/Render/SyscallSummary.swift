/// The `-c`/`-C` table: per syscall the share of time, seconds, microseconds per call, calls and errors, as strace
/// prints it. The caller measures time (system time by default, wall time with `-w`) and records each completed call.
public struct SyscallSummary: Sendable {
    /// `-S`: the column the rows are sorted by.
    public enum SortKey: String, Sendable, CaseIterable {
        case time, calls, errors, name, nothing
        /// strace's spellings: `time`/`time_total`/`total_time`, `calls`/`count`, `errors`/`error`, `name`/`syscall`,
        /// `nothing`/`none`.
        public init?(straceName: String) {
            switch straceName {
            case "time", "time_total", "total_time", "time-total", "total-time": self = .time
            case "calls", "count": self = .calls
            case "errors", "error": self = .errors
            case "name", "syscall", "syscall_name", "syscall-name": self = .name
            case "nothing", "none": self = .nothing
            default: return nil
            }
        }
    }

    public struct Row: Sendable, Hashable {
        public var name: String
        /// The syscall number, for strace's tie order.
        public var number: Int
        /// Total time in the syscall (integer nanoseconds, so sums and per-call divisions are exact).
        public var nanoseconds: UInt64
        public var seconds: Double { Double(nanoseconds) / 1e9 }
        public var calls: Int
        public var errors: Int
    }

    public var sortKey: SortKey
    private var rows: [String: Row] = [:]
    private var order: [String] = []

    public init(sortKey: SortKey = .time) {
        self.sortKey = sortKey
    }

    /// Counts one completed syscall that took `nanoseconds`.
    public mutating func record(name: String, number: Int, nanoseconds: UInt64, failed: Bool) {
        if rows[name] == nil {
            rows[name] = Row(name: name, number: number, nanoseconds: 0, calls: 0, errors: 0)
            order.append(name)
        }
        rows[name]!.nanoseconds &+= nanoseconds
        rows[name]!.calls += 1
        if failed { rows[name]!.errors += 1 }
    }

    /// Counts a completed syscall from its decoded form.
    public mutating func record(_ completed: CompletedSyscall, nanoseconds: UInt64) {
        record(
            name: completed.name,
            number: completed.invocation.number,
            nanoseconds: nanoseconds,
            failed: completed.outcome.errno != nil
        )
    }

    /// The rows in display order.
    public var sortedRows: [Row] {
        let all = order.compactMap { rows[$0] }
        let byNumber: (Row, Row) -> Bool = { $0.number != $1.number ? $0.number < $1.number : $0.name < $1.name }
        switch sortKey {
        case .time:
            return all.sorted { $0.nanoseconds != $1.nanoseconds ? $0.nanoseconds > $1.nanoseconds : byNumber($0, $1) }
        case .calls: return all.sorted { $0.calls != $1.calls ? $0.calls > $1.calls : byNumber($0, $1) }
        case .errors: return all.sorted { $0.errors != $1.errors ? $0.errors > $1.errors : byNumber($0, $1) }
        case .name: return all.sorted { $0.name < $1.name }
        case .nothing: return all
        }
    }

    /// The table, ending with a newline.
    public func render() -> String {
        let rows = sortedRows
        let total = rows.reduce(UInt64(0)) { $0 &+ $1.nanoseconds }
        let calls = rows.reduce(0) { $0 + $1.calls }
        let errors = rows.reduce(0) { $0 + $1.errors }
        let nameWidth = max(15, rows.map(\.name.count).max() ?? 0) + 1  // measured: strace 6.1 prints 16, 16, 18, 19 dashes for names of 7, 15, 17, 18
        let rule =
            "------ ----------- ----------- --------- --------- " + String(repeating: "-", count: nameWidth) + "\n"
        var out = "% time     seconds  usecs/call     calls    errors syscall\n" + rule
        for row in rows {
            let share = total > 0 ? Double(row.nanoseconds) / Double(total) * 100 : 0
            out +=
                Self.pad(Self.fixed(share, 2), 6) + " " + Self.pad(Self.seconds(row.nanoseconds), 11) + " "
                + Self.pad(String(Self.microsecondsPerCall(row.nanoseconds, row.calls)), 11) + " "
                + Self.pad(String(row.calls), 9) + " " + Self.pad(row.errors == 0 ? "" : String(row.errors), 9) + " "
                + row.name + "\n"
        }
        out += rule
        out +=
            "100.00 " + Self.pad(Self.seconds(total), 11) + " "
            + Self.pad(String(Self.microsecondsPerCall(total, calls)), 11) + " "
            + Self.pad(String(calls), 9) + " " + Self.pad(errors == 0 ? "" : String(errors), 9) + " total\n"
        return out
    }

    static func microsecondsPerCall(_ nanoseconds: UInt64, _ calls: Int) -> UInt64 {
        calls == 0 ? 0 : nanoseconds / 1000 / UInt64(calls)
    }

    /// `%11.6f` of a duration: seconds with microseconds (strace truncates to whole microseconds).
    static func seconds(_ nanoseconds: UInt64) -> String {
        let micro = nanoseconds / 1000
        let fraction = String(micro % 1_000_000)
        return String(micro / 1_000_000) + "." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// `%.Nf` without Foundation.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        let fractionText = String(fraction)
        return String(whole) + "." + String(repeating: "0", count: max(0, digits - fractionText.count)) + fractionText
    }
}
