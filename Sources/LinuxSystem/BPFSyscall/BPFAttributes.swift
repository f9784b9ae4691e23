/// The `union bpf_attr` block of one bpf(2) command, written field by field at the offsets of
/// `include/uapi/linux/bpf.h` (checked against the 6.1 headers with offsetof; the kernel accepts a block shorter
/// than its own as long as what it adds is zero).
struct BPFAttributes {
    /// 144 bytes: `sizeof(union bpf_attr)` in linux-libc-dev 6.1, enough for every field we set.
    var bytes = [UInt8](repeating: 0, count: 144)

    mutating func set(_ value: UInt32, at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    mutating func set(_ value: UInt64, at offset: Int) {
        for index in 0..<8 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    /// A fixed-size, NUL-padded name field (`map_name`, `prog_name`: BPF_OBJ_NAME_LEN = 16, last byte NUL).
    mutating func set(name: String, at offset: Int, capacity: Int = 16) {
        for (index, byte) in name.utf8.prefix(capacity - 1).enumerated() { bytes[offset + index] = byte }
    }

    func uint32(at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }
}

/// The bpf(2) command numbers (`enum bpf_cmd`).
enum BPFCommandNumber: CInt {
    case mapCreate = 0
    case mapLookupElem = 1
    case mapUpdateElem = 2
    case mapDeleteElem = 3
    case mapGetNextKey = 4
    case progLoad = 5
    case progGetNextID = 11
    case progGetFDByID = 13
    case objGetInfoByFD = 15
    case rawTracepointOpen = 17
    case linkCreate = 28
}

/// Pointers as the kernel wants them in attributes: 64-bit integers.
@inline(__always)
func addressBits(_ pointer: UnsafeRawPointer?) -> UInt64 {
    UInt64(UInt(bitPattern: pointer))
}
