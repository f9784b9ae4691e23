/// The byte layout of ring buffer records, shared by the program generators and the decoder.
///
/// Every record starts with a 64-byte process header; the body depends on the kind:
/// ```
/// header   0 kind u32 | 4 zero u32 | 8 timestamp u64 | 16 pid | 20 tid | 24 ppid | 28 uid | 32 gid | 36 zero
///          40 cgroup id u64 | 48 comm[16]
/// syscall  64 return value s64 | 72 the entry stash (below), copied in one probe_read_kernel; for a syscall
///          without string arguments (spec bits 8–15 zero) the record ends before the stash's strings (144 bytes)
/// exec     64 old pid u32 | 68 filename length s32 | 72 argv length s32 | 80 filename[256] | 336 argv[512]
/// fork     64 child tgid u32 | 68 child tid u32
/// exit     64 exit code u32 (wait status) | 68 zero
/// compact  a syscall without string arguments from the tp_btf programs: the header's two zero words hold
///          4 number u32 and 36 argument count u32; 64 return value s64 | 72 entry time u64 | 80 args[count]
/// ```
/// The entry stash (what sys_enter saves per thread, keyed by tid):
/// `0 nr u32 | 4 string spec u32 | 8 entry time u64 | 16 args[6] | 64 length0 s32 | 68 length1 s32 |
/// 72 string0[L] | 72+L string1[L]`.
enum RecordLayout {
    enum Kind: UInt32 {
        case syscall = 1
        case exec = 2
        case fork = 3
        case exit = 4
        case compactSyscall = 5
    }

    static let kind = 0
    static let timestamp = 8
    static let pid = 16
    static let tid = 20
    static let ppid = 24
    static let uid = 28
    static let gid = 32
    static let cgroup = 40
    static let comm = 48
    static let headerSize = 64

    static let returnValue = 64
    static let stash = 72

    enum Stash {
        static let number = 0
        static let spec = 4
        static let enterTime = 8
        static let arguments = 16
        static let lengths = 64
        static let strings = 72
        static func size(stringCapacity: Int) -> Int { strings + 2 * stringCapacity }
    }

    static func syscallRecordSize(stringCapacity: Int) -> Int { stash + Stash.size(stringCapacity: stringCapacity) }

    static let compactNumber = 4
    static let compactArgumentCount = 36
    static let compactEntryTime = 72
    static let compactArguments = 80
    static func compactSyscallRecordSize(argumentCount: Int) -> Int { compactArguments + 8 * argumentCount }

    static let execOldPID = 64
    static let execFilenameLength = 68
    static let execArgumentsLength = 72
    static let execFilename = 80
    static let execFilenameCapacity = 256
    static let execArguments = 336
    static let execArgumentsCapacity = 512
    static let execRecordSize = execArguments + execArgumentsCapacity

    static let forkChildPID = 64
    static let forkChildTID = 68
    static let forkRecordSize = 72

    static let exitCode = 64
    static let exitRecordSize = 72

    /// The per-syscall value of the selection map: bit 0 = selected; bits 8–11 and 12–15 = 1 + the index of the
    /// first and second string arguments to copy (0 = none); bits 16–19 = how many arguments the syscall takes
    /// (the per-syscall tracepoint programs zero the other slots).
    static func spec(stringArguments: [Int], argumentCount: Int = 6) -> UInt32 {
        var value: UInt32 = 1 | UInt32(min(max(argumentCount, 0), 6)) << 16
        for (slot, index) in stringArguments.prefix(2).enumerated() { value |= UInt32(index + 1) << (8 + 4 * slot) }
        return value
    }
}
