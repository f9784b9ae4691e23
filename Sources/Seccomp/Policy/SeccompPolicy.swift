public import SyscallTables

/// A policy that cannot become a filter: a bad syscall set, or a filter the compiler refuses.
public struct SeccompPolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
}

/// A seccomp policy in Swift: a default action and rules per syscall, family or class.
///
///     let policy = SeccompPolicy(default: .allow) {
///         Rule.deny("mkdir", errno: .notPermitted)
///         Rule.trace(.family("open"))
///         Rule.kill(.class(.network))
///     }
///     let program = try policy.compile()   // SeccompProgram for `syshook run`, `trace` or `supervise`
///
/// When several rules name the same syscall, the most restrictive action wins, in the order the kernel itself
/// ranks actions (kill, trap, errno, notify, trace, log, allow), so the order of rules never matters.
/// A syscall from an architecture the policy was not compiled for (or an x32 call on x86-64) gets
/// `unknownArchitectureAction`; left nil, it is derived fail-safe: kill when the policy denies or kills
/// anything, trace when it only traces, log when it only logs, allow when it allows everything.
public struct SeccompPolicy: Hashable, Sendable {
    public var defaultAction: SeccompAction
    public var rules: [Rule]
    public var unknownArchitectureAction: SeccompAction?

    public init(default defaultAction: SeccompAction = .allow, unknownArchitecture: SeccompAction? = nil,
                @RuleBuilder rules: () -> [Rule]) {
        self.init(default: defaultAction, rules: rules(), unknownArchitecture: unknownArchitecture)
    }

    public init(default defaultAction: SeccompAction = .allow, rules: [Rule], unknownArchitecture: SeccompAction? = nil) {
        self.defaultAction = defaultAction
        self.rules = rules
        self.unknownArchitectureAction = unknownArchitecture
    }

    /// The architectures a program on this machine can use: x86-64 and its i386 emulation, or aarch64.
    public static var hostArchitectures: [Architecture] {
        Architecture.native == .x86_64 ? [.x86_64, .i386] : [.native]
    }

    /// The action used for unknown architectures and x32 calls.
    public var effectiveUnknownArchitectureAction: SeccompAction {
        if let unknownArchitectureAction { return unknownArchitectureAction }
        let actions = rules.map(\.action) + [defaultAction]
        if actions.contains(where: { $0 != .allow && $0 != .log && !$0.isTrace }) { return .killProcess }
        if actions.contains(where: \.isTrace) { return .trace(0) }
        if actions.contains(.log) { return .log }
        return .allow
    }

    /// Resolves every rule's syscalls per architecture (the first is the one warnings speak of).
    public func specification(
        for architectures: [Architecture] = SeccompPolicy.hostArchitectures
    ) throws(SeccompPolicyError) -> (specification: FilterSpecification, warnings: [String]) {
        var actions: [Architecture: [Int: SeccompAction]] = [:]
        for architecture in architectures { actions[architecture] = [:] }
        var warnings: [String] = []
        for rule in rules {
            for selector in rule.syscalls {
                let resolved: (numbers: [Architecture: Set<Int>], warnings: [String])
                do {
                    resolved = try SyscallSetExpression.parse(selector.expression, architectures: architectures)
                } catch {
                    throw SeccompPolicyError(description: error.description)
                }
                for warning in resolved.warnings where !warnings.contains(warning) { warnings.append(warning) }
                for (architecture, numbers) in resolved.numbers {
                    for number in numbers {
                        let current = actions[architecture]![number]
                        actions[architecture]![number] = current.map { $0.mostRestrictive(rule.action) } ?? rule.action
                    }
                }
            }
        }
        let specification = FilterSpecification(
            defaultAction: defaultAction, actions: actions, unknownArchitectureAction: effectiveUnknownArchitectureAction)
        return (specification, warnings)
    }

    /// The syscall numbers, per architecture, whose action satisfies `predicate` (rules only; the default is
    /// not expanded). A tracer uses it to learn which calls a policy traces: `policy.syscalls { $0 == .trace(0) }`.
    public func syscalls(
        for architectures: [Architecture] = SeccompPolicy.hostArchitectures,
        where predicate: (SeccompAction) -> Bool
    ) throws(SeccompPolicyError) -> [Architecture: Set<Int>] {
        let specification = try specification(for: architectures).specification
        return specification.actions.mapValues { rules in Set(rules.filter { predicate($0.value) }.keys) }
    }

    /// Compiles the policy with `FilterCompiler`'s default strategy (see there) for `architectures`.
    public func compile(
        for architectures: [Architecture] = SeccompPolicy.hostArchitectures
    ) throws(SeccompPolicyError) -> SeccompProgram {
        let specification = try specification(for: architectures).specification
        do {
            return try FilterCompiler.compile(specification)
        } catch {
            throw SeccompPolicyError(description: error.description)
        }
    }
}

extension SeccompAction {
    var isTrace: Bool {
        if case .trace = self { return true }
        return false
    }
}
