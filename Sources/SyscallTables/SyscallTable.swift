/// The syscall ABIs syshook knows. Each has its own numbering.
public enum Architecture: String, Sendable, CaseIterable, CustomStringConvertible {
    case x86_64
    /// 32-bit x86 programs running on an x86-64 kernel (ia32 emulation).
    case i386
    /// The generic table (asm-generic/unistd.h) that arm64 uses.
    case aarch64

    /// The `AUDIT_ARCH_*` value the kernel reports in `seccomp_data.arch` and `ptrace_syscall_info.arch`.
    public var auditArch: UInt32 {
        switch self {
        case .x86_64: 0xC000_003E
        case .i386: 0x4000_0003
        case .aarch64: 0xC000_00B7
        }
    }

    /// The architecture of the running program.
    public static var native: Architecture {
        #if arch(x86_64)
        .x86_64
        #elseif arch(arm64)
        .aarch64
        #else
        #error("syshook supports x86_64 and aarch64")
        #endif
    }

    public init?(auditArch: UInt32) {
        guard let match = Architecture.allCases.first(where: { $0.auditArch == auditArch }) else { return nil }
        self = match
    }

    public var description: String { rawValue }

    /// x32 syscalls share x86-64's audit arch and set this bit in the number.
    public static let x32SyscallBit: UInt32 = 0x4000_0000
}

/// strace's syscall classes, selectable as `%name` in filter expressions.
public struct SyscallClass: OptionSet, Sendable, Hashable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `%desc`: takes or returns a file descriptor.
    public static let descriptor = SyscallClass(rawValue: 1 << 0)
    /// `%file`: takes a file name.
    public static let file = SyscallClass(rawValue: 1 << 1)
    /// `%network`
    public static let network = SyscallClass(rawValue: 1 << 2)
    /// `%process`: process lifecycle (fork, exec, exit, wait, kill).
    public static let process = SyscallClass(rawValue: 1 << 3)
    /// `%signal`
    public static let signal = SyscallClass(rawValue: 1 << 4)
    /// `%memory`: memory mapping.
    public static let memory = SyscallClass(rawValue: 1 << 5)
    /// `%ipc`: System V IPC.
    public static let ipc = SyscallClass(rawValue: 1 << 6)
    /// `%stat`: stat variants taking a file name.
    public static let stat = SyscallClass(rawValue: 1 << 7)
    /// `%lstat`: stat variants that do not follow a final symlink.
    public static let lstat = SyscallClass(rawValue: 1 << 8)
    /// `%fstat`: stat variants taking a descriptor.
    public static let fstat = SyscallClass(rawValue: 1 << 9)
    /// `%%stat`: every stat variant.
    public static let statLike = SyscallClass(rawValue: 1 << 10)
    /// `%statfs`
    public static let statfs = SyscallClass(rawValue: 1 << 11)
    /// `%fstatfs`
    public static let fstatfs = SyscallClass(rawValue: 1 << 12)
    /// `%%statfs`: every statfs variant.
    public static let statfsLike = SyscallClass(rawValue: 1 << 13)
    /// `%pure`: takes no arguments and always succeeds (getpid, getuid, …).
    public static let pure = SyscallClass(rawValue: 1 << 14)
    /// `%creds`: reads or changes user and group ids or capabilities.
    public static let creds = SyscallClass(rawValue: 1 << 15)
    /// `%clock`: reads or changes clocks.
    public static let clock = SyscallClass(rawValue: 1 << 16)

    /// Class names as filter expressions spell them, without the leading `%`.
    public static let byName: [(name: String, value: SyscallClass)] = [
        ("desc", .descriptor), ("file", .file), ("network", .network), ("net", .network),
        ("process", .process), ("signal", .signal), ("memory", .memory), ("ipc", .ipc),
        ("stat", .stat), ("lstat", .lstat), ("fstat", .fstat), ("%stat", .statLike),
        ("statfs", .statfs), ("fstatfs", .fstatfs), ("%statfs", .statfsLike),
        ("pure", .pure), ("creds", .creds), ("clock", .clock),
    ]

    public static func named(_ name: String) -> SyscallClass? {
        byName.first { $0.name == name }?.value
    }
}

/// How a raw syscall argument is shown when no decoder knows better.
public enum ArgumentKind: Sendable, Hashable {
    /// A signed integer (`int`, `long`, `pid_t`, `off_t`).
    case signed
    /// An unsigned integer (`unsigned int`, `size_t`, `unsigned long`, `umode_t`).
    case unsigned
    /// An integer strace shows in hex (flags words with no decoder, `key_serial_t` masks).
    case hex
    /// A file descriptor (`int fd`): a signed integer that `-y` annotates.
    case descriptor
    /// A NUL-terminated string in the tracee (`const char *`).
    case string
    /// Any other pointer, shown as an address or NULL.
    case pointer
}

/// One syscall of one architecture.
public struct SyscallEntry: Sendable, Hashable {
    public let number: Int
    public let name: String
    /// The kernel prototype's parameters, in order; `count` is the argument count strace prints.
    public let arguments: [ArgumentKind]
    public let classes: SyscallClass

    public init(number: Int, name: String, arguments: [ArgumentKind], classes: SyscallClass) {
        self.number = number
        self.name = name
        self.arguments = arguments
        self.classes = classes
    }

    public var argumentCount: Int { arguments.count }
}

/// The syscalls of one architecture, looked up by number or name.
public struct SyscallTable: Sendable {
    public let architecture: Architecture
    public let entries: [SyscallEntry]
    /// Entry index by syscall number (-1: none). Dense: numbers run from 0 to a few hundred, and a lookup per
    /// event is on the watch consumer's hot path (an array index instead of hashing).
    private let byNumber: [Int32]
    private let byName: [String: Int]

    public init(architecture: Architecture, entries: [SyscallEntry]) {
        self.architecture = architecture
        self.entries = entries
        var byNumber = [Int32](repeating: -1, count: (entries.map(\.number).max() ?? -1) + 1)
        var byName: [String: Int] = [:]
        for (index, entry) in entries.enumerated() where entry.number >= 0 {
            byNumber[entry.number] = Int32(index)
            byName[entry.name] = byName[entry.name] ?? index
        }
        self.byNumber = byNumber
        self.byName = byName
    }

    public func entry(number: Int) -> SyscallEntry? {
        guard number >= 0, number < byNumber.count, byNumber[number] >= 0 else { return nil }
        return entries[Int(byNumber[number])]
    }

    public func entry(named name: String) -> SyscallEntry? {
        byName[name].map { entries[$0] }
    }

    /// The highest syscall number in the table.
    public var maxNumber: Int { max(byNumber.count - 1, 0) }

    /// The table for `architecture`.
    public static func forArchitecture(_ architecture: Architecture) -> SyscallTable {
        switch architecture {
        case .x86_64: x86_64
        case .i386: i386
        case .aarch64: aarch64
        }
    }

    /// The table of the running program's architecture.
    public static var native: SyscallTable { forArchitecture(.native) }
}
