import SyscallTables

/// JSON Lines output (`--format json`): one object per completed syscall, signal, exec and exit. The schema is in
/// docs/json-schema.md; every object has `type`, `timestamp` (seconds since the epoch, or null), `pid` and `tid`.
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
        var members = header("syscall", pid: pid, tid: tid, timestamp: timestamp)
        members.append(("name", JSONEncoding.string(completed.name)))
        members.append(("number", String(completed.invocation.number)))
        var arguments: [(String, String)] = []
        for argument in completed.arguments {
            arguments.append(
                (argument.isUpdate ? argument.name + "_after" : argument.name, JSONEncoding.value(argument.value))
            )
        }
        members.append(("args", JSONEncoding.object(arguments)))
        switch (completed.outcome, completed.result) {
        case (.unknown, _), (_, .unknown):
            members.append(("return", "null"))
        case (.returned(let raw), .value(let value, let annotation)):
            members.append(("return", String(raw)))
            switch value {
            case .signed, .unsigned, .hex, .octal: break
            default: members.append(("return_decoded", JSONEncoding.value(value)))
            }
            if let annotation { members.append(("return_detail", JSONEncoding.value(annotation))) }
        case (.returned, .error(let errno, let name, let message, let restart)):
            members.append(("return", "-1"))
            members.append(("errno", String(errno)))
            if let name { members.append(("errno_name", JSONEncoding.string(name))) }
            if let message { members.append(("error", JSONEncoding.string(message))) }
            if restart { members.append(("restart", "true")) }
        }
        if completed.injected { members.append(("injected", "true")) }
        members.append(("duration", duration.map(Self.number) ?? "null"))
        return JSONEncoding.object(members)
    }

    /// A signal delivered to `tid`, with its siginfo decoded.
    public func signal(_ signal: Int32, siginfo: [UInt8], pid: Int32, tid: Int32, timestamp: Double?) -> String {
        var members = header("signal", pid: pid, tid: tid, timestamp: timestamp)
        members.append(("signal", JSONEncoding.string(SignalNames.name(signal))))
        members.append(("number", String(signal)))
        members.append(("siginfo", SignalInfoDecoder.decode(siginfo).map(JSONEncoding.value) ?? "null"))
        return JSONEncoding.object(members)
    }

    /// A successful exec; `formerTid` is set when a non-leader thread exec'd and took over the process id.
    public func exec(filename: String?, pid: Int32, tid: Int32, formerTid: Int32? = nil, timestamp: Double?) -> String {
        var members = header("exec", pid: pid, tid: tid, timestamp: timestamp)
        members.append(("filename", filename.map(JSONEncoding.string) ?? "null"))
        if let formerTid { members.append(("former_tid", String(formerTid))) }
        return JSONEncoding.object(members)
    }

    /// A thread or process that exited with `code`, or was killed by `signal`.
    public func exit(code: Int32?, signal: Int32?, coreDumped: Bool = false, pid: Int32, tid: Int32, timestamp: Double?)
        -> String
    {
        var members = header("exit", pid: pid, tid: tid, timestamp: timestamp)
        members.append(("code", code.map { String($0) } ?? "null"))
        members.append(("signal", signal.map { JSONEncoding.string(SignalNames.name($0)) } ?? "null"))
        if coreDumped { members.append(("core_dumped", "true")) }
        return JSONEncoding.object(members)
    }

    private func header(_ type: String, pid: Int32, tid: Int32, timestamp: Double?) -> [(String, String)] {
        [
            ("type", JSONEncoding.string(type)), ("timestamp", timestamp.map(Self.number) ?? "null"),
            ("pid", String(pid)), ("tid", String(tid)),
        ]
    }

    /// A non-negative number of seconds with microsecond precision.
    static func number(_ seconds: Double) -> String {
        let micro = UInt64((max(seconds, 0) * 1_000_000).rounded())
        let fraction = String(micro % 1_000_000)
        return String(micro / 1_000_000) + "." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}
