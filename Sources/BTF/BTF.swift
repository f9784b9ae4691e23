import Synchronization

/// Kernel type information parsed from a BTF blob (`/sys/kernel/btf/vmlinux`): types, names, struct member
/// offsets and function prototypes. Pure: it is given bytes and does no I/O (aya-obj's discipline).
///
/// Parsing records where each type starts (one pass over the type section); names are indexed on the first
/// lookup by name.
public final class BTF: Sendable {
    private let bytes: [UInt8]
    private let typesStart: Int
    private let stringsStart: Int
    private let stringsLength: Int
    /// Byte offset of each type's record; index 0 (void) is unused.
    private let typeOffsets: [Int]
    private let nameIndex = Mutex<BTFNameTable?>(nil)

    /// Parses a BTF blob.
    public init(bytes: [UInt8]) throws(BTFError) {
        self.bytes = bytes
        guard bytes.count >= 24 else { throw .truncated("header") }
        let magic = UInt16(bytes[0]) | UInt16(bytes[1]) << 8
        guard magic == 0xEB9F else { throw .badMagic(magic) }
        func word(_ offset: Int) -> Int {
            Int(UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                | UInt32(bytes[offset + 3]) << 24)
        }
        // Offsets are relative to the end of the header, whose length the header itself gives (it grows).
        let headerLength = word(4)
        typesStart = headerLength + word(8)
        let typesEnd = typesStart + word(12)
        stringsStart = headerLength + word(16)
        stringsLength = word(20)
        guard typesEnd <= bytes.count, stringsStart + stringsLength <= bytes.count else { throw .truncated("sections") }

        var offsets = [0]
        offsets.reserveCapacity(160_000)
        var position = typesStart
        while position < typesEnd {
            guard position + 12 <= typesEnd else { throw .truncated("type \(offsets.count)") }
            let info = word(position + 4)
            let rawKind = UInt8((info >> 24) & 0x1F)
            guard let kind = BTFKind(rawValue: rawKind) else {
                throw .unknownKind(rawKind, typeID: UInt32(offsets.count))
            }
            offsets.append(position)
            position += 12 + kind.tailSize(vlen: info & 0xFFFF)
        }
        typeOffsets = offsets
    }

    /// The number of type ids, including void.
    public var typeCount: Int { typeOffsets.count }

    // MARK: Raw access

    private func word(_ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    private func string(at offset: UInt32) -> String {
        var end = stringsStart + Int(offset)
        let start = end
        while end < stringsStart + stringsLength && bytes[end] != 0 { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private func info(_ id: BTFTypeID) -> UInt32 { id.rawValue == 0 ? 0 : word(typeOffsets[Int(id.rawValue)] + 4) }

    // MARK: Types

    public func kind(of id: BTFTypeID) -> BTFKind {
        guard id.rawValue != 0, Int(id.rawValue) < typeOffsets.count else { return .void }
        return BTFKind(rawValue: UInt8((info(id) >> 24) & 0x1F)) ?? .void
    }

    public func name(of id: BTFTypeID) -> String {
        guard id.rawValue != 0, Int(id.rawValue) < typeOffsets.count else { return "" }
        return string(at: word(typeOffsets[Int(id.rawValue)]))
    }

    /// The type a pointer, typedef, qualifier, array element, variable or function refers to.
    public func referencedType(of id: BTFTypeID) -> BTFTypeID {
        guard id.rawValue != 0 else { return .void }
        let offset = typeOffsets[Int(id.rawValue)]
        if kind(of: id) == .array { return BTFTypeID(rawValue: word(offset + 12)) }
        return BTFTypeID(rawValue: word(offset + 8))
    }

    /// Skips typedefs and qualifiers (const, volatile, restrict, type tags) to the underlying type.
    public func resolved(_ id: BTFTypeID) -> BTFTypeID {
        var current = id
        for _ in 0..<32 where kind(of: current).isModifier { current = referencedType(of: current) }
        return current
    }

    /// The size in bytes of a type, following typedefs; pointers are 8 bytes (64-bit kernels).
    public func size(of id: BTFTypeID) -> Int {
        let target = resolved(id)
        switch kind(of: target) {
        case .int, .struct, .union, .enum, .enum64, .float, .dataSection:
            return Int(word(typeOffsets[Int(target.rawValue)] + 8))
        case .pointer: return 8
        case .array:
            let count = Int(word(typeOffsets[Int(target.rawValue)] + 20))
            return count * size(of: referencedType(of: target))
        default: return 0
        }
    }

    /// Every type named `name`, of any kind.
    public func types(named name: String) -> [BTFTypeID] {
        let table = nameIndex.withLock { index in
            if index == nil {
                let nameOffsets = typeOffsets.indices.map { $0 == 0 ? 0 : word(typeOffsets[$0]) }
                index = BTFNameTable(
                    nameOffsets: nameOffsets, strings: bytes[stringsStart..<(stringsStart + stringsLength)])
            }
            return index!
        }
        let wanted = Array(name.utf8)
        return table.ids(named: name) { id in
            let start = stringsStart + Int(word(typeOffsets[Int(id)]))
            guard start + wanted.count < stringsStart + stringsLength, bytes[start + wanted.count] == 0 else {
                return false
            }
            return bytes[start..<(start + wanted.count)].elementsEqual(wanted)
        }.map(BTFTypeID.init(rawValue:))
    }

    /// The type named `name` of kind `kind` (a struct, a typedef, a function…).
    public func type(named name: String, kind: BTFKind) -> BTFTypeID? {
        types(named: name).first { self.kind(of: $0) == kind }
    }

    /// The fields of a struct or union, in declaration order.
    public func members(of id: BTFTypeID) -> [BTFMember] {
        let target = resolved(id)
        guard kind(of: target) == .struct || kind(of: target) == .union else { return [] }
        let offset = typeOffsets[Int(target.rawValue)]
        let information = info(target)
        let hasBitfields = information >> 31 != 0
        return (0..<Int(information & 0xFFFF)).map { index in
            let entry = offset + 12 + 12 * index
            let raw = word(entry + 8)
            return BTFMember(
                name: string(at: word(entry)), type: BTFTypeID(rawValue: word(entry + 4)),
                bitOffset: hasBitfields ? raw & 0xFF_FFFF : raw, bitfieldSize: hasBitfields ? raw >> 24 : 0)
        }
    }

    /// The parameters of a function prototype (or of a function, or a pointer to a prototype).
    public func parameters(of id: BTFTypeID) -> [BTFParameter] {
        var target = resolved(id)
        if kind(of: target) == .pointer || kind(of: target) == .function { target = resolved(referencedType(of: target)) }
        guard kind(of: target) == .functionPrototype else { return [] }
        let offset = typeOffsets[Int(target.rawValue)]
        return (0..<Int(info(target) & 0xFFFF)).map { index in
            let entry = offset + 12 + 8 * index
            return BTFParameter(name: string(at: word(entry)), type: BTFTypeID(rawValue: word(entry + 4)))
        }
    }

    /// A C-like spelling of a type, for messages and tests (`struct task_struct *`, `const char *`).
    public func typeName(_ id: BTFTypeID) -> String {
        switch kind(of: id) {
        case .void: "void"
        case .pointer: typeName(referencedType(of: id)) + " *"
        case .const: "const " + typeName(referencedType(of: id))
        case .volatile: "volatile " + typeName(referencedType(of: id))
        case .struct: "struct " + name(of: id)
        case .union: "union " + name(of: id)
        case .enum, .enum64: "enum " + name(of: id)
        case .array: typeName(referencedType(of: id)) + "[]"
        default: name(of: id)
        }
    }
}
