public import SyscallTables

/// A policy for `syshook supervise`: a `SeccompPolicy` for what the kernel decides alone (allow, deny, kill,
/// audit-log), plus what the supervisor decides for the syscalls it is notified of.
///
/// Written as a file (docs/policy-format.md) or built in Swift:
///
///     var policy = SupervisionPolicy()
///     policy.filter.rules.append(.deny("mkdir"))
///     try policy.add(.returnValue(0), for: "getuid")
///     try policy.addRedirect(from: "/etc/hosts", to: "/tmp/hosts")
///     let outcome = try await NotifySupervisor.run(["cat", "/etc/hosts"], policy: policy) { print($0) }
///
/// Filter rules combine as in `SeccompPolicy` (the most restrictive action wins), so a syscall that is both
/// denied and notified is denied by the kernel and never reaches the supervisor. A syscall can have only one
/// supervisor rule.
public struct SupervisionPolicy: Sendable {
    /// What the supervisor does with a notified syscall.
    public enum NotifyRule: Sendable, Hashable {
        /// The call does not run and returns `value`.
        case returnValue(Int64)
        /// Report the call (name, arguments, strings read from the target), then let it run.
        case log
        /// Wait, then let the call run.
        case delay(milliseconds: Int)
        /// For the open family: a path listed in `redirects` is opened by the supervisor with the target's
        /// flags, and the target gets that descriptor (ADDFD); other paths open normally.
        case redirectOpen
    }

    /// The kernel side. Syscalls with a supervisor rule are added to it as `userNotification` rules.
    public var filter: SeccompPolicy
    /// Supervisor rules per architecture and syscall number.
    public private(set) var notifyRules: [Architecture: [Int: NotifyRule]] = [:]
    /// The supervisor rule for notified calls without one of their own (`default notify-log`).
    public var defaultNotifyRule: NotifyRule? = nil
    /// Paths the open family is redirected from → to (absolute, normalized).
    public private(set) var redirects: [String: String] = [:]

    public init(filter: SeccompPolicy = SeccompPolicy(default: .allow, rules: [])) {
        self.filter = filter
    }

    /// The architectures rules are resolved for: those a program on this machine can use.
    public static var architectures: [Architecture] { SeccompPolicy.hostArchitectures }

    /// Gives the syscalls of `selector` the supervisor rule `rule`.
    /// - Throws: `SeccompPolicyError` for an unknown name, or when one of the syscalls already has a supervisor
    ///   rule; `conflict` then names it.
    public mutating func add(_ rule: NotifyRule, for selector: SyscallSelector) throws(SupervisionPolicyError) {
        let resolved: (numbers: [Architecture: Set<Int>], warnings: [String])
        do {
            resolved = try SyscallSetExpression.parse(selector.expression, architectures: Self.architectures)
        } catch {
            throw SupervisionPolicyError(token: error.token, reason: error.description, conflict: nil)
        }
        for architecture in Self.architectures {
            for number in (resolved.numbers[architecture] ?? []).sorted() {
                guard let existing = notifyRules[architecture]?[number], existing != rule else { continue }
                let name = SyscallTable.forArchitecture(architecture).entry(number: number)?.name ?? String(number)
                throw SupervisionPolicyError(
                    token: name, reason: "'\(name)' already has a supervisor rule", conflict: name)
            }
        }
        for (architecture, numbers) in resolved.numbers {
            for number in numbers { notifyRules[architecture, default: [:]][number] = rule }
        }
        filter.rules.append(Rule(.userNotification, [selector]))
    }

    /// Redirects opens of `old` to `new`: both are made absolute against `/` and normalized.
    public mutating func addRedirect(from old: String, to new: String) throws(SupervisionPolicyError) {
        if redirects.isEmpty { try add(.redirectOpen, for: .family("open")) }
        redirects[OpenRedirect.normalize(old)] = OpenRedirect.normalize(new)
    }

    /// The supervisor rule for a notified call, nil to let it run unchanged.
    public func rule(for architecture: Architecture?, number: Int) -> NotifyRule? {
        guard let architecture else { return defaultNotifyRule }
        return notifyRules[architecture]?[number] ?? defaultNotifyRule
    }

    /// The decisions that need no waiting, for `NotifySupervisor.launch(decideInline:)`: everything except a
    /// non-zero `delay`, which returns nil so the call goes on to `decider`.
    public func inlineDecider(
        report: @escaping @Sendable (String) -> Void
    ) -> @Sendable (SyscallNotification) -> NotifyDecision? {
        let policy = self
        return { call in
            switch policy.rule(for: call.architecture, number: call.syscallNumber) {
            case nil: return .continue
            case .returnValue(let value): return .return(value)
            case .log:
                report(NotifyCallDescription.line(for: call))
                return .continue
            case .delay(let milliseconds): return milliseconds == 0 ? .continue : nil
            case .redirectOpen: return OpenRedirect.decide(call, redirects: policy.redirects)
            }
        }
    }

    /// The decision procedure for `NotifySupervisor.answerAll`; `report` receives one line per logged call.
    public func decider(
        report: @escaping @Sendable (String) -> Void
    ) -> @Sendable (SyscallNotification) async -> NotifyDecision {
        let policy = self
        return { call in
            switch policy.rule(for: call.architecture, number: call.syscallNumber) {
            case nil:
                return .continue
            case .returnValue(let value):
                return .return(value)
            case .log:
                report(NotifyCallDescription.line(for: call))
                return .continue
            case .delay(let milliseconds):
                try? await Task.sleep(for: .milliseconds(milliseconds))
                return .continue
            case .redirectOpen:
                return OpenRedirect.decide(call, redirects: policy.redirects)
            }
        }
    }
}

/// A supervisor rule that cannot be added: an unknown name, or a second rule for the same syscall.
public struct SupervisionPolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The token to point at.
    public let token: String
    public let reason: String
    /// The syscall that already had a supervisor rule, for a conflict.
    public let conflict: String?

    public var description: String { reason }
}
