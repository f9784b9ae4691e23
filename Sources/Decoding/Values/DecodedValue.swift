/// A decoded syscall argument, struct field or return annotation: the tree decoders build and renderers print
/// (design decision 8). Decoders never format text; `StraceRenderer` and `JSONLinesFormatter` both render this.
public indirect enum DecodedValue: Sendable, Hashable {
    /// A signed integer, printed in decimal.
    case signed(Int64)
    /// An unsigned integer, printed in decimal.
    case unsigned(UInt64)
    /// An integer printed in hex (`0x1f`; zero prints as `0`, as C's `%#x` does).
    case hex(UInt64)
    /// An integer printed in octal with a leading zero (`0644`, modes and umasks; zero prints as `000`).
    case octal(UInt64)
    /// A file descriptor; `-y` adds what it refers to (`3</etc/passwd>`).
    case descriptor(Int32, DescriptorTarget?)
    /// A value naming a directory that `-y` annotates, as `AT_FDCWD</home/user>`.
    case withTarget(DecodedValue, DescriptorTarget)
    /// A bit set with the names of its known bits.
    case flags(FlagsValue)
    /// One value of an enumeration (`AT_FDCWD`, `F_GETFL`, `SIGCHLD`).
    case constant(ConstantValue)
    /// Bytes from the tracee, printed quoted and escaped.
    case string(StringValue)
    /// A pointer: `NULL`, or the address. Also what an unreadable struct or string prints as.
    case address(UInt64)
    /// A struct: `{name=value, …}`. A field named nil prints its value alone.
    case structure([Field])
    /// An array: `[a, b]`; `more` adds a trailing `...` (elements left out by the limit).
    case array([DecodedValue], more: Bool)
    /// A signal mask: `[INT TERM]`, or `~[RTMIN RT_1]` when more than half the signals are set (the numbers listed
    /// are then those not in the set). `-X raw` prints the numbers.
    case signalSet(signals: [Int32], complemented: Bool)
    /// Members of a set printed space-separated in brackets: descriptors of an fd_set, CPUs of an affinity mask.
    case spaced([DecodedValue])
    /// A value-result argument that the call changed: `[0 => 35499]` (strace 7.x style).
    case changed(before: DecodedValue, after: DecodedValue)
    /// A value the kernel writes through a pointer: `[42]`.
    case pointee(DecodedValue)
    /// A macro-like call: `makedev(0x8, 0x1)`, `htons(80)`, `inet_addr("127.0.0.1")`.
    case call(String, [DecodedValue])
    /// Values joined by `|`, as in `S_IFREG|0644` or `MAP_PRIVATE|MAP_ANONYMOUS`.
    case combined([DecodedValue])
    /// A value followed by a comment: `0x7ffd0 /* 23 vars */`.
    case commented(DecodedValue, String)
    /// An argument strace prints with its name, as clone does: `flags=CLONE_VM|SIGCHLD`.
    case named(String, DecodedValue)
    /// Values printed one after another, separated by `, ` (result annotations such as poll's
    /// `[{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=69}`).
    case sequence([DecodedValue])
    /// A value always printed by name, whatever `-X` says (strace's result annotations such as fcntl's flags).
    case symbolic(DecodedValue)
    /// A word before a value: `flags O_RDWR` in fcntl's result annotation.
    case labelled(String, DecodedValue)
    /// Fields or elements left out: `...`.
    case elided
    /// Text that has no structure worth keeping (printed as is; JSON gets it as a string).
    case verbatim(String)

    /// One field of a struct.
    public struct Field: Sendable, Hashable {
        public var name: String?
        public var value: DecodedValue
        public init(_ name: String?, _ value: DecodedValue) {
            self.name = name
            self.value = value
        }
    }
}

/// What a descriptor refers to, as /proc/PID/fd shows it (`-y`) or as socket diagnostics describe it (`-yy`).
public struct DescriptorTarget: Sendable, Hashable {
    /// The link text of /proc/PID/fd/N: a path, `socket:[123]`, `pipe:[456]`, `anon_inode:[eventfd]`.
    public var path: String
    /// `-yy` details: `TCP:[127.0.0.1:22->10.0.0.1:5000]`, `char 1:3`; nil when unknown.
    public var details: String?
    /// The file was deleted (the /proc link ends in ` (deleted)`): strace prints `</tmp/x>(deleted)`.
    public var deleted: Bool
    public init(path: String, details: String? = nil, deleted: Bool = false) {
        self.path = path
        self.details = details
        self.deleted = deleted
    }
}

/// A bit set decomposed against an xlat table.
public struct FlagsValue: Sendable, Hashable {
    public enum LeftoverFormat: Sendable, Hashable { case hex, octal }
    /// The raw value as the syscall received it.
    public var raw: UInt64
    /// Names of the known bits (and of a zero-valued name such as `O_RDONLY` or `F_OK`), in table order.
    public var names: [String]
    /// Bits no name covers.
    public var leftover: UInt64
    public var leftoverFormat: LeftoverFormat
    public init(raw: UInt64, names: [String], leftover: UInt64, leftoverFormat: LeftoverFormat = .hex) {
        self.raw = raw
        self.names = names
        self.leftover = leftover
        self.leftoverFormat = leftoverFormat
    }
}

/// One value of an enumeration-like set of constants.
public struct ConstantValue: Sendable, Hashable {
    public enum NumberFormat: Sendable, Hashable { case decimal, unsignedDecimal, hex, octal }
    /// The raw value, sign-extended where the parameter is signed.
    public var raw: Int64
    public var name: String?
    /// How the number prints in `-X raw` and `-X verbose`, and when the name is unknown.
    public var format: NumberFormat
    /// Printed after an unknown value, as strace's `/* F_??? */`.
    public var unknownComment: String?
    public init(raw: Int64, name: String?, format: NumberFormat = .decimal, unknownComment: String? = nil) {
        self.raw = raw
        self.name = name
        self.format = format
        self.unknownComment = unknownComment
    }
}

/// Bytes read from the tracee.
public struct StringValue: Sendable, Hashable {
    /// The bytes to print (already cut to the `-s` limit).
    public var bytes: [UInt8]
    /// More bytes followed that were not printed: strace appends `...`.
    public var truncated: Bool
    /// Always printed as `\xNN` (random bytes, binary keys), whatever `-x` says.
    public var forceHex: Bool
    public init(bytes: [UInt8], truncated: Bool, forceHex: Bool = false) {
        self.bytes = bytes
        self.truncated = truncated
        self.forceHex = forceHex
    }
}

/// A decoded argument, with its parameter name (for JSON and `--arg-names`).
public struct DecodedArgument: Sendable, Hashable {
    public var name: String
    public var value: DecodedValue
    /// The value the call wrote back into the previous argument: strace prints it after ` => ` instead of `, `
    /// (clone3's `{...} => {pidfd=[3]}`).
    public var isUpdate: Bool
    public init(_ name: String, _ value: DecodedValue, isUpdate: Bool = false) {
        self.name = name
        self.value = value
        self.isUpdate = isUpdate
    }
}
