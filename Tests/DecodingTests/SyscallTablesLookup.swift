import SyscallTables

enum SyscallTablesLookup {
    static func number(of name: String) -> Int {
        guard let entry = SyscallTable.x86_64.entry(named: name) else { fatalError("no syscall \(name) in the table") }
        return entry.number
    }
}
