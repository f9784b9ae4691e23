/// execve's argument and environment arrays, clone3's `struct clone_args`, prctl options.
extension DecoderRegistry {
    /// Reads a NULL-terminated array of string pointers, at most `limit` entries (and a hard cap against loops).
    static func stringPointers(_ c: DecodeContext, _ address: UInt64, limit: Int) -> (pointers: [UInt64], more: Bool)? {
        var pointers: [UInt64] = []
        var cursor = address
        let cap = min(limit, 1 << 16)
        while pointers.count <= cap {
            guard let bytes = c.bytes(at: cursor, count: 8) else { return pointers.isEmpty ? nil : (pointers, false) }
            let pointer = ByteReader(bytes).uint64(0)
            if pointer == 0 { return (pointers, false) }
            if pointers.count == cap { return (pointers, true) }
            pointers.append(pointer)
            cursor &+= 8
        }
        return (pointers, true)
    }

    /// `["ls", "-l"]`, each element cut at `-s`; `...` after `-s` elements unless `-v`.
    static func argv(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let (pointers, more) = stringPointers(c, address, limit: c.options.arrayLimit) else {
            return .address(address)
        }
        return .array(pointers.map { c.string(at: $0) }, more: more)
    }

    /// The environment: with `-v` the whole array, else `0x7ffd… /* 35 vars */`.
    static func environment(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        if c.options.verbose { return argv(c, address) }
        guard let (pointers, _) = stringPointers(c, address, limit: 1 << 16) else { return .address(address) }
        return .commented(.address(address), "\(pointers.count) var\(pointers.count == 1 ? "" : "s")")
    }

    /// `struct clone_args` (64 to 88 bytes): only the fields the flags make meaningful, as strace prints them.
    static func cloneArguments(_ c: DecodeContext, _ address: UInt64, size: UInt64) -> DecodedValue {
        guard size >= 64, let bytes = c.bytes(at: address, count: Int(min(size, 88))) else { return .address(address) }
        let r = ByteReader(bytes)
        let flags = r.uint64(0)
        var fields: [DecodedValue.Field] = [.init("flags", Xlat.clone3Flags.flags(flags))]
        if flags & 0x1000 != 0 { fields.append(.init("pidfd", .address(r.uint64(8)))) }
        if flags & 0x0120_0000 != 0 { fields.append(.init("child_tid", .address(r.uint64(16)))) }
        if flags & 0x0010_0000 != 0 { fields.append(.init("parent_tid", .address(r.uint64(24)))) }
        let exitSignal = r.uint64(32)
        fields.append(
            .init(
                "exit_signal",
                exitSignal <= 64 && exitSignal > 0 ? SignalNames.value(Int32(exitSignal)) : .unsigned(exitSignal)
            )
        )
        fields.append(.init("stack", .address(r.uint64(40))))
        fields.append(.init("stack_size", .hex(r.uint64(48))))
        if flags & 0x0008_0000 != 0 { fields.append(.init("tls", .address(r.uint64(56)))) }
        if bytes.count >= 80, r.uint64(72) != 0 {
            fields.append(.init("set_tid", .address(r.uint64(64))))
            fields.append(.init("set_tid_size", .unsigned(r.uint64(72))))
        }
        if bytes.count >= 88, flags & 0x2_0000_0000 != 0 { fields.append(.init("cgroup", .unsigned(r.uint64(80)))) }
        return .structure(fields)
    }

    /// What clone3 wrote back: `{pidfd=[3], parent_tid=[1234]}`.
    static func cloneArgumentsUpdate(_ c: DecodeContext, _ address: UInt64, size: UInt64, _ outcome: SyscallOutcome)
        -> DecodedValue?
    {
        guard DecodeContext.success(outcome).map({ $0 > 0 }) == true, size >= 64,
            let bytes = c.bytes(at: address, count: 64)
        else { return nil }
        let r = ByteReader(bytes)
        let flags = r.uint64(0)
        var fields: [DecodedValue.Field] = []
        if flags & 0x1000 != 0 { fields.append(.init("pidfd", c.intPointee(at: r.uint64(8)))) }
        if flags & 0x0010_0000 != 0 { fields.append(.init("parent_tid", c.intPointee(at: r.uint64(24)))) }
        return fields.isEmpty ? nil : .structure(fields)
    }

    static func prctlEntry(_ c: DecodeContext) -> [DecodedArgument] {
        let option = c.constant("option", 0, Xlat.prctlOptions, unknown: "PR_???")
        let rest = (1...4).map { c.hex("arg\($0 + 1)", $0) }
        switch Xlat.prctlOptions.name(of: UInt64(c.uint(0))) {
        case "PR_SET_NAME": return [option, c.string("arg2", 1)]
        case "PR_GET_NAME", "PR_GET_PDEATHSIG", "PR_GET_TID_ADDRESS": return [option]
        case "PR_SET_PDEATHSIG":
            return [option, DecodedArgument("arg2", SignalNames.value(Int32(truncatingIfNeeded: c[1])))]
        case "PR_GET_DUMPABLE", "PR_GET_KEEPCAPS", "PR_GET_SECCOMP", "PR_GET_CHILD_SUBREAPER", "PR_GET_NO_NEW_PRIVS",
            "PR_GET_TIMERSLACK", "PR_GET_THP_DISABLE", "PR_GET_SECUREBITS", "PR_GET_IO_FLUSHER", "PR_GET_FP_MODE",
            "PR_TASK_PERF_EVENTS_DISABLE", "PR_TASK_PERF_EVENTS_ENABLE", "PR_GET_TAGGED_ADDR_CTRL", "PR_MCE_KILL_GET":
            return [option]
        case "PR_SET_DUMPABLE":
            return [
                option, DecodedArgument("arg2", Xlat.dumpableValues.constant(Int64(bitPattern: c[1]), format: .hex)),
            ]
        case "PR_SET_KEEPCAPS", "PR_SET_CHILD_SUBREAPER", "PR_SET_TIMERSLACK", "PR_SET_IO_FLUSHER":
            return [option, c.ulong("arg2", 1)]
        case "PR_SET_NO_NEW_PRIVS", "PR_SET_THP_DISABLE":
            return [option] + (1...4).map { c.ulong("arg\($0 + 1)", $0) }
        case "PR_CAPBSET_READ", "PR_CAPBSET_DROP":
            return [
                option,
                DecodedArgument("arg2", Xlat.capabilities.constant(Int64(c.uint(1)), format: .hex, unknown: "CAP_???")),
            ]
        case "PR_SET_SECCOMP":
            let mode = Xlat.seccompModes.constant(Int64(bitPattern: c[1]), format: .hex, unknown: "SECCOMP_MODE_???")
            if c[1] == 2 {
                return [option, DecodedArgument("arg2", mode), DecodedArgument("arg3", filterProgram(c, c[2]))]
            }
            return [option, DecodedArgument("arg2", mode)]
        case "PR_SET_MM", "PR_SET_VMA", nil:
            return [option] + rest
        default:
            return [option] + rest
        }
    }

    static func prctlExit(_ c: DecodeContext, _ outcome: SyscallOutcome) -> [DecodedArgument] {
        switch Xlat.prctlOptions.name(of: UInt64(c.uint(0))) {
        case "PR_GET_NAME":
            return [
                DecodedArgument("arg2", DecodeContext.success(outcome) != nil ? c.string(at: c[1]) : .address(c[1]))
            ]
        case "PR_GET_PDEATHSIG":
            guard DecodeContext.success(outcome) != nil, let bytes = c.bytes(at: c[1], count: 4) else {
                return [c.pointer("arg2", 1)]
            }
            return [DecodedArgument("arg2", .pointee(SignalNames.value(ByteReader(bytes).int32(0))))]
        case "PR_GET_TID_ADDRESS":
            guard DecodeContext.success(outcome) != nil, let bytes = c.bytes(at: c[1], count: 8) else {
                return [c.pointer("arg2", 1)]
            }
            return [DecodedArgument("arg2", .pointee(.address(ByteReader(bytes).uint64(0))))]
        default:
            return []
        }
    }
}
