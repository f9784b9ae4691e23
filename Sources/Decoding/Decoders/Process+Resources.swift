/// Resource limits and usage, uname, sysinfo, capabilities.
extension DecoderRegistry {
    static let resourceDecoders: [String: SyscallDecoder] = [
        "prlimit64": SyscallDecoder(
            entry: { c in
                [
                    c.int("pid", 0), c.constant("resource", 1, Xlat.rlimitResources, unknown: "RLIMIT_???"),
                    DecodedArgument("new_rlim", rlimit(c, c[2])),
                ]
            },
            exit: { c, outcome in
                [DecodedArgument("old_rlim", DecodeContext.success(outcome) != nil ? rlimit(c, c[3]) : .address(c[3]))]
            }
        ),
        "getrlimit": SyscallDecoder(
            entry: { c in [c.constant("resource", 0, Xlat.rlimitResources, unknown: "RLIMIT_???")] },
            exit: { c, outcome in
                [DecodedArgument("rlim", DecodeContext.success(outcome) != nil ? rlimit(c, c[1]) : .address(c[1]))]
            }
        ),
        "setrlimit": .atEntry { c in
            [
                c.constant("resource", 0, Xlat.rlimitResources, unknown: "RLIMIT_???"),
                DecodedArgument("rlim", rlimit(c, c[1])),
            ]
        },
        "getrusage": SyscallDecoder(
            entry: { c in
                [
                    DecodedArgument(
                        "who",
                        Xlat.rusageWho.constant(Int64(c.int(0)), format: .decimal, unknown: "RUSAGE_???")
                    )
                ]
            },
            exit: { c, outcome in [DecodedArgument("ru", rusage(c, c[1], outcome))] }
        ),
        "uname": SyscallDecoder(
            entry: { _ in [] },
            exit: { c, outcome in [DecodedArgument("name", utsname(c, c[0], outcome))] }
        ),
        "sysinfo": SyscallDecoder(
            entry: { _ in [] },
            exit: { c, outcome in [DecodedArgument("info", sysinfo(c, c[0], outcome))] }
        ),
        "capget": SyscallDecoder(
            entry: { c in [DecodedArgument("header", capabilityHeader(c, c[0]))] },
            exit: { c, outcome in
                [
                    DecodedArgument(
                        "dataptr",
                        DecodeContext.success(outcome) != nil ? capabilityData(c, c[1]) : .address(c[1])
                    )
                ]
            }
        ),
        "capset": .atEntry { c in
            [DecodedArgument("header", capabilityHeader(c, c[0])), DecodedArgument("data", capabilityData(c, c[1]))]
        },
    ]

    /// `{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}`.
    static func rlimit(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 16) else { return .address(address) }
        let r = ByteReader(bytes)
        func limit(_ value: UInt64) -> DecodedValue {
            let raw = Int64(bitPattern: value)
            if value == UInt64.max {
                return .constant(ConstantValue(raw: raw, name: "RLIM64_INFINITY", format: .unsignedDecimal))
            }
            if value > 1024 && value % 1024 == 0 {
                return .constant(ConstantValue(raw: raw, name: "\(value / 1024)*1024", format: .unsignedDecimal))
            }
            return .unsigned(value)
        }
        return .structure([.init("rlim_cur", limit(r.uint64(0))), .init("rlim_max", limit(r.uint64(8)))])
    }

    /// `struct utsname`: six 65-byte strings; abbreviated to two unless `-v`.
    static func utsname(_ c: DecodeContext, _ address: UInt64, _ outcome: SyscallOutcome) -> DecodedValue {
        guard DecodeContext.success(outcome) != nil, let bytes = c.bytes(at: address, count: 390) else {
            return .address(address)
        }
        let names = ["sysname", "nodename", "release", "version", "machine", "domainname"]
        var fields: [DecodedValue.Field] = []
        for (index, name) in names.enumerated() {
            if !c.options.verbose && index == 2 {
                fields.append(.init(nil, .elided))
                break
            }
            let field = Array(bytes[(index * 65)..<(index * 65 + 65)])
            let text = Array(field.prefix { $0 != 0 })
            let limit = c.options.stringLimit
            fields.append(
                .init(name, .string(StringValue(bytes: Array(text.prefix(limit)), truncated: text.count > limit)))
            )
        }
        return .structure(fields)
    }

    /// x86-64 `struct sysinfo` (112 bytes).
    static func sysinfo(_ c: DecodeContext, _ address: UInt64, _ outcome: SyscallOutcome) -> DecodedValue {
        guard DecodeContext.success(outcome) != nil, let bytes = c.bytes(at: address, count: 112) else {
            return .address(address)
        }
        let r = ByteReader(bytes)
        return .structure([
            .init("uptime", .signed(r.int64(0))),
            .init(
                "loads",
                .array([.unsigned(r.uint64(8)), .unsigned(r.uint64(16)), .unsigned(r.uint64(24))], more: false)
            ),
            .init("totalram", .unsigned(r.uint64(32))), .init("freeram", .unsigned(r.uint64(40))),
            .init("sharedram", .unsigned(r.uint64(48))), .init("bufferram", .unsigned(r.uint64(56))),
            .init("totalswap", .unsigned(r.uint64(64))), .init("freeswap", .unsigned(r.uint64(72))),
            .init("procs", .unsigned(UInt64(r.uint16(80)))), .init("totalhigh", .unsigned(r.uint64(88))),
            .init("freehigh", .unsigned(r.uint64(96))), .init("mem_unit", .unsigned(UInt64(r.uint32(104)))),
        ])
    }

    static func capabilityHeader(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard let bytes = c.bytes(at: address, count: 8) else { return .address(address) }
        let r = ByteReader(bytes)
        return .structure([
            .init(
                "version",
                Xlat.capabilityVersions.constant(
                    Int64(r.uint32(0)),
                    format: .hex,
                    unknown: "_LINUX_CAPABILITY_VERSION_???"
                )
            ),
            .init("pid", .signed(Int64(r.int32(4)))),
        ])
    }

    /// Two `__user_cap_data_struct`s (version 2 and 3): effective, permitted, inheritable as 64-bit sets.
    static func capabilityData(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 24) else { return .address(address) }
        let r = ByteReader(bytes)
        func set(_ offset: Int) -> DecodedValue {
            let value = UInt64(r.uint32(offset)) | UInt64(r.uint32(offset + 12)) << 32
            var names: [String] = []
            var unknown: UInt64 = 0
            for bit in 0..<64 where value & (1 << UInt64(bit)) != 0 {
                if let name = Xlat.capabilities.name(of: UInt64(bit)) {
                    names.append("1<<" + name)
                } else {
                    unknown |= 1 << UInt64(bit)
                }
            }
            return .flags(FlagsValue(raw: value, names: names, leftover: unknown))
        }
        return .structure([.init("effective", set(0)), .init("permitted", set(4)), .init("inheritable", set(8))])
    }
}
