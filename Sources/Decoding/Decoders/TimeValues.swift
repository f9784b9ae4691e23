/// timespec, timeval and itimerspec values.
enum TimeValues {
    /// `{tv_sec=1, tv_nsec=0}`, NULL, or the address.
    static func timespec(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 16) else { return .address(address) }
        return timespec(ByteReader(bytes), 0)
    }

    static func timespec(_ r: ByteReader, _ offset: Int) -> DecodedValue {
        .structure([.init("tv_sec", .signed(r.int64(offset))), .init("tv_nsec", .signed(r.int64(offset + 8)))])
    }

    static func timeval(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 16) else { return .address(address) }
        let r = ByteReader(bytes)
        return .structure([.init("tv_sec", .signed(r.int64(0))), .init("tv_usec", .signed(r.int64(8)))])
    }

    /// `{it_interval={…}, it_value={…}}`.
    static func itimerspec(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 32) else { return .address(address) }
        let r = ByteReader(bytes)
        return .structure([.init("it_interval", timespec(r, 0)), .init("it_value", timespec(r, 16))])
    }
}
