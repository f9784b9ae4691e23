// PLACEHOLDER until Tools/generate-tables writes the real table.
extension SyscallTable {
    public static let i386 = SyscallTable(architecture: .i386, entries: [])
}
