public import SyscallTables

/// What a filter must do, before it is compiled: an action per syscall number per architecture, a default for
/// the numbers not listed, and an action for everything the filter cannot vouch for.
///
/// The architectures that appear as keys of `actions` are the known ones. A syscall from any other
/// architecture, and an x32 syscall on x86-64 (number with `Architecture.x32SyscallBit` set, other than -1),
/// gets `unknownArchitectureAction`: its numbers mean different syscalls, so the only safe answer is the one
/// chosen for "anything else" (strace traces them, a sandbox kills them).
public struct FilterSpecification: Hashable, Sendable {
    public var defaultAction: SeccompAction
    public var actions: [Architecture: [Int: SeccompAction]]
    public var unknownArchitectureAction: SeccompAction

    public init(
        defaultAction: SeccompAction, actions: [Architecture: [Int: SeccompAction]],
        unknownArchitectureAction: SeccompAction
    ) {
        self.defaultAction = defaultAction
        self.actions = actions
        self.unknownArchitectureAction = unknownArchitectureAction
    }

    /// The known architectures in a fixed order (the declaration order of `Architecture`).
    public var architectures: [Architecture] {
        Architecture.allCases.filter { actions[$0] != nil }
    }

    /// The action the filter must return for `data`: the reference the compiled program is checked against.
    public func intendedAction(for data: SeccompData) -> SeccompAction {
        guard let architecture = Architecture(auditArch: data.architecture), let table = actions[architecture] else {
            return unknownArchitectureAction
        }
        if architecture == .x86_64 && Self.isX32(UInt32(bitPattern: data.number)) { return unknownArchitectureAction }
        return table[Int(data.number)] ?? defaultAction
    }

    /// x32 numbers carry bit 30; -1 (0xffffffff) is excluded because tracers set it to skip a call and
    /// `syscall(-1)` must fail with ENOSYS, not count as a foreign ABI (libseccomp makes the same exception).
    static func isX32(_ number: UInt32) -> Bool {
        number >= Architecture.x32SyscallBit && number != UInt32.max
    }

    /// The rules of `architecture` without those that repeat the default, sorted by number.
    func effectiveRules(for architecture: Architecture) -> [(number: UInt32, action: SeccompAction)] {
        (actions[architecture] ?? [:])
            .filter { $0.value != defaultAction }
            .map { (number: UInt32($0.key), action: $0.value) }
            .sorted { $0.number < $1.number }
    }
}
