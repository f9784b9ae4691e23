import CSysHook
public import SystemPackage

/// Typed ptrace(2) requests. Every call must come from the thread that attached the tracee.
///
/// The request numbers are declared here rather than imported: with both <sys/ptrace.h> and <linux/ptrace.h>
/// visible the importer reports them as ambiguous (style.md), and layout_checks.c pins them to the headers.
public enum Ptrace {
    enum Request: CInt {
        case peekUser = 3
        case pokeUser = 6
        case cont = 7
        case kill = 8
        case getRegs = 12
        case setRegs = 13
        case detach = 17
        case syscall = 24
        case setOptions = 0x4200
        case getEventMessage = 0x4201
        case getSignalInfo = 0x4202
        case getRegSet = 0x4204
        case setRegSet = 0x4205
        case seize = 0x4206
        case interrupt = 0x4207
        case listen = 0x4208
        case getSyscallInfo = 0x420e
        case setSyscallInfo = 0x4212
    }

    /// Tracing options (`PTRACE_O_*`), set at seize time.
    public struct Options: OptionSet, Sendable, Hashable {
        public var rawValue: CInt
        public init(rawValue: CInt) { self.rawValue = rawValue }
        /// `PTRACE_O_TRACESYSGOOD`: syscall stops report SIGTRAP|0x80.
        public static let traceSysGood = Options(rawValue: 0x01)
        /// `PTRACE_O_TRACEFORK`
        public static let traceFork = Options(rawValue: 0x02)
        /// `PTRACE_O_TRACEVFORK`
        public static let traceVfork = Options(rawValue: 0x04)
        /// `PTRACE_O_TRACECLONE`
        public static let traceClone = Options(rawValue: 0x08)
        /// `PTRACE_O_TRACEEXEC`
        public static let traceExec = Options(rawValue: 0x10)
        /// `PTRACE_O_TRACEVFORKDONE`
        public static let traceVforkDone = Options(rawValue: 0x20)
        /// `PTRACE_O_TRACEEXIT`
        public static let traceExit = Options(rawValue: 0x40)
        /// `PTRACE_O_TRACESECCOMP`: stop at `SECCOMP_RET_TRACE`.
        public static let traceSeccomp = Options(rawValue: 0x80)
        /// `PTRACE_O_EXITKILL`: SIGKILL every tracee when the tracer exits.
        public static let exitKill = Options(rawValue: 0x10_0000)
    }

    /// `PTRACE_EVENT_*`: the event a stop reports in bits 16–23 of the wait status.
    public enum Event: Int32, Sendable {
        case fork = 1, vfork = 2, clone = 3, exec = 4, vforkDone = 5, exit = 6, seccomp = 7
        /// `PTRACE_EVENT_STOP`: group-stop or PTRACE_INTERRUPT stop of a seized tracee.
        case stop = 128
    }

    /// Attaches to `tid` without stopping it (`PTRACE_SEIZE`).
    /// - Throws: `Errno.notPermitted` when Yama or missing CAP_SYS_PTRACE forbid it, `.noSuchProcess` when it is gone.
    public static func seize(_ tid: ProcessID, options: Options) throws(Errno) {
        try call(.seize, tid, nil, UnsafeMutableRawPointer(bitPattern: Int(options.rawValue)))
    }

    /// Stops a seized tracee (`PTRACE_INTERRUPT`); it reports a `PTRACE_EVENT_STOP`.
    public static func interrupt(_ tid: ProcessID) throws(Errno) {
        try call(.interrupt, tid, nil, nil)
    }

    /// Resumes a stopped tracee (`PTRACE_CONT`), delivering `signal` (0 for none).
    public static func cont(_ tid: ProcessID, signal: Int32 = 0) throws(Errno) {
        try call(.cont, tid, nil, UnsafeMutableRawPointer(bitPattern: Int(signal)))
    }

    /// Resumes until the next syscall entry or exit (`PTRACE_SYSCALL`).
    public static func syscall(_ tid: ProcessID, signal: Int32 = 0) throws(Errno) {
        try call(.syscall, tid, nil, UnsafeMutableRawPointer(bitPattern: Int(signal)))
    }

    /// Lets a tracee in group-stop stay stopped while still reporting events (`PTRACE_LISTEN`).
    public static func listen(_ tid: ProcessID) throws(Errno) {
        try call(.listen, tid, nil, nil)
    }

    /// Detaches (`PTRACE_DETACH`), delivering `signal` (0 for none).
    public static func detach(_ tid: ProcessID, signal: Int32 = 0) throws(Errno) {
        try call(.detach, tid, nil, UnsafeMutableRawPointer(bitPattern: Int(signal)))
    }

    /// Changes the options of an attached tracee (`PTRACE_SETOPTIONS`).
    public static func setOptions(_ tid: ProcessID, _ options: Options) throws(Errno) {
        try call(.setOptions, tid, nil, UnsafeMutableRawPointer(bitPattern: Int(options.rawValue)))
    }

    /// The message of the last event stop (`PTRACE_GETEVENTMSG`): a new child's tid, the former tid at exec,
    /// the SECCOMP_RET_DATA of a seccomp stop, the exit status at exit.
    public static func eventMessage(_ tid: ProcessID) throws(Errno) -> UInt {
        var message: UInt = 0
        let result = withUnsafeMutablePointer(to: &message) { pointer in
            system_ptrace(Request.getEventMessage.rawValue, tid.rawValue, nil, UnsafeMutableRawPointer(pointer))
        }
        if result < 0 { throw Errno(rawValue: system_errno) }
        return message
    }

    /// The raw `siginfo_t` (128 bytes) of the signal a tracee is stopped for (`PTRACE_GETSIGINFO`).
    public static func signalInfo(_ tid: ProcessID) throws(Errno) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 128)
        let result = bytes.withUnsafeMutableBytes { buffer in
            system_ptrace(Request.getSignalInfo.rawValue, tid.rawValue, nil, buffer.baseAddress)
        }
        if result < 0 { throw Errno(rawValue: system_errno) }
        return bytes
    }

    @inline(__always)
    static func call(
        _ request: Request, _ tid: ProcessID, _ addr: UnsafeMutableRawPointer?, _ data: UnsafeMutableRawPointer?
    ) throws(Errno) {
        let result = system_ptrace(request.rawValue, tid.rawValue, addr, data)
        if result < 0 { throw Errno(rawValue: system_errno) }
    }
}
