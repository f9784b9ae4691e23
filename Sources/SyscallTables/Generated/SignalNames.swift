// PLACEHOLDER until Tools/generate-tables writes the real table.
/// Signal names.
public enum SignalTable {
    public static let entries: [(number: Int32, name: String)] = [(9, "SIGKILL"), (17, "SIGCHLD"), (19, "SIGSTOP")]
    public static func name(_ number: Int32) -> String? { entries.first { $0.number == number }?.name }
    public static func number(named name: String) -> Int32? { entries.first { $0.name == name }?.number }
}
