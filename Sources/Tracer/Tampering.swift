import LinuxSystem
public import SyscallTables

/// strace's `when=FIRST[..LAST][+[STEP]]`: which invocations (counted per thread, from 1) a rule acts on.
public struct InjectionSchedule: Sendable, Equatable {
    public var first: Int
    public var last: Int?
    /// 0: only `first`.
    public var step: Int

    public init(first: Int = 1, last: Int? = nil, step: Int = 1) {
        self.first = first
        self.last = last
        self.step = step
    }

    /// Every invocation: what a rule without `when=` does.
    public static let always = InjectionSchedule()

    public func matches(_ invocation: Int) -> Bool {
        guard invocation >= first else { return false }
        if let last, invocation > last { return false }
        if step == 0 { return invocation == first }
        return (invocation - first) % step == 0
    }
}

/// What to do to the syscalls a rule selects (strace's `-e inject=`).
public struct InjectionRule: Sendable {
    public enum Result: Sendable, Equatable {
        /// The call does not run and fails with this errno.
        case error(Int32)
        /// The call does not run and returns this value.
        case value(Int64)
    }

    public var syscalls: [Architecture: Set<Int>]
    public var result: Result?
    /// Sent to the thread at entry. With SIGKILL the call never runs.
    public var signal: Int32?
    /// Microseconds to hold the thread at entry / at exit.
    public var delayEnter: UInt64?
    public var delayExit: UInt64?
    public var schedule: InjectionSchedule

    public init(syscalls: [Architecture: Set<Int>], result: Result? = nil, signal: Int32? = nil,
                delayEnter: UInt64? = nil, delayExit: UInt64? = nil, schedule: InjectionSchedule = .always) {
        self.syscalls = syscalls
        self.result = result
        self.signal = signal
        self.delayEnter = delayEnter
        self.delayExit = delayExit
        self.schedule = schedule
    }

    func selects(_ number: Int, _ architecture: Architecture) -> Bool {
        syscalls[architecture]?.contains(number) ?? false
    }
}

/// A change a handler asks for at a syscall's entry: new arguments, a string placed in the tracee for one of
/// them, or no call at all with a given result.
public struct SyscallEdit: Sendable {
    /// Arguments to replace, by index (0–5).
    public var arguments: [Int: UInt64] = [:]
    /// Point argument `index` at a copy of `bytes` (a NUL is appended) placed in the tracee's memory.
    public var string: (index: Int, bytes: [UInt8])? = nil
    /// Skip the call and make it return this raw value (-errno for a failure).
    public var skipReturning: Int64? = nil
    /// Send this signal to the thread now.
    public var signal: Int32? = nil

    public init() {}

    var isEmpty: Bool { arguments.isEmpty && string == nil && skipReturning == nil && signal == nil }
}

/// What the engine changed at a thread's entry stop, to finish at its exit stop.
struct PendingTamper: Sendable {
    /// Argument registers to put back at exit: C code may rely on the kernel preserving them.
    var originalArguments: [Int: UInt64] = [:]
    var forcedResult: Int64?
    var delayExit: UInt64?
}
