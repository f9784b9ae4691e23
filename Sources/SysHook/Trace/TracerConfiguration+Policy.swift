public import Seccomp
import SyscallTables
public import Tracer

extension TracerConfiguration {
    /// Makes the tracer carry out `policy`: the same `SeccompPolicy` value that `syshook run` compiles into a
    /// filter and `supervise` enforces.
    ///
    /// In the tracer, `trace`, `log` and `notify` syscalls are shown; `errno` ones are shown and fail with that
    /// errno without running; `kill` ones are shown and the process is killed (SIGKILL for kill-process,
    /// SIGKILL to the thread group as well for kill-thread: ptrace has no per-thread kill that skips the call);
    /// `trap` ones get SIGSYS; `allow` ones run untraced. The default action covers every syscall no rule names.
    /// - Throws: `SeccompPolicyError` for a bad syscall set in a rule.
    public init(target: Target, policy: SeccompPolicy) throws(SeccompPolicyError) {
        self.init(target: target)
        let (specification, _) = try policy.specification()
        var shown: [Architecture: Set<Int>] = [:]
        var injected: [InjectionKey: [Architecture: Set<Int>]] = [:]
        for architecture in specification.architectures {
            let named = specification.actions[architecture] ?? [:]
            for entry in SyscallTable.forArchitecture(architecture).entries {
                let action = named[entry.number] ?? specification.defaultAction
                if action != .allow { shown[architecture, default: []].insert(entry.number) }
                if let key = InjectionKey(action) { injected[key, default: [:]][architecture, default: []].insert(entry.number) }
            }
        }
        selection = .only(shown)
        followForks = true
        injections = injected.sorted { $0.key.order < $1.key.order }.map { key, syscalls in
            switch key {
            case .errno(let code): InjectionRule(syscalls: syscalls, result: .error(Int32(code)))
            case .kill: InjectionRule(syscalls: syscalls, signal: 9)
            case .trap: InjectionRule(syscalls: syscalls, result: .error(38), signal: 31)
            }
        }
    }
}

/// The tampering a seccomp action becomes in the tracer.
private enum InjectionKey: Hashable {
    case errno(UInt16), kill, trap

    init?(_ action: SeccompAction) {
        switch action {
        case .errno(let code): self = .errno(code)
        case .killProcess, .killThread: self = .kill
        case .trap: self = .trap
        case .allow, .trace, .log, .userNotification: return nil
        }
    }

    var order: Int {
        switch self {
        case .errno(let code): Int(code)
        case .trap: 70_000
        case .kill: 70_001
        }
    }
}
