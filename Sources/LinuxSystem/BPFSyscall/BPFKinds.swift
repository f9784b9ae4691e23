/// A BPF map type (`enum bpf_map_type` in `include/uapi/linux/bpf.h`).
public struct BPFMapType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `BPF_MAP_TYPE_HASH`
    public static let hash = BPFMapType(rawValue: 1)
    /// `BPF_MAP_TYPE_ARRAY`
    public static let array = BPFMapType(rawValue: 2)
    /// `BPF_MAP_TYPE_PERCPU_HASH`
    public static let perCPUHash = BPFMapType(rawValue: 5)
    /// `BPF_MAP_TYPE_PERCPU_ARRAY`
    public static let perCPUArray = BPFMapType(rawValue: 6)
    /// `BPF_MAP_TYPE_LRU_HASH`
    public static let lruHash = BPFMapType(rawValue: 9)
    /// `BPF_MAP_TYPE_RINGBUF`
    public static let ringBuffer = BPFMapType(rawValue: 27)

    public var description: String {
        switch self {
        case .hash: "hash"
        case .array: "array"
        case .perCPUHash: "percpu_hash"
        case .perCPUArray: "percpu_array"
        case .lruHash: "lru_hash"
        case .ringBuffer: "ringbuf"
        default: "map_type(\(rawValue))"
        }
    }

    /// Whether lookups return one value per possible CPU.
    public var isPerCPU: Bool { self == .perCPUArray || self == .perCPUHash }
}

/// A BPF program type (`enum bpf_prog_type`).
public struct BPFProgramType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `BPF_PROG_TYPE_SOCKET_FILTER`
    public static let socketFilter = BPFProgramType(rawValue: 1)
    /// `BPF_PROG_TYPE_KPROBE`
    public static let kprobe = BPFProgramType(rawValue: 2)
    /// `BPF_PROG_TYPE_TRACEPOINT`: classic tracepoints; the context is the trace record.
    public static let tracepoint = BPFProgramType(rawValue: 5)
    /// `BPF_PROG_TYPE_RAW_TRACEPOINT`: the context is the tracepoint's `u64` arguments.
    public static let rawTracepoint = BPFProgramType(rawValue: 17)
    /// `BPF_PROG_TYPE_TRACING`: tp_btf, fentry/fexit, iterators.
    public static let tracing = BPFProgramType(rawValue: 26)

    public var description: String {
        switch self {
        case .socketFilter: "socket_filter"
        case .kprobe: "kprobe"
        case .tracepoint: "tracepoint"
        case .rawTracepoint: "raw_tracepoint"
        case .tracing: "tracing"
        default: "prog_type(\(rawValue))"
        }
    }
}

/// A BPF attach type (`enum bpf_attach_type`).
public struct BPFAttachType: RawRepresentable, Sendable, Hashable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `BPF_TRACE_RAW_TP`: tp_btf programs.
    public static let tracingRawTracepoint = BPFAttachType(rawValue: 23)
    /// `BPF_TRACE_FENTRY`
    public static let fentry = BPFAttachType(rawValue: 24)
    /// `BPF_TRACE_FEXIT`
    public static let fexit = BPFAttachType(rawValue: 25)
    /// `BPF_PERF_EVENT`: link a program to a perf event (classic tracepoints, 5.15+).
    public static let perfEvent = BPFAttachType(rawValue: 41)
}

/// What `BPF_OBJ_GET_INFO_BY_FD` tells about a loaded program (`struct bpf_prog_info`, the fields we use).
public struct BPFProgramInfo: Sendable, Hashable {
    public var type: BPFProgramType
    public var id: UInt32
    public var name: String
    /// The instructions after the verifier's rewrites (`xlated_prog_insns`).
    public var translatedInstructions: [UInt8]
}

/// A loaded program's counters (`struct bpf_prog_info`): run time and count are kept only while
/// `kernel.bpf_stats_enabled` is 1; recursion misses always.
public struct BPFProgramStatistics: Sendable, Hashable {
    public var runTimeNanoseconds: UInt64
    public var runCount: UInt64
    /// Runs the kernel skipped because the program was already running on that CPU (a tracing program
    /// preempted, or re-entered from a nested context): for syshook's programs, events that were never recorded.
    public var recursionMisses: UInt64
}
