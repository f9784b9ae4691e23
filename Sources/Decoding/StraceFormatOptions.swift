/// How constants are shown (`-X`).
public enum XlatStyle: String, Sendable, Hashable, CaseIterable {
    /// Numbers only: `0x80000`.
    case raw
    /// Names where known: `O_RDONLY|O_CLOEXEC` (strace's default).
    case abbrev
    /// Numbers with the names as a comment: `0x80000 /* O_RDONLY|O_CLOEXEC */`.
    case verbose
}

/// The decoding and printing options; the CLI flags map 1:1 to these.
public struct StraceFormatOptions: Sendable, Hashable {
    /// `-s`: the most bytes of a string or buffer to print.
    public var stringLimit: Int = 32
    /// `-X raw|abbrev|verbose`
    public var style: XlatStyle = .abbrev
    /// `-v`: print structs unabbreviated and argv/envp in full.
    public var verbose: Bool = false
    /// 0; 1 (`-x`: strings with non-ASCII bytes in hex); 2 (`-xx`: every string in hex).
    public var hexStrings: Int = 0
    /// 0; 1 (`-y`: paths of descriptors); 2 (`-yy`: also socket endpoints and device numbers).
    public var decodeDescriptors: Int = 0
    /// `-a`: the column where ` = RESULT` starts (strace pads with spaces up to it).
    public var alignmentColumn: Int = 40
    /// Print every argument raw by its prototype kind (integers, pointers, strings), skipping the per-syscall
    /// decoders: the baseline the decoding-cost benchmark compares full decoding against.
    public var minimalDecoding: Bool = false
    /// The most array elements (argv, iovecs, poll fds, …) to print before `...`; strace ties this to `-s` unless `-v`.
    public var arrayLimit: Int { verbose ? Int.max : stringLimit }

    public init() {}
}
