import LinuxSystem
import SystemPackage

/// The BTF a map's key and value are declared with, for the map types that require it (task storage: the
/// kernel checks that the key is a 32-bit int and that the value type's size is the value size).
///
/// syshook describes a value as an array of 32-bit ints of the value's size: programs reach into it by offset,
/// as they do for every other map, so the only thing the kernel needs to know is its size. The blob is
/// `struct btf_header` (24 bytes), two types (`[1] int`, `[2] int[size/4]`) and the string section `"\0int\0"`.
public final class MapTypeInfo: Sendable {
    let descriptor: OwnedFileDescriptor
    /// Type ids in the loaded blob.
    let keyType: UInt32 = 1
    let valueType: UInt32 = 2

    /// Loads BTF for an `int` key and a value of `valueSize` bytes (a multiple of 4).
    public init(valueSize: Int) throws(BPFError) {
        precondition(valueSize > 0 && valueSize % 4 == 0, "value size must be a positive multiple of 4")
        do {
            descriptor = try BPFSystemCall.loadBTF(Self.blob(valueSize: valueSize))
        } catch {
            throw BPFError(.mapCreate, object: "BTF for a \(valueSize)-byte value", underlying: error.errno,
                verifierLog: error.verifierLog)
        }
    }

    /// The encoded BTF (little-endian, as the kernel expects on this machine's byte order).
    static func blob(valueSize: Int) -> [UInt8] {
        var types: [UInt8] = []
        func word(_ value: UInt32) { types += value.littleEndianBytes }
        // [1] INT "int": name_off 1, info kind 1 (BTF_KIND_INT), size 4; encoding SIGNED (1 << 24), 32 bits.
        word(1); word(1 << 24); word(4); word(1 << 24 | 32)
        // [2] ARRAY of [1], indexed by [1]: name_off 0, info kind 3 (BTF_KIND_ARRAY), size/type 0.
        word(0); word(3 << 24); word(0); word(1); word(1); word(UInt32(valueSize / 4))
        let strings = Array("\0int\0".utf8)
        var header: [UInt8] = []
        header += UInt16(0xEB9F).littleEndianBytes  // magic
        header += [1, 0]  // version, flags
        header += UInt32(24).littleEndianBytes  // hdr_len
        header += UInt32(0).littleEndianBytes  // type_off
        header += UInt32(types.count).littleEndianBytes  // type_len
        header += UInt32(types.count).littleEndianBytes  // str_off
        header += UInt32(strings.count).littleEndianBytes  // str_len
        return header + types + strings
    }
}
