/// Signal sets and handlers as strace prints them.
enum SignalValues {
    /// A kernel sigset of `size` bytes at `address`: `[INT TERM]`, or `~[…]` when more than half are set.
    static func set(_ c: DecodeContext, at address: UInt64, size: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard size > 0, size <= 128, let bytes = c.bytes(at: address, count: Int(size)) else {
            return .address(address)
        }
        return set(bytes)
    }

    static func set(_ bytes: [UInt8]) -> DecodedValue {
        let total = bytes.count * 8
        var present: [Int32] = []
        var absent: [Int32] = []
        for bit in 0..<total {
            let signal = Int32(bit + 1)
            if bytes[bit / 8] & (1 << (bit % 8)) != 0 { present.append(signal) } else { absent.append(signal) }
        }
        if present.count * 2 > total {
            return .signalSet(signals: absent, complemented: true)
        }
        return .signalSet(signals: present, complemented: false)
    }

    /// `sa_handler`: SIG_DFL, SIG_IGN, SIG_ERR, or the address.
    static func handler(_ value: UInt64) -> DecodedValue {
        switch value {
        case 0: .verbatim("SIG_DFL")
        case 1: .verbatim("SIG_IGN")
        case UInt64.max: .verbatim("SIG_ERR")
        default: .address(value)
        }
    }

    /// x86-64/generic kernel `struct sigaction {handler; flags; restorer; mask}`.
    static func action(_ c: DecodeContext, at address: UInt64, maskSize: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        let size = Int(min(maskSize, 8))
        guard maskSize > 0, let bytes = c.bytes(at: address, count: 24 + size) else { return .address(address) }
        let r = ByteReader(bytes)
        let flags = r.uint64(8)
        var fields: [DecodedValue.Field] = [
            .init("sa_handler", handler(r.uint64(0))),
            .init("sa_mask", set(r.slice(24, size))),
            .init("sa_flags", Xlat.sigactionFlags.flags(flags)),
        ]
        if flags & 0x0400_0000 != 0 { fields.append(.init("sa_restorer", .address(r.uint64(16)))) }
        return .structure(fields)
    }
}
