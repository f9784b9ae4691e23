/// Little-endian reads from bytes copied out of the tracee. Out-of-range reads give zero: the callers check the
/// length once, and garbage must never crash a decoder.
struct ByteReader: Sendable {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    func uint8(_ offset: Int) -> UInt8 { offset >= 0 && offset < bytes.count ? bytes[offset] : 0 }

    func uint16(_ offset: Int) -> UInt16 { UInt16(truncatingIfNeeded: unsigned(offset, 2)) }
    func uint32(_ offset: Int) -> UInt32 { UInt32(truncatingIfNeeded: unsigned(offset, 4)) }
    func uint64(_ offset: Int) -> UInt64 { unsigned(offset, 8) }
    func int16(_ offset: Int) -> Int16 { Int16(bitPattern: uint16(offset)) }
    func int32(_ offset: Int) -> Int32 { Int32(bitPattern: uint32(offset)) }
    func int64(_ offset: Int) -> Int64 { Int64(bitPattern: uint64(offset)) }

    /// Big-endian 16 bits (network byte order: ports).
    func uint16BigEndian(_ offset: Int) -> UInt16 { UInt16(uint8(offset)) << 8 | UInt16(uint8(offset + 1)) }

    func slice(_ offset: Int, _ length: Int) -> [UInt8] {
        guard offset >= 0, length > 0, offset < bytes.count else { return [] }
        return Array(bytes[offset..<min(bytes.count, offset + length)])
    }

    private func unsigned(_ offset: Int, _ width: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<width { value |= UInt64(uint8(offset + index)) << (8 * UInt64(index)) }
        return value
    }
}
