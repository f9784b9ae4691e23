/// A kernel helper function a program calls with `Helper.x.call()`.
///
/// The ids are the positions in `___BPF_FUNC_MAPPER` of `include/uapi/linux/bpf.h`; only the helpers syshook
/// uses are named (shared/notes.md c.8). Any other id can be written `Helper(rawValue: n)`.
public struct Helper: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let mapLookupElem = Helper(rawValue: 1)
    public static let mapUpdateElem = Helper(rawValue: 2)
    public static let mapDeleteElem = Helper(rawValue: 3)
    public static let probeRead = Helper(rawValue: 4)
    public static let ktimeGetNs = Helper(rawValue: 5)
    public static let tracePrintk = Helper(rawValue: 6)
    public static let getSmpProcessorId = Helper(rawValue: 8)
    public static let tailCall = Helper(rawValue: 12)
    public static let getCurrentPidTgid = Helper(rawValue: 14)
    public static let getCurrentUidGid = Helper(rawValue: 15)
    public static let getCurrentComm = Helper(rawValue: 16)
    public static let perfEventOutput = Helper(rawValue: 25)
    public static let getCurrentTask = Helper(rawValue: 35)
    public static let probeWriteUser = Helper(rawValue: 36)
    public static let getStack = Helper(rawValue: 67)
    public static let getCurrentCgroupId = Helper(rawValue: 80)
    public static let probeReadUser = Helper(rawValue: 112)
    public static let probeReadKernel = Helper(rawValue: 113)
    public static let probeReadUserStr = Helper(rawValue: 114)
    public static let probeReadKernelStr = Helper(rawValue: 115)
    public static let getNsCurrentPidTgid = Helper(rawValue: 120)
    public static let ktimeGetBootNs = Helper(rawValue: 125)
    public static let ringbufOutput = Helper(rawValue: 130)
    public static let ringbufReserve = Helper(rawValue: 131)
    public static let ringbufSubmit = Helper(rawValue: 132)
    public static let ringbufDiscard = Helper(rawValue: 133)
    public static let ringbufQuery = Helper(rawValue: 134)
    public static let getCurrentTaskBtf = Helper(rawValue: 158)
    public static let getAttachCookie = Helper(rawValue: 174)
    public static let loop = Helper(rawValue: 181)

    /// Names as `bpftool prog dump` prints them (without the `bpf_` prefix).
    static let names: [Int32: String] = [
        1: "map_lookup_elem", 2: "map_update_elem", 3: "map_delete_elem", 4: "probe_read", 5: "ktime_get_ns",
        6: "trace_printk", 8: "get_smp_processor_id", 12: "tail_call", 14: "get_current_pid_tgid",
        15: "get_current_uid_gid", 16: "get_current_comm", 25: "perf_event_output", 35: "get_current_task",
        36: "probe_write_user", 67: "get_stack", 80: "get_current_cgroup_id", 112: "probe_read_user",
        113: "probe_read_kernel", 114: "probe_read_user_str", 115: "probe_read_kernel_str",
        120: "get_ns_current_pid_tgid", 125: "ktime_get_boot_ns", 130: "ringbuf_output", 131: "ringbuf_reserve",
        132: "ringbuf_submit", 133: "ringbuf_discard", 134: "ringbuf_query", 158: "get_current_task_btf",
        174: "get_attach_cookie", 181: "loop",
    ]

    public var description: String { Helper.names[rawValue] ?? "helper\(rawValue)" }

    /// `call` this helper: arguments in r1–r5, result in r0; r1–r5 are clobbered.
    public func call() -> Instruction { Instruction.call(self) }
}
