// PLACEHOLDER until Tools/generate-tables writes the real table.
extension SyscallTable {
    public static let aarch64 = SyscallTable(architecture: .aarch64, entries: [])
}
