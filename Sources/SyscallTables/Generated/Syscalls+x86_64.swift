// PLACEHOLDER until Tools/generate-tables writes the real table.
extension SyscallTable {
    public static let x86_64 = SyscallTable(architecture: .x86_64, entries: [
        SyscallEntry(number: 0, name: "read", arguments: [.descriptor, .pointer, .unsigned], classes: [.descriptor]),
        SyscallEntry(number: 1, name: "write", arguments: [.descriptor, .pointer, .unsigned], classes: [.descriptor]),
        SyscallEntry(number: 2, name: "open", arguments: [.string, .hex, .hex], classes: [.descriptor, .file]),
        SyscallEntry(number: 3, name: "close", arguments: [.descriptor], classes: [.descriptor]),
        SyscallEntry(number: 39, name: "getpid", arguments: [], classes: [.pure]),
        SyscallEntry(number: 56, name: "clone", arguments: [.hex, .pointer, .pointer, .pointer, .hex], classes: [.process]),
        SyscallEntry(number: 57, name: "fork", arguments: [], classes: [.process]),
        SyscallEntry(number: 59, name: "execve", arguments: [.string, .pointer, .pointer], classes: [.file, .process]),
        SyscallEntry(number: 60, name: "exit", arguments: [.signed], classes: [.process]),
        SyscallEntry(number: 102, name: "getuid", arguments: [], classes: [.pure, .creds]),
        SyscallEntry(number: 110, name: "getppid", arguments: [], classes: [.pure]),
        SyscallEntry(number: 231, name: "exit_group", arguments: [.signed], classes: [.process]),
        SyscallEntry(number: 257, name: "openat", arguments: [.descriptor, .string, .hex, .hex], classes: [.descriptor, .file]),
    ])
}
