/// wait4 and waitid: exit statuses, siginfo and resource usage.
extension DecoderRegistry {
    static let waitDecoders: [String: SyscallDecoder] = [
        "wait4": SyscallDecoder(
            entry: { c in [c.int("upid", 0)] },
            exit: { c, outcome in
                let status: DecodedValue
                if c[1] == 0 {
                    status = .address(0)
                } else if DecodeContext.success(outcome).map({ $0 > 0 }) == true,
                    let bytes = c.bytes(at: c[1], count: 4)
                {
                    status = .pointee(waitStatus(ByteReader(bytes).int32(0)))
                } else {
                    status = .address(c[1])
                }
                return [
                    DecodedArgument("stat_addr", status), c.flags("options", 2, Xlat.waitOptions),
                    DecodedArgument("ru", rusage(c, c[3], outcome)),
                ]
            }
        ),
        "waitid": SyscallDecoder(
            entry: { c in
                [c.constant("which", 0, Xlat.waitidTypes, unknown: "P_???"), c.int("upid", 1)]
            },
            exit: { c, outcome in
                var info: DecodedValue = .address(c[2])
                if DecodeContext.success(outcome) != nil, c[2] != 0, let bytes = c.bytes(at: c[2], count: 128) {
                    info =
                        ByteReader(bytes).int32(0) == 0
                        ? .structure([]) : (SignalInfoDecoder.decode(bytes) ?? .address(c[2]))
                }
                return [
                    DecodedArgument("infop", info), c.flags("options", 3, Xlat.waitOptions),
                    DecodedArgument("ru", rusage(c, c[4], outcome)),
                ]
            }
        ),
    ]

    /// `{WIFEXITED(s) && WEXITSTATUS(s) == 3}` and friends.
    static func waitStatus(_ status: Int32) -> DecodedValue {
        let low = status & 0x7F
        var text: String
        if status & 0xFF == 0x7F {
            text = "WIFSTOPPED(s) && WSTOPSIG(s) == \(SignalNames.name((status >> 8) & 0xFF))"
            let event = (status >> 16) & 0xFF
            if event != 0 {
                let names = [
                    1: "PTRACE_EVENT_FORK", 2: "PTRACE_EVENT_VFORK", 3: "PTRACE_EVENT_CLONE", 4: "PTRACE_EVENT_EXEC",
                    5: "PTRACE_EVENT_VFORK_DONE", 6: "PTRACE_EVENT_EXIT", 7: "PTRACE_EVENT_SECCOMP",
                    128: "PTRACE_EVENT_STOP",
                ]
                return .structure([.init(nil, .verbatim(text))]).withSuffix(
                    " | \(names[Int(event)] ?? String(event)) << 16"
                )
            }
        } else if status == 0xFFFF {
            text = "WIFCONTINUED(s)"
        } else if low == 0 {
            text = "WIFEXITED(s) && WEXITSTATUS(s) == \((status >> 8) & 0xFF)"
        } else {
            text = "WIFSIGNALED(s) && WTERMSIG(s) == \(SignalNames.name(low))"
            if status & 0x80 != 0 { text += " && WCOREDUMP(s)" }
        }
        return .structure([.init(nil, .verbatim(text))])
    }

    /// `struct rusage`: abbreviated to the two times unless `-v`.
    static func rusage(_ c: DecodeContext, _ address: UInt64, _ outcome: SyscallOutcome) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard DecodeContext.success(outcome) != nil, let bytes = c.bytes(at: address, count: 144) else {
            return .address(address)
        }
        let r = ByteReader(bytes)
        func timeval(_ offset: Int) -> DecodedValue {
            .structure([.init("tv_sec", .signed(r.int64(offset))), .init("tv_usec", .signed(r.int64(offset + 8)))])
        }
        var fields: [DecodedValue.Field] = [.init("ru_utime", timeval(0)), .init("ru_stime", timeval(16))]
        if !c.options.verbose {
            fields.append(.init(nil, .elided))
            return .structure(fields)
        }
        let names = [
            "ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt", "ru_majflt", "ru_nswap", "ru_inblock",
            "ru_oublock", "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw",
        ]
        for (index, name) in names.enumerated() { fields.append(.init(name, .signed(r.int64(32 + index * 8)))) }
        return .structure(fields)
    }
}

extension DecodedValue {
    /// Appends raw text inside the braces of a one-field structure (wait status with a ptrace event).
    func withSuffix(_ suffix: String) -> DecodedValue {
        guard case .structure(let fields) = self, let first = fields.first, case .verbatim(let text) = first.value
        else { return self }
        return .structure([.init(nil, .verbatim(text + suffix))])
    }
}
