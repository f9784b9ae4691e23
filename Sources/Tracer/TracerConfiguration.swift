public import LinuxSystem
public import SyscallTables

/// Which syscalls stop the tracee.
public enum SyscallSelection: Sendable {
    /// Every syscall: plain syscall stops (PTRACE_SYSCALL), no filter.
    case all
    /// Only these numbers per architecture. With a spawned, followed command this installs a seccomp filter so
    /// that nothing else ever stops; otherwise (attach, or not following forks, where children would inherit a
    /// filter with no tracer) it uses plain syscall stops and filters here.
    case only([Architecture: Set<Int>])

    func contains(_ number: Int, architecture: Architecture) -> Bool {
        switch self {
        case .all: true
        case .only(let sets): sets[architecture]?.contains(number) ?? true
        }
    }
}

/// What to trace and how.
public struct TracerConfiguration: Sendable {
    public enum Target: Sendable {
        case spawn(SpawnRequest)
        case attach([ProcessID])
    }

    public var target: Target
    public var selection: SyscallSelection = .all
    /// Follow fork, vfork, clone and clone3 (`-f`).
    public var followForks = false
    /// Keep tracer and tracee on one CPU while a single tracee thread runs (design decision 10).
    public var pinToOneCPU = true
    /// Attach to every thread of each attached process (strace does this with `-f`; without it only the given tid).
    public var attachAllThreads = true
    /// `--kill-on-exit`: attached processes die with the tracer too (spawned ones always do, as in strace).
    public var killAttachedOnExit = false
    /// Use a seccomp filter when it is safe to (spawned + followed). `--seccomp-bpf=no` turns it off.
    public var allowSeccompFilter = true
    /// `-e inject=` / `-e fault=` rules. Their syscalls stop too, printed or not.
    public var injections: [InjectionRule] = []
    /// Stop at every syscall's entry for an `EntryHook` even when none is selected for printing.
    public var stopSelection: [Architecture: Set<Int>]? = nil

    /// The syscalls that must stop: those printed plus those injected into.
    var stoppingSelection: SyscallSelection {
        guard case .only(var sets) = selection else { return .all }
        for rule in injections {
            for (architecture, numbers) in rule.syscalls { sets[architecture, default: []].formUnion(numbers) }
        }
        for (architecture, numbers) in stopSelection ?? [:] { sets[architecture, default: []].formUnion(numbers) }
        return .only(sets)
    }

    public init(target: Target) { self.target = target }

    /// Whether this configuration stops only on selected syscalls through a seccomp filter.
    public var usesSeccompFilter: Bool {
        guard allowSeccompFilter, case .only = selection, case .spawn = target else { return false }
        return followForks
    }
}

/// Why tracing could not start.
public struct TracerError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
