// PLACEHOLDER until Tools/generate-tables writes the real table.
/// errno names and messages.
public enum ErrnoTable {
    public static let entries: [(number: Int32, name: String, message: String)] = [
        (1, "EPERM", "Operation not permitted"), (2, "ENOENT", "No such file or directory"),
        (38, "ENOSYS", "Function not implemented"),
    ]
    public static func name(_ number: Int32) -> String? { entries.first { $0.number == number }?.name }
    public static func message(_ number: Int32) -> String? { entries.first { $0.number == number }?.message }
    public static func number(named name: String) -> Int32? { entries.first { $0.name == name }?.number }
}
