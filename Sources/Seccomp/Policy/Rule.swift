public import SyscallTables
public import SystemPackage

/// Which syscalls a rule is about, written as a syscall set expression (see `SyscallSetExpression`):
/// a string literal (`"mkdir"`, `"%file"`, `"@open,close"`) or one of the named constructors.
public struct SyscallSelector: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let expression: String

    public init(_ expression: String) { self.expression = expression }
    public init(stringLiteral value: String) { self.expression = value }

    /// One syscall by name.
    public static func name(_ name: String) -> SyscallSelector { SyscallSelector(name) }
    /// A family such as `open` (open, openat, openat2, creat): what a libc-level call may become.
    public static func family(_ name: String) -> SyscallSelector { SyscallSelector("@" + name) }
    /// An strace class such as `.network` or `.file`.
    public static func `class`(_ syscallClass: SyscallClass) -> SyscallSelector {
        let name = SyscallClass.byName.first { $0.value == syscallClass }?.name ?? "?"
        return SyscallSelector("%" + name)
    }
    /// Names matching a regular expression anywhere.
    public static func matching(_ regex: String) -> SyscallSelector { SyscallSelector("/" + regex) }
    /// Every syscall.
    public static var all: SyscallSelector { SyscallSelector("all") }

    public var description: String { expression }
}

/// One line of a policy: an action for a set of syscalls.
public struct Rule: Hashable, Sendable {
    public let action: SeccompAction
    public let syscalls: [SyscallSelector]

    public init(_ action: SeccompAction, _ syscalls: [SyscallSelector]) {
        self.action = action
        self.syscalls = syscalls
    }

    /// Let the syscalls run.
    public static func allow(_ syscalls: SyscallSelector...) -> Rule { Rule(.allow, syscalls) }
    /// Fail the syscalls with `errno` without running them.
    public static func deny(_ syscalls: SyscallSelector..., errno: Errno = .notPermitted) -> Rule {
        Rule(.errno(UInt16(clamping: errno.rawValue)), syscalls)
    }
    /// Fail the syscalls with errno number `errno` (1...4095) without running them.
    public static func deny(_ syscalls: SyscallSelector..., errno: UInt16) -> Rule {
        Rule(.errno(min(errno, ErrnoValue.maximum)), syscalls)
    }
    /// Kill the process (SIGSYS, uncatchable) when it makes one of the syscalls.
    public static func kill(_ syscalls: SyscallSelector...) -> Rule { Rule(.killProcess, syscalls) }
    /// Kill only the calling thread.
    public static func killThread(_ syscalls: SyscallSelector...) -> Rule { Rule(.killThread, syscalls) }
    /// Send SIGSYS, which the program may handle (`data` arrives in `si_errno`).
    public static func trap(_ syscalls: SyscallSelector..., data: UInt16 = 0) -> Rule { Rule(.trap(data), syscalls) }
    /// Run the syscalls and record them in the audit log.
    public static func log(_ syscalls: SyscallSelector...) -> Rule { Rule(.log, syscalls) }
    /// Stop for a ptrace tracer (`syshook trace`); without one the syscalls fail with ENOSYS.
    public static func trace(_ syscalls: SyscallSelector..., data: UInt16 = 0) -> Rule { Rule(.trace(data), syscalls) }
    /// Ask a user-notification supervisor (`syshook supervise`).
    public static func notify(_ syscalls: SyscallSelector...) -> Rule { Rule(.userNotification, syscalls) }
}

/// Collects the rules of a `SeccompPolicy { ... }` block; `if`, `if/else` and `for` work as in any builder.
@resultBuilder
public enum RuleBuilder {
    public static func buildExpression(_ rule: Rule) -> [Rule] { [rule] }
    public static func buildExpression(_ rules: [Rule]) -> [Rule] { rules }
    public static func buildBlock(_ parts: [Rule]...) -> [Rule] { parts.flatMap { $0 } }
    public static func buildOptional(_ rules: [Rule]?) -> [Rule] { rules ?? [] }
    public static func buildEither(first rules: [Rule]) -> [Rule] { rules }
    public static func buildEither(second rules: [Rule]) -> [Rule] { rules }
    public static func buildArray(_ parts: [[Rule]]) -> [Rule] { parts.flatMap { $0 } }
}
