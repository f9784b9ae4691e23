import SyscallTables

/// An errno that is not one: one line naming the token, with the closest real names.
public struct ErrnoValueError: Error, Hashable, Sendable, CustomStringConvertible {
    public let token: String
    public let suggestions: [String]

    public var description: String {
        let hint = suggestions.isEmpty ? "" : " (did you mean \(suggestions.joined(separator: ", "))?)"
        return "unknown errno '\(token)'\(hint)"
    }
}

/// Reads an errno as a user writes it: a name (`EPERM`, `eacces`) or a number the kernel accepts in
/// `SECCOMP_RET_ERRNO` (1...4095; 0 would make the call "succeed" without running).
public enum ErrnoValue {
    public static let maximum: UInt16 = 4095

    public static func parse(_ text: String) throws(ErrnoValueError) -> UInt16 {
        if let number = UInt16(text), (1...maximum).contains(number) { return number }
        if let number = ErrnoTable.number(named: text.uppercased()), number > 0, number <= Int32(maximum) {
            return UInt16(number)
        }
        let names = ErrnoTable.entries.map(\.name) + ErrnoTable.aliases.map(\.name)
        throw ErrnoValueError(token: text, suggestions: SyscallSetExpression.closest(text.uppercased(), among: names))
    }

    /// The name of `code` if it has one, else the number.
    public static func name(_ code: UInt16) -> String {
        ErrnoTable.name(Int32(code)) ?? String(code)
    }
}
