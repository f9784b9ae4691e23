/// readv/writev and friends: arrays of `struct iovec {void *iov_base; size_t iov_len}`.
extension DecoderRegistry {
    static func vectorIO(output: Bool, offset: Bool) -> SyscallDecoder {
        @Sendable func tail(_ c: DecodeContext) -> [DecodedArgument] {
            [c.ulong("vlen", 2)] + (offset ? [c.long("pos", 3)] : [])
        }
        if output {
            return SyscallDecoder(
                entry: { c in [c.fd("fd", 0)] },
                exit: { c, outcome in
                    let total = DecodeContext.success(outcome)
                    return [
                        DecodedArgument(
                            "vec",
                            iovecs(c, at: c[1], count: c[2], data: total.map { UInt64(clamping: $0) })
                        )
                    ]
                        + tail(c)
                }
            )
        }
        return .atEntry { c in
            [c.fd("fd", 0), DecodedArgument("vec", iovecs(c, at: c[1], count: c[2], data: UInt64.max))] + tail(c)
        }
    }

    /// The iovec array; `data` is how many bytes of content to show across the buffers (nil: addresses only).
    static func iovecs(_ c: DecodeContext, at address: UInt64, count: UInt64, data: UInt64?) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard count <= 1024 else { return .address(address) }  // UIO_MAXIOV: the kernel refuses more
        let limit = c.options.arrayLimit
        let shown = Int(min(count, UInt64(limit)))
        guard let bytes = c.bytes(at: address, count: shown * 16) else { return .address(address) }
        let reader = ByteReader(bytes)
        var remaining = data ?? 0
        var elements: [DecodedValue] = []
        for index in 0..<shown {
            let base = reader.uint64(index * 16)
            let length = reader.uint64(index * 16 + 8)
            let baseValue: DecodedValue
            if data != nil {
                let take = min(length, remaining)
                remaining -= take
                baseValue = c.buffer(at: base, count: take)
            } else {
                baseValue = .address(base)
            }
            elements.append(.structure([.init("iov_base", baseValue), .init("iov_len", .unsigned(length))]))
        }
        return .array(elements, more: UInt64(shown) < count)
    }
}
