/// The kind of a BTF type (`BTF_KIND_*` in `include/uapi/linux/btf.h`).
public enum BTFKind: UInt8, Sendable, Hashable, CaseIterable {
    case void = 0
    case int = 1
    case pointer = 2
    case array = 3
    case `struct` = 4
    case union = 5
    case `enum` = 6
    case forward = 7
    case typedef = 8
    case volatile = 9
    case const = 10
    case restrict = 11
    case function = 12
    case functionPrototype = 13
    case variable = 14
    case dataSection = 15
    case float = 16
    case declarationTag = 17
    case typeTag = 18
    case enum64 = 19

    /// Bytes that follow the 12-byte common record for a type of this kind with `vlen` entries.
    func tailSize(vlen: Int) -> Int {
        switch self {
        case .int, .variable, .declarationTag: 4
        case .array: 12
        case .struct, .union, .dataSection, .enum64: 12 * vlen
        case .enum, .functionPrototype: 8 * vlen
        default: 0
        }
    }

    /// Kinds that only qualify or rename another type.
    var isModifier: Bool { [.typedef, .volatile, .const, .restrict, .typeTag].contains(self) }
}

/// A type's position in the BTF blob; 0 is `void`.
public struct BTFTypeID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let void = BTFTypeID(rawValue: 0)
    public var description: String { "#\(rawValue)" }
    public static func < (lhs: BTFTypeID, rhs: BTFTypeID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A field of a struct or union.
public struct BTFMember: Sendable, Hashable {
    /// Empty for anonymous struct and union members.
    public var name: String
    public var type: BTFTypeID
    /// Offset from the start of the enclosing struct, in bits.
    public var bitOffset: UInt32
    /// Non-zero for bitfields.
    public var bitfieldSize: UInt32
}

/// A parameter of a function prototype.
public struct BTFParameter: Sendable, Hashable {
    public var name: String
    public var type: BTFTypeID
}

/// Where a member path ends: its byte offset from the outer struct, its type, and its size.
public struct BTFMemberLocation: Sendable, Hashable {
    public var byteOffset: Int
    public var type: BTFTypeID
    public var size: Int
}

/// Why BTF could not be parsed or a lookup failed.
public enum BTFError: Error, Sendable, Hashable, CustomStringConvertible {
    case badMagic(UInt16)
    case truncated(String)
    case unknownKind(UInt8, typeID: UInt32)
    case noSuchType(String)
    case noSuchMember(String, in: String)
    case notAStruct(String)

    public var description: String {
        switch self {
        case .badMagic(let magic): "not BTF: magic 0x\(String(magic, radix: 16)), expected 0xeb9f"
        case .truncated(let what): "BTF is truncated in \(what)"
        case .unknownKind(let kind, let id): "BTF type \(id) has unknown kind \(kind)"
        case .noSuchType(let name): "no BTF type named '\(name)'"
        case .noSuchMember(let member, let type): "'\(type)' has no member '\(member)'"
        case .notAStruct(let name): "'\(name)' is not a struct or union"
        }
    }
}
