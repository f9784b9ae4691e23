/// A table of named constants (strace's "xlat"): values and names only. How they print is the renderer's business.
public struct XlatTable: Sendable {
    public enum Kind: Sendable {
        /// Values of an enumeration, searched in order.
        case plain
        /// Values of an enumeration sorted by value (binary search).
        case sorted
        /// Bits of a flags word; `decompose` takes them out in table order.
        case bitflags
    }

    public let name: String
    public let kind: Kind
    public let entries: [(value: UInt64, name: String)]

    public init(name: String, kind: Kind, entries: [(value: UInt64, name: String)]) {
        self.name = name
        self.kind = kind
        self.entries = entries
    }

    /// The first name whose value is `value`.
    public func name(of value: UInt64) -> String? {
        if kind == .sorted {
            var low = 0
            var high = entries.count
            while low < high {
                let mid = (low + high) / 2
                if entries[mid].value < value { low = mid + 1 } else { high = mid }
            }
            return low < entries.count && entries[low].value == value ? entries[low].name : nil
        }
        return entries.first { $0.value == value }?.name
    }

    /// The value named `name`.
    public func value(named name: String) -> UInt64? {
        entries.first { $0.name == name }?.value
    }

    /// Splits `flags` into known names (in table order, each taking its bits out) and leftover bits.
    /// A zero-valued entry is named only when `flags` is zero.
    public func decompose(_ flags: UInt64) -> (names: [String], unknown: UInt64) {
        var names: [String] = []
        var rest = flags
        for entry in entries {
            if entry.value == 0 {
                if flags == 0 && names.isEmpty { names.append(entry.name) }
                continue
            }
            if rest & entry.value == entry.value && flags & entry.value == entry.value {
                names.append(entry.name)
                rest &= ~entry.value
            }
        }
        return (names, rest)
    }
}

extension XlatTable {
    /// The flags value of `raw` as strace's `printflags` shows it.
    func flags(_ raw: UInt64, leftover format: FlagsValue.LeftoverFormat = .hex) -> DecodedValue {
        let (names, unknown) = decompose(raw)
        return .flags(FlagsValue(raw: raw, names: names, leftover: unknown, leftoverFormat: format))
    }

    /// The constant `raw` as strace's `printxval` shows it: the name, or the number and `/* PREFIX_??? */`.
    func constant(
        _ raw: Int64,
        format: ConstantValue.NumberFormat = .hex,
        unknown comment: String? = nil
    ) -> DecodedValue {
        .constant(
            ConstantValue(raw: raw, name: name(of: UInt64(bitPattern: raw)), format: format, unknownComment: comment)
        )
    }

    /// `printxval` of an unsigned 32-bit argument (strace truncates `int` arguments to 32 bits).
    func constant32(_ raw: UInt64, format: ConstantValue.NumberFormat = .hex, unknown comment: String? = nil)
        -> DecodedValue
    {
        constant(Int64(UInt32(truncatingIfNeeded: raw)), format: format, unknown: comment)
    }
}
