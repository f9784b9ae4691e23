import SyscallTables

/// Everything a decoder may look at: the raw arguments, the tracee's memory, the options that change what is read
/// (`-s`, `-v`, `-y`), and what the entry half saved for the exit half.
struct DecodeContext: Sendable {
    let invocation: SyscallInvocation
    let memory: any TraceeMemory
    let options: StraceFormatOptions
    /// Values the entry half kept for the exit half (an offset before the call, a length the call overwrites).
    var saved: [UInt64] = []

    var arguments: [UInt64] { invocation.arguments }
    subscript(_ index: Int) -> UInt64 { invocation.arguments[index] }

    /// Argument `index` as the C `int` the kernel reads (strace truncates: tests put garbage in high bits).
    func int(_ index: Int) -> Int32 { Int32(truncatingIfNeeded: invocation.arguments[index]) }
    func uint(_ index: Int) -> UInt32 { UInt32(truncatingIfNeeded: invocation.arguments[index]) }
    func long(_ index: Int) -> Int64 { Int64(bitPattern: invocation.arguments[index]) }
}

/// How the return value of a successful call prints (strace's RVAL_* formats).
enum ResultFormat: Sendable, Hashable {
    /// `= 3` (signed decimal).
    case decimal
    /// `= 18446744073709551615`.
    case unsignedDecimal
    /// `= 0x7f12a000` (mmap, brk).
    case hex
    /// `= 022` (umask).
    case octal
    /// `= 3`, with `-y` `= 3</etc/passwd>`.
    case descriptor
    /// The call does not return (exit, exit_group; execve on success): `= ?`.
    case noReturn
}

/// The decoder of one syscall: an entry half for the arguments known before the call, and an optional exit half
/// for the arguments the call fills in (strace's two-phase decoders, made explicit).
struct SyscallDecoder: Sendable {
    typealias EntryHalf = @Sendable (inout DecodeContext) -> [DecodedArgument]
    typealias ExitHalf = @Sendable (DecodeContext, SyscallOutcome) -> [DecodedArgument]
    typealias ResultAnnotation = @Sendable (DecodeContext, Int64) -> DecodedValue?

    var entry: EntryHalf
    var exit: ExitHalf?
    var result: ResultFormat
    /// Extra text after a successful return value, as in `= 0x8002 (flags O_RDWR|O_LARGEFILE)`.
    var annotation: ResultAnnotation?
    /// The return format depends on the arguments (fcntl's F_GETFL returns flags, F_DUPFD a descriptor).
    var resultFor: (@Sendable (DecodeContext) -> ResultFormat)?

    init(
        result: ResultFormat = .decimal,
        entry: @escaping EntryHalf,
        exit: ExitHalf? = nil,
        annotation: ResultAnnotation? = nil,
        resultFor: (@Sendable (DecodeContext) -> ResultFormat)? = nil
    ) {
        self.entry = entry
        self.exit = exit
        self.result = result
        self.annotation = annotation
        self.resultFor = resultFor
    }

    /// A decoder that decodes everything at entry.
    static func atEntry(_ result: ResultFormat = .decimal, _ entry: @escaping EntryHalf) -> SyscallDecoder {
        SyscallDecoder(result: result, entry: entry)
    }
}
