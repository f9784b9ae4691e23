/// `struct termios` for the TCGETS/TCSETS ioctls, as strace prints it: the four flag words, fields by name.
enum Terminal {
    /// Kernel `struct termios` (asm-generic): four u32 flag words, c_line, c_cc[19].
    static func termios(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 36) else { return .address(address) }
        let r = ByteReader(bytes)
        return .structure([
            .init("c_iflag", Xlat.termiosInputFlags.flags(UInt64(r.uint32(0)))),
            .init("c_oflag", outputFlags(UInt64(r.uint32(4)))),
            .init("c_cflag", controlFlags(UInt64(r.uint32(8)))),
            .init("c_lflag", Xlat.termiosLocalFlags.flags(UInt64(r.uint32(12)))),
            .init(nil, .elided),
        ])
    }

    /// The value name of a multi-bit field (`CR0`, `CS8`): the entry of `table` with `prefix` equal to the bits.
    static func fieldName(_ flags: UInt64, mask: String, prefix: String) -> (name: String?, mask: UInt64) {
        guard let maskValue = Xlat.termiosFieldMasks.value(named: mask) else { return (nil, 0) }
        let bits = flags & maskValue
        let name = Xlat.termiosFieldValues.entries.first {
            $0.name.hasPrefix(prefix) && $0.value == bits && Int($0.name.dropFirst(prefix.count)) != nil
        }?.name
        return (name, maskValue)
    }

    static func outputFlags(_ raw: UInt64) -> DecodedValue {
        var names: [String] = []
        var rest = raw
        for (mask, prefix) in [
            ("NLDLY", "NL"), ("CRDLY", "CR"), ("TABDLY", "TAB"), ("BSDLY", "BS"), ("VTDLY", "VT"), ("FFDLY", "FF"),
        ] {
            let (name, maskValue) = fieldName(raw, mask: mask, prefix: prefix)
            if let name {
                names.append(name)
                rest &= ~maskValue
            }
        }
        let (flagNames, unknown) = Xlat.termiosOutputFlags.decompose(rest)
        return .flags(FlagsValue(raw: raw, names: names + flagNames, leftover: unknown))
    }

    static func controlFlags(_ raw: UInt64) -> DecodedValue {
        var names: [String] = []
        var rest = raw
        if let mask = Xlat.termiosFieldMasks.value(named: "CBAUD"),
            let name = Xlat.termiosBaudRates.name(of: raw & mask)
        {
            names.append(name)
            rest &= ~mask
        }
        if let mask = Xlat.termiosFieldMasks.value(named: "CIBAUD"), raw & mask != 0,
            let name = Xlat.termiosBaudRates.name(of: (raw & mask) >> 16)
        {
            names.append(name + "<<IBSHIFT")
            rest &= ~mask
        }
        let (size, sizeMask) = fieldName(raw, mask: "CSIZE", prefix: "CS")
        if let size {
            names.append(size)
            rest &= ~sizeMask
        }
        let (flagNames, unknown) = Xlat.termiosControlFlags.decompose(rest)
        return .flags(FlagsValue(raw: raw, names: names + flagNames, leftover: unknown))
    }
}
