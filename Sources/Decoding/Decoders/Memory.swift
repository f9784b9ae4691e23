/// Decoders of the memory family.
extension DecoderRegistry {
    static let memoryDecoders: [String: SyscallDecoder] = [
        "mmap": .atEntry(.hex) { c in
            [
                c.pointer("addr", 0), c.ulong("len", 1), c.flags64("prot", 2, Xlat.protFlags),
                DecodedArgument("flags", mapFlags(c[3])), c.fd("fd", 4), c.hex("off", 5),
            ]
        },
        "munmap": .atEntry { c in [c.pointer("addr", 0), c.ulong("len", 1)] },
        "mprotect": .atEntry { c in [c.pointer("start", 0), c.ulong("len", 1), c.flags64("prot", 2, Xlat.protFlags)] },
        "pkey_mprotect": .atEntry { c in
            [c.pointer("start", 0), c.ulong("len", 1), c.flags64("prot", 2, Xlat.protFlags), c.int("pkey", 3)]
        },
        "mremap": .atEntry(.hex) { c in
            [
                c.pointer("addr", 0), c.ulong("old_len", 1), c.ulong("new_len", 2),
                c.flags64("flags", 3, Xlat.mremapFlags),
            ]
                + (c[3] & 2 != 0 ? [c.pointer("new_addr", 4)] : [])
        },
        "brk": .atEntry(.hex) { c in [c.pointer("brk", 0)] },
        "madvise": .atEntry { c in
            [
                c.pointer("start", 0), c.ulong("len", 1),
                c.constant("behavior", 2, Xlat.madviseAdvice, unknown: "MADV_???"),
            ]
        },
        "mlock": .atEntry { c in [c.pointer("start", 0), c.ulong("len", 1)] },
        "munlock": .atEntry { c in [c.pointer("start", 0), c.ulong("len", 1)] },
        "mlock2": .atEntry { c in [c.pointer("start", 0), c.ulong("len", 1), c.flags("flags", 2, Xlat.mlock2Flags)] },
        "mlockall": .atEntry { c in [c.flags("flags", 0, Xlat.mlockallFlags)] },
        "munlockall": .atEntry { _ in [] },
        "msync": .atEntry { c in [c.pointer("start", 0), c.ulong("len", 1), c.flags("flags", 2, Xlat.msyncFlags)] },
    ]

    /// mmap flags: the sharing type, the other flags, and a huge page size as `21<<MAP_HUGE_SHIFT`.
    static func mapFlags(_ raw: UInt64) -> DecodedValue {
        let type = raw & 0xF
        var parts: [String] = []
        if let name = Xlat.mapTypes.name(of: type) {
            parts.append(name)
        } else {
            parts.append(StraceRenderer.hex(type) + " /* MAP_??? */")
        }
        let hugeShift: UInt64 = 26
        let hugeBits = (raw >> hugeShift) & 0x3F
        let isHuge = raw & 0x40000 != 0
        var rest = raw & ~0xF
        if isHuge { rest &= ~(0x3F << hugeShift) }
        let (names, unknown) = Xlat.mapFlags.decompose(rest)
        parts += names
        if unknown != 0 { parts.append(StraceRenderer.hex(unknown)) }
        if isHuge && hugeBits != 0 { parts.append("\(hugeBits)<<MAP_HUGE_SHIFT") }
        return .flags(FlagsValue(raw: raw, names: parts, leftover: 0))
    }
}
