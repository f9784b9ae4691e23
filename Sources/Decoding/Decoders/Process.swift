/// Decoders of the process family: exec, fork/clone, exit, kill, ids, prctl.
extension DecoderRegistry {
    static let processDecoders: [String: SyscallDecoder] = [
        "execve": .atEntry { c in
            [
                c.path("filename", 0), DecodedArgument("argv", argv(c, c[1])),
                DecodedArgument("envp", environment(c, c[2])),
            ]
        },
        "execveat": .atEntry { c in
            [
                c.dirfd("fd", 0), c.path("filename", 1), DecodedArgument("argv", argv(c, c[2])),
                DecodedArgument("envp", environment(c, c[3])), c.flags("flags", 4, Xlat.atFlags),
            ]
        },
        "fork": .atEntry { _ in [] },
        "vfork": .atEntry { _ in [] },
        "clone": SyscallDecoder(
            entry: { c in
                [
                    DecodedArgument("child_stack", .named("child_stack", .address(c[1]))),
                    DecodedArgument("flags", .named("flags", cloneFlags(c[0]))),
                ]
            },
            exit: { c, outcome in
                var arguments: [DecodedArgument] = []
                let flags = c[0]
                if flags & 0x0010_0000 != 0 {  // CLONE_PARENT_SETTID
                    let value = DecodeContext.success(outcome) != nil ? c.intPointee(at: c[2]) : .address(c[2])
                    arguments.append(DecodedArgument("parent_tid", .named("parent_tid", value)))
                }
                if flags & 0x0120_0000 != 0 {  // CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID
                    arguments.append(DecodedArgument("child_tidptr", .named("child_tidptr", .address(c[3]))))
                }
                if flags & 0x0008_0000 != 0 {  // CLONE_SETTLS
                    arguments.append(DecodedArgument("tls", .named("tls", .address(c[4]))))
                }
                return arguments
            }
        ),
        "clone3": SyscallDecoder(
            entry: { c in [DecodedArgument("cl_args", cloneArguments(c, c[0], size: c[1]))] },
            exit: { c, outcome in
                var arguments: [DecodedArgument] = []
                if let update = cloneArgumentsUpdate(c, c[0], size: c[1], outcome) {
                    arguments.append(DecodedArgument("cl_args", update, isUpdate: true))
                }
                return arguments + [c.ulong("size", 1)]
            }
        ),
        "exit": .atEntry(.noReturn) { c in [c.int("error_code", 0)] },
        "exit_group": .atEntry(.noReturn) { c in [c.int("error_code", 0)] },
        "kill": .atEntry { c in [c.int("pid", 0), DecodedArgument("sig", SignalNames.value(c.int(1)))] },
        "tkill": .atEntry { c in [c.int("pid", 0), DecodedArgument("sig", SignalNames.value(c.int(1)))] },
        "tgkill": .atEntry { c in
            [c.int("tgid", 0), c.int("pid", 1), DecodedArgument("sig", SignalNames.value(c.int(2)))]
        },
        "setuid": .atEntry { c in [c.int("uid", 0)] },
        "setgid": .atEntry { c in [c.int("gid", 0)] },
        "setfsuid": .atEntry { c in [c.int("uid", 0)] },
        "setfsgid": .atEntry { c in [c.int("gid", 0)] },
        "setreuid": .atEntry { c in [c.int("ruid", 0), c.int("euid", 1)] },
        "setregid": .atEntry { c in [c.int("rgid", 0), c.int("egid", 1)] },
        "setresuid": .atEntry { c in [c.int("ruid", 0), c.int("euid", 1), c.int("suid", 2)] },
        "setresgid": .atEntry { c in [c.int("rgid", 0), c.int("egid", 1), c.int("sgid", 2)] },
        "getresuid": SyscallDecoder(
            entry: { _ in [] },
            exit: { c, o in idTriple(c, o, names: ["ruid", "euid", "suid"]) }
        ),
        "getresgid": SyscallDecoder(
            entry: { _ in [] },
            exit: { c, o in idTriple(c, o, names: ["rgid", "egid", "sgid"]) }
        ),
        "getgroups": SyscallDecoder(
            entry: { c in [c.int("gidsetsize", 0)] },
            exit: { c, outcome in
                let count = DecodeContext.success(outcome).map { Int($0) }
                return [DecodedArgument("grouplist", groups(c, c[1], count: count ?? -1))]
            }
        ),
        "setgroups": .atEntry { c in
            [c.int("gidsetsize", 0), DecodedArgument("grouplist", groups(c, c[1], count: Int(c.int(0))))]
        },
        "set_tid_address": .atEntry { c in [c.pointer("tidptr", 0)] },
        "set_robust_list": .atEntry { c in [c.pointer("head", 0), c.ulong("len", 1)] },
        "rseq": .atEntry { c in [c.pointer("rseq", 0), c.hex("rseq_len", 1), c.int("flags", 2), c.hex("sig", 3)] },
        "arch_prctl": SyscallDecoder(
            entry: { c in [c.constant("option", 0, Xlat.archPrctlCodes, unknown: "ARCH_???")] },
            exit: { c, outcome in
                let name = Xlat.archPrctlCodes.name(of: UInt64(c.uint(0)))
                if name == "ARCH_GET_FS" || name == "ARCH_GET_GS", DecodeContext.success(outcome) != nil,
                    let bytes = c.bytes(at: c[1], count: 8)
                {
                    return [DecodedArgument("addr", .pointee(.hex(ByteReader(bytes).uint64(0))))]
                }
                return [c.hex("addr", 1)]
            }
        ),
        "prctl": SyscallDecoder(
            entry: { c in prctlEntry(c) },
            exit: { c, o in prctlExit(c, o) },
            annotation: { c, value in
                Xlat.prctlOptions.name(of: UInt64(c.uint(0))) == "PR_GET_DUMPABLE"
                    ? Xlat.dumpableValues.name(of: UInt64(bitPattern: value)).map { .verbatim($0) } : nil
            }
        ),
        "getrandom": SyscallDecoder(
            entry: { _ in [] },
            exit: { c, outcome in
                var buffer = returnedBuffer(c, at: c[0], outcome)
                if case .string(var string) = buffer {
                    string.forceHex = true
                    buffer = .string(string)
                }
                return [DecodedArgument("buf", buffer), c.ulong("count", 1), c.flags("flags", 2, Xlat.getrandomFlags)]
            }
        ),
        "sched_yield": .atEntry { _ in [] },
        "sched_getaffinity": SyscallDecoder(
            entry: { c in [c.int("pid", 0), c.uint("len", 1)] },
            exit: { c, outcome in
                let size = DecodeContext.success(outcome).map { UInt64(clamping: $0) }
                return [DecodedArgument("user_mask_ptr", size.map { cpuSet(c, c[2], size: $0) } ?? .address(c[2]))]
            }
        ),
        "sched_setaffinity": .atEntry { c in
            [
                c.int("pid", 0), c.uint("len", 1),
                DecodedArgument("user_mask_ptr", cpuSet(c, c[2], size: UInt64(c.uint(1)))),
            ]
        },
    ]

    /// Clone flags with the exit signal in the low byte: `CLONE_VM|CLONE_VFORK|SIGCHLD`.
    static func cloneFlags(_ raw: UInt64) -> DecodedValue {
        let signal = Int32(raw & 0xFF)
        var parts: [DecodedValue] = []
        if raw & ~0xFF != 0 || signal == 0 { parts.append(Xlat.cloneFlags.flags(raw & ~0xFF)) }
        if signal != 0 { parts.append(SignalNames.value(signal)) }
        return parts.count == 1 ? parts[0] : .combined(parts)
    }

    static func idTriple(_ c: DecodeContext, _ outcome: SyscallOutcome, names: [String]) -> [DecodedArgument] {
        (0..<3).map { index in
            DecodedArgument(
                names[index],
                DecodeContext.success(outcome) != nil ? c.intPointee(at: c[index]).unsignedPointee : .address(c[index])
            )
        }
    }

    static func groups(_ c: DecodeContext, _ address: UInt64, count: Int) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard count >= 0, count <= 65536 else { return .address(address) }
        let shown = min(count, c.options.arrayLimit)
        guard let bytes = c.bytes(at: address, count: shown * 4) else { return .address(address) }
        let r = ByteReader(bytes)
        return .array((0..<shown).map { .unsigned(UInt64(r.uint32($0 * 4))) }, more: shown < count)
    }

    /// A CPU mask: `[0 1]` (CPU numbers, space-separated like strace's bitset printer).
    static func cpuSet(_ c: DecodeContext, _ address: UInt64, size: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard size <= 8192, let bytes = c.bytes(at: address, count: Int(size)) else { return .address(address) }
        var cpus: [String] = []
        for bit in 0..<(bytes.count * 8) where bytes[bit / 8] & (1 << (bit % 8)) != 0 { cpus.append(String(bit)) }
        return .spaced(cpus.compactMap { Int64($0).map { .signed($0) } })
    }
}

extension DecodedValue {
    var unsignedPointee: DecodedValue {
        if case .pointee(.signed(let value)) = self {
            return .pointee(.unsigned(UInt64(UInt32(truncatingIfNeeded: value))))
        }
        return self
    }
}
