import SyscallTables

/// JSON Lines output (`--format json`): one object per completed syscall, signal, exec and exit. The schema is in
/// docs/json-schema.md; every object has `type`, `timestamp` (seconds since the epoch, or null), `pid` and `tid`.
///
/// Each object has two forms: a String (what `syshook trace` prints) and `append…`, which writes the same bytes
/// into a caller's buffer and may add the process fields `syshook watch` reports. Both run the same code.
public struct JSONLinesFormatter: Sendable {
    public init() {}

    /// One completed syscall.
    /// - Parameters:
    ///   - pid: the thread group (process) id; `tid` is the calling thread.
    ///   - timestamp: when the call entered, in seconds since the epoch.
    ///   - duration: seconds spent in the call, when measured.
    public func syscall(_ completed: CompletedSyscall, pid: Int32, tid: Int32, timestamp: Double?, duration: Double?)
        -> String
    {
        text {
            appendSyscall(completed, pid: pid, tid: tid, timestamp: timestamp.map(JSONSeconds.seconds),
                          duration: duration.map(JSONSeconds.seconds), to: &$0)
        }
    }

    /// A signal delivered to `tid`, with its siginfo decoded.
    public func signal(_ signal: Int32, siginfo: [UInt8], pid: Int32, tid: Int32, timestamp: Double?) -> String {
        text { out in
            appendHeader("signal", pid: pid, tid: tid, process: nil, timestamp: timestamp.map(JSONSeconds.seconds),
                         to: &out)
            JSONEncoding.append(",\"signal\":", to: &out)
            JSONEncoding.appendString(SignalNames.name(signal), to: &out)
            JSONEncoding.append(",\"number\":", to: &out)
            JSONEncoding.appendDecimal(Int64(signal), to: &out)
            JSONEncoding.append(",\"siginfo\":", to: &out)
            if let info = SignalInfoDecoder.decode(siginfo) {
                JSONEncoding.appendValue(info, to: &out)
            } else {
                JSONEncoding.append("null", to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A successful exec; `formerTid` is set when a non-leader thread exec'd and took over the process id.
    public func exec(filename: String?, pid: Int32, tid: Int32, formerTid: Int32? = nil, timestamp: Double?) -> String {
        text {
            appendExec(filename: filename, pid: pid, tid: tid, formerTid: formerTid,
                       timestamp: timestamp.map(JSONSeconds.seconds), to: &$0)
        }
    }

    /// A thread or process that exited with `code`, or was killed by `signal`.
    public func exit(code: Int32?, signal: Int32?, coreDumped: Bool = false, pid: Int32, tid: Int32, timestamp: Double?)
        -> String
    {
        text {
            appendExit(code: code, signal: signal, coreDumped: coreDumped, pid: pid, tid: tid,
                       timestamp: timestamp.map(JSONSeconds.seconds), to: &$0)
        }
    }

    // MARK: Appending forms

    /// Appends the `syscall` object (without a newline) to `out`; `process` adds watch's process fields after `tid`.
    package func appendSyscall(
        _ completed: CompletedSyscall, pid: Int32, tid: Int32, process: JSONProcessFields? = nil,
        timestamp: JSONSeconds?, duration: JSONSeconds?, to out: inout [UInt8]
    ) {
        appendHeader("syscall", pid: pid, tid: tid, process: process, timestamp: timestamp, to: &out)
        JSONEncoding.append(",\"name\":", to: &out)
        JSONEncoding.appendString(completed.name, to: &out)
        JSONEncoding.append(",\"number\":", to: &out)
        JSONEncoding.appendDecimal(Int64(completed.invocation.number), to: &out)
        JSONEncoding.append(",\"args\":{", to: &out)
        for (index, argument) in completed.arguments.enumerated() {
            JSONEncoding.appendKey(argument.isUpdate ? argument.name + "_after" : argument.name, first: index == 0,
                                   to: &out)
            JSONEncoding.appendValue(argument.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        switch (completed.outcome, completed.result) {
        case (.unknown, _), (_, .unknown):
            JSONEncoding.append(",\"return\":null", to: &out)
        case (.returned(let raw), .value(let value, let annotation)):
            JSONEncoding.append(",\"return\":", to: &out)
            JSONEncoding.appendDecimal(raw, to: &out)
            switch value {
            case .signed, .unsigned, .hex, .octal: break
            default:
                JSONEncoding.append(",\"return_decoded\":", to: &out)
                JSONEncoding.appendValue(value, to: &out)
            }
            if let annotation {
                JSONEncoding.append(",\"return_detail\":", to: &out)
                JSONEncoding.appendValue(annotation, to: &out)
            }
        case (.returned, .error(let errno, let name, let message, let restart)):
            JSONEncoding.append(",\"return\":-1,\"errno\":", to: &out)
            JSONEncoding.appendDecimal(Int64(errno), to: &out)
            if let name {
                JSONEncoding.append(",\"errno_name\":", to: &out)
                JSONEncoding.appendString(name, to: &out)
            }
            if let message {
                JSONEncoding.append(",\"error\":", to: &out)
                JSONEncoding.appendString(message, to: &out)
            }
            if restart { JSONEncoding.append(",\"restart\":true", to: &out) }
        }
        if completed.injected { JSONEncoding.append(",\"injected\":true", to: &out) }
        JSONEncoding.append(",\"duration\":", to: &out)
        appendSeconds(duration, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Appends the `exec` object; `argv` (watch: what the kernel copied of the new image's argv) follows `filename`.
    package func appendExec(
        filename: String?, argv: [String]? = nil, pid: Int32, tid: Int32, formerTid: Int32? = nil,
        process: JSONProcessFields? = nil, timestamp: JSONSeconds?, to out: inout [UInt8]
    ) {
        appendHeader("exec", pid: pid, tid: tid, process: process, timestamp: timestamp, to: &out)
        JSONEncoding.append(",\"filename\":", to: &out)
        if let filename { JSONEncoding.appendString(filename, to: &out) } else { JSONEncoding.append("null", to: &out) }
        if let argv {
            JSONEncoding.append(",\"argv\":[", to: &out)
            for (index, argument) in argv.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONEncoding.appendString(argument, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        if let formerTid {
            JSONEncoding.append(",\"former_tid\":", to: &out)
            JSONEncoding.appendDecimal(Int64(formerTid), to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends the `exit` object.
    package func appendExit(
        code: Int32?, signal: Int32?, coreDumped: Bool = false, pid: Int32, tid: Int32,
        process: JSONProcessFields? = nil, timestamp: JSONSeconds?, to out: inout [UInt8]
    ) {
        appendHeader("exit", pid: pid, tid: tid, process: process, timestamp: timestamp, to: &out)
        JSONEncoding.append(",\"code\":", to: &out)
        if let code { JSONEncoding.appendDecimal(Int64(code), to: &out) } else { JSONEncoding.append("null", to: &out) }
        JSONEncoding.append(",\"signal\":", to: &out)
        if let signal { JSONEncoding.appendString(SignalNames.name(signal), to: &out) } else { JSONEncoding.append("null", to: &out) }
        if coreDumped { JSONEncoding.append(",\"core_dumped\":true", to: &out) }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends a `fork` object (watch only: the tracer reports new tasks through their first syscalls instead).
    package func appendFork(
        childPID: Int32, childTID: Int32, pid: Int32, tid: Int32, process: JSONProcessFields? = nil,
        timestamp: JSONSeconds?, to out: inout [UInt8]
    ) {
        appendHeader("fork", pid: pid, tid: tid, process: process, timestamp: timestamp, to: &out)
        JSONEncoding.append(",\"child_pid\":", to: &out)
        JSONEncoding.appendDecimal(Int64(childPID), to: &out)
        JSONEncoding.append(",\"child_tid\":", to: &out)
        JSONEncoding.appendDecimal(Int64(childTID), to: &out)
        out.append(UInt8(ascii: "}"))
    }

    // MARK: Parts

    /// `{"type":…,"timestamp":…,"pid":…,"tid":…` and the process fields, if any; the object stays open.
    private func appendHeader(
        _ type: String, pid: Int32, tid: Int32, process: JSONProcessFields?, timestamp: JSONSeconds?,
        to out: inout [UInt8]
    ) {
        // The types are plain identifiers: nothing to escape.
        JSONEncoding.append("{\"type\":\"", to: &out)
        out += type.utf8
        JSONEncoding.append("\",\"timestamp\":", to: &out)
        appendSeconds(timestamp, to: &out)
        JSONEncoding.append(",\"pid\":", to: &out)
        JSONEncoding.appendDecimal(Int64(pid), to: &out)
        JSONEncoding.append(",\"tid\":", to: &out)
        JSONEncoding.appendDecimal(Int64(tid), to: &out)
        if let process {
            JSONEncoding.append(",\"ppid\":", to: &out)
            JSONEncoding.appendDecimal(Int64(process.ppid), to: &out)
            JSONEncoding.append(",\"uid\":", to: &out)
            JSONEncoding.appendDecimal(UInt64(process.uid), to: &out)
            JSONEncoding.append(",\"gid\":", to: &out)
            JSONEncoding.appendDecimal(UInt64(process.gid), to: &out)
            JSONEncoding.append(",\"comm\":", to: &out)
            JSONEncoding.appendString(process.command, to: &out)
            JSONEncoding.append(",\"cgroup\":", to: &out)
            JSONEncoding.appendDecimal(process.cgroupID, to: &out)
        }
    }

    private func appendSeconds(_ seconds: JSONSeconds?, to out: inout [UInt8]) {
        switch seconds {
        case nil:
            JSONEncoding.append("null", to: &out)
        case .seconds(let seconds):
            let micro = UInt64((max(seconds, 0) * 1_000_000).rounded())
            appendFixed(micro, decimals: 6, to: &out)
        case .nanoseconds(let nanoseconds, let digits):
            let digits = min(max(digits, 0), 9)
            var divisor: UInt64 = 1
            for _ in digits..<9 { divisor *= 10 }
            appendFixed((nanoseconds + divisor / 2) / divisor, decimals: digits, to: &out)
        }
    }

    /// `scaled` (a count of 10^-decimals seconds) as `S.FFFFFF`.
    private func appendFixed(_ scaled: UInt64, decimals: Int, to out: inout [UInt8]) {
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        JSONEncoding.appendDecimal(scaled / scale, to: &out)
        out.append(UInt8(ascii: "."))
        JSONEncoding.appendDigits(scaled % scale, count: decimals, to: &out)
    }

    private func text(_ body: (inout [UInt8]) -> Void) -> String {
        var out: [UInt8] = []
        body(&out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// A time or duration in JSON output, in seconds. The tracer measures in floating-point seconds; the kernel (watch)
/// in integer nanoseconds, which are written without going through floating point.
package enum JSONSeconds: Sendable, Hashable {
    /// Written with microsecond precision.
    case seconds(Double)
    /// Written with `digits` decimals (at most 9), rounded.
    case nanoseconds(UInt64, digits: Int)
}

/// The fields `syshook watch` adds after `tid`: the task as the kernel saw it when the event was recorded.
package struct JSONProcessFields: Sendable, Hashable {
    package var ppid: Int32
    package var uid: UInt32
    package var gid: UInt32
    /// `comm`, at most 15 bytes.
    package var command: String
    /// The cgroup v2 id.
    package var cgroupID: UInt64

    package init(ppid: Int32, uid: UInt32, gid: UInt32, command: String, cgroupID: UInt64) {
        self.ppid = ppid
        self.uid = uid
        self.gid = gid
        self.command = command
        self.cgroupID = cgroupID
    }
}
