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
            out += ",\"signal\":".utf8
            JSONEncoding.appendString(SignalNames.name(signal), to: &out)
            out += ",\"number\":".utf8
            JSONEncoding.appendDecimal(Int64(signal), to: &out)
            out += ",\"siginfo\":".utf8
            if let info = SignalInfoDecoder.decode(siginfo) {
                JSONEncoding.appendValue(info, to: &out)
            } else {
                out += "null".utf8
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
        out += ",\"name\":".utf8
        JSONEncoding.appendString(completed.name, to: &out)
        out += ",\"number\":".utf8
        JSONEncoding.appendDecimal(Int64(completed.invocation.number), to: &out)
        out += ",\"args\":{".utf8
        for (index, argument) in completed.arguments.enumerated() {
            JSONEncoding.appendKey(argument.isUpdate ? argument.name + "_after" : argument.name, first: index == 0,
                                   to: &out)
            JSONEncoding.appendValue(argument.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        switch (completed.outcome, completed.result) {
        case (.unknown, _), (_, .unknown):
            out += ",\"return\":null".utf8
        case (.returned(let raw), .value(let value, let annotation)):
            out += ",\"return\":".utf8
            JSONEncoding.appendDecimal(raw, to: &out)
            switch value {
            case .signed, .unsigned, .hex, .octal: break
            default:
                out += ",\"return_decoded\":".utf8
                JSONEncoding.appendValue(value, to: &out)
            }
            if let annotation {
                out += ",\"return_detail\":".utf8
                JSONEncoding.appendValue(annotation, to: &out)
            }
        case (.returned, .error(let errno, let name, let message, let restart)):
            out += ",\"return\":-1,\"errno\":".utf8
            JSONEncoding.appendDecimal(Int64(errno), to: &out)
            if let name {
                out += ",\"errno_name\":".utf8
                JSONEncoding.appendString(name, to: &out)
            }
            if let message {
                out += ",\"error\":".utf8
                JSONEncoding.appendString(message, to: &out)
            }
            if restart { out += ",\"restart\":true".utf8 }
        }
        if completed.injected { out += ",\"injected\":true".utf8 }
        out += ",\"duration\":".utf8
        appendSeconds(duration, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Appends the `exec` object; `argv` (watch: what the kernel copied of the new image's argv) follows `filename`.
    package func appendExec(
        filename: String?, argv: [String]? = nil, pid: Int32, tid: Int32, formerTid: Int32? = nil,
        process: JSONProcessFields? = nil, timestamp: JSONSeconds?, to out: inout [UInt8]
    ) {
        appendHeader("exec", pid: pid, tid: tid, process: process, timestamp: timestamp, to: &out)
        out += ",\"filename\":".utf8
        if let filename { JSONEncoding.appendString(filename, to: &out) } else { out += "null".utf8 }
        if let argv {
            out += ",\"argv\":[".utf8
            for (index, argument) in argv.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONEncoding.appendString(argument, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        if let formerTid {
            out += ",\"former_tid\":".utf8
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
        out += ",\"code\":".utf8
        if let code { JSONEncoding.appendDecimal(Int64(code), to: &out) } else { out += "null".utf8 }
        out += ",\"signal\":".utf8
        if let signal { JSONEncoding.appendString(SignalNames.name(signal), to: &out) } else { out += "null".utf8 }
        if coreDumped { out += ",\"core_dumped\":true".utf8 }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends a `fork` object (watch only: the tracer reports new tasks through their first syscalls instead).
    package func appendFork(
        childPID: Int32, childTID: Int32, pid: Int32, tid: Int32, process: JSONProcessFields? = nil,
        timestamp: JSONSeconds?, to out: inout [UInt8]
    ) {
        appendHeader("fork", pid: pid, tid: tid, process: process, timestamp: timestamp, to: &out)
        out += ",\"child_pid\":".utf8
        JSONEncoding.appendDecimal(Int64(childPID), to: &out)
        out += ",\"child_tid\":".utf8
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
        out += "{\"type\":\"".utf8
        out += type.utf8
        out += "\",\"timestamp\":".utf8
        appendSeconds(timestamp, to: &out)
        out += ",\"pid\":".utf8
        JSONEncoding.appendDecimal(Int64(pid), to: &out)
        out += ",\"tid\":".utf8
        JSONEncoding.appendDecimal(Int64(tid), to: &out)
        if let process {
            out += ",\"ppid\":".utf8
            JSONEncoding.appendDecimal(Int64(process.ppid), to: &out)
            out += ",\"uid\":".utf8
            JSONEncoding.appendDecimal(UInt64(process.uid), to: &out)
            out += ",\"gid\":".utf8
            JSONEncoding.appendDecimal(UInt64(process.gid), to: &out)
            out += ",\"comm\":".utf8
            JSONEncoding.appendString(process.command, to: &out)
            out += ",\"cgroup\":".utf8
            JSONEncoding.appendDecimal(process.cgroupID, to: &out)
        }
    }

    private func appendSeconds(_ seconds: JSONSeconds?, to out: inout [UInt8]) {
        switch seconds {
        case nil:
            out += "null".utf8
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
