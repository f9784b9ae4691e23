public import BPF
import BTF
import LinuxSystem
public import SyscallTables
import Synchronization

/// System-wide syscall and process events from eBPF programs generated for a filter.
///
/// Starting loads and attaches the programs; `events` then yields what they record until `stop()`. Everything
/// the monitor loaded goes away with its descriptors: at `stop()`, at deinit, or when the process dies.
///
/// ```swift
/// import Monitor
///
/// let openat = SyscallTable.native.entry(named: "openat")!.number
/// let monitor = try SyscallMonitor(options: .init(filter: MonitorFilter(syscalls: [openat], command: "make")))
/// Task { try await Task.sleep(for: .seconds(10)); monitor.stop() }
/// for await event in monitor.events {
///     guard case .syscall(let call) = event else { continue }
///     let path = call.strings[1].map { String(decoding: $0.bytes, as: UTF8.self) } ?? "?"
///     print(call.process.pid, call.process.ppid, path, call.returnValue)
/// }
/// print("dropped:", monitor.dropCount())
/// ```
public final class SyscallMonitor: Sendable {
    public struct Options: Sendable {
        public var filter: MonitorFilter
        /// Bytes copied per string argument (paths); longer strings are marked truncated.
        public var stringCapacity: Int
        /// Report exec, fork and exit from the sched tracepoints.
        public var processEvents: Bool
        /// Report syscalls (sys_enter/sys_exit programs).
        public var syscallEvents: Bool
        /// Ring buffer size in bytes (a power of two, page multiple).
        public var ringBufferSize: Int
        public var table: SyscallTable
        /// For a selection of at most `perSyscallTracepointLimit` syscalls, attach to their own
        /// `syscalls:sys_enter_NAME`/`sys_exit_NAME` tracepoints rather than to every syscall's raw tracepoints:
        /// unselected syscalls then run no program (measured: 1.2x native instead of 1.55x on a getppid loop).
        /// Falls back to the raw tracepoints when tracefs or one of the tracepoints is missing.
        public var perSyscallTracepoints: Bool
        public static let perSyscallTracepointLimit = 64
        /// For larger selections (or all syscalls), attach BTF tracepoint (tp_btf) programs with a per-CPU slot
        /// (`TypedSyscallPrograms`: ~0.6x the added cost per watched call of the raw tracepoint programs, measured);
        /// raw tracepoints when false, or when the kernel has no BTF for them or refuses them.
        public var typedTracepoints: Bool

        public init(
            filter: MonitorFilter = MonitorFilter(), stringCapacity: Int = 256, processEvents: Bool = true,
            syscallEvents: Bool = true, ringBufferSize: Int = 16 << 20, table: SyscallTable = .native,
            perSyscallTracepoints: Bool = true, typedTracepoints: Bool = true
        ) {
            self.filter = filter
            // A multiple of 8 keeps the record's fields aligned.
            self.stringCapacity = max(8, min((stringCapacity + 7) / 8 * 8, 4096))
            self.processEvents = processEvents
            self.syscallEvents = syscallEvents
            self.ringBufferSize = ringBufferSize
            self.table = table
            self.perSyscallTracepoints = perSyscallTracepoints
            self.typedTracepoints = typedTracepoints
        }
    }

    /// One generated program: its kernel name, the hook it attaches to, and its instructions.
    public struct GeneratedProgram: Sendable {
        public var name: String
        /// The raw tracepoint it attaches to, or `syscalls:sys_enter_*`/`syscalls:sys_exit_*` when it attaches to
        /// the per-syscall tracepoints in `syscallTracepoints`.
        public var tracepoint: String
        /// The classic tracepoints (group `syscalls`) it attaches to; empty for a raw tracepoint program.
        public var syscallTracepoints: [String] = []
        /// For a BTF tracepoint (tp_btf) program, the id of `btf_trace_<tracepoint>` in the kernel's BTF.
        public var btfTypeID: UInt32?
        /// Where it attaches, as bpftrace names probes (`rawtracepoint:sys_enter`, `tracepoint:syscalls:…`).
        public var hooks: String {
            if btfTypeID != nil { return "tp_btf:\(tracepoint)" }
            if syscallTracepoints.isEmpty { return "rawtracepoint:\(tracepoint)" }
            return syscallTracepoints.map { "tracepoint:syscalls:\($0)" }.joined(separator: ", ")
        }
        public var instructions: [Instruction]
        /// The instructions as text, labels included.
        public var disassembly: String { Disassembler.text(instructions) }
    }

    public let options: Options
    public let events: AsyncStream<MonitorEvent>
    /// What was loaded, for `--verbose`.
    public let programs: [GeneratedProgram]
    private let attached: Mutex<[Link]?>
    private let loaded: Mutex<[Program]?>
    private let reader: RingBufferReader
    private let drops: Map
    private let maps: [Map]
    /// Events the consumer of `events` was too slow for (the stream buffers at most `eventBufferLimit`).
    private let userSpaceDrops = DropCounter()
    /// Recursion misses of the programs `stop()` unloaded.
    private let unloadedSkips = DropCounter()
    /// How often the reader looks at the ring buffer when no program woke it (they do not, see
    /// `ProgramBuilder.submit`): the longest an event waits before it is decoded.
    static let pollIntervalMilliseconds: Int32 = 5
    /// How many decoded events may wait for the consumer before newer ones are dropped (and counted).
    public static let eventBufferLimit = 1 << 16

    /// Loads and attaches the programs for `options`.
    ///
    /// With `onEvents`, events do not go through `events` (which then only finishes when the monitor stops):
    /// they are handed over in batches, in order, on the ring buffer's reader thread, as soon as they are
    /// decoded. An AsyncStream costs microseconds per element; a consumer that must keep up with every syscall
    /// of the machine takes them this way, and should not block in `onEvents` (the ring buffer fills meanwhile).
    /// - Throws: `MonitorError` naming a missing capability, a BTF lookup that failed, or a refused program
    ///   (with its verifier log and disassembly).
    public init(
        options: Options, onEvents: (@Sendable ([MonitorEvent]) -> Void)? = nil
    ) throws(MonitorError) {
        let missing = Capability.missingForTracing(effective: KernelFiles.effectiveCapabilities())
        if !missing.isEmpty {
            throw MonitorError(
                "missing capability \(missing.map(\.name).joined(separator: " and ")): run as root or grant "
                    + "CAP_BPF and CAP_PERFMON")
        }
        self.options = options
        let layout = try Self.kernelLayout()
        let hooks = Self.syscallHooks(options, layout: layout)
        let set: LoadedPrograms
        do {
            set = try LoadedPrograms(options: options, layout: layout, hooks: hooks)
        } catch where hooks == .typed {
            // A kernel that has BTF for the tracepoints but refuses the typed programs: the raw ones work anywhere.
            set = try LoadedPrograms(options: options, layout: layout, hooks: .raw)
        }
        programs = set.generated
        maps = set.maps
        drops = set.drops
        do {
            reader = try RingBufferReader(map: set.events)
        } catch {
            throw MonitorError(error)
        }
        let programs = set.programs
        loaded = Mutex(programs)

        let (stream, continuation) = AsyncStream.makeStream(
            of: MonitorEvent.self, bufferingPolicy: .bufferingOldest(Self.eventBufferLimit))
        self.events = stream
        let decoder = EventDecoder(table: options.table, stringCapacity: options.stringCapacity)
        // Programs wake the reader only when the buffer fills up (see ProgramBuilder.submit); it polls meanwhile.
        if let onEvents {
            let batch = EventBatch()
            reader.start(pollTimeoutMilliseconds: Self.pollIntervalMilliseconds) { record in
                if let event = decoder.decode(record) { batch.events.append(event) }
            } onBatchEnd: {
                guard !batch.events.isEmpty else { return }
                onEvents(batch.events)
                batch.events.removeAll(keepingCapacity: true)
            }
        } else {
            let drops = userSpaceDrops
            reader.start(pollTimeoutMilliseconds: Self.pollIntervalMilliseconds) { record in
                guard let event = decoder.decode(record) else { return }
                if case .dropped = continuation.yield(event) { drops.count.add(1, ordering: .relaxed) }
            }
        }
        // Finish the event stream when the reader's own stream finishes (after its last drain).
        let records = reader.records
        Task.detached {
            for await _ in records {}
            continuation.finish()
        }

        var links: [Link] = []
        do {
            for (program, generated) in zip(programs, self.programs) {
                if generated.btfTypeID != nil {
                    links.append(try Link.btfTracepoint(program: program, tracepoint: generated.tracepoint))
                } else if generated.syscallTracepoints.isEmpty {
                    links.append(try Link.rawTracepoint(generated.tracepoint, program: program))
                }
                for name in generated.syscallTracepoints {
                    links.append(try Link.tracepoint(group: "syscalls", name: name, program: program))
                }
            }
        } catch {
            reader.stop()
            throw MonitorError(error)
        }
        attached = Mutex(links)
    }

    /// Detaches and unloads every program, delivers what is still in the ring buffer, and ends `events`.
    public func stop() {
        attached.withLock { $0 = nil }
        loaded.withLock { programs in
            // Their skipped runs still count as drops once they are gone.
            unloadedSkips.count.add(Self.skippedRuns(programs ?? []), ordering: .relaxed)
            programs = nil
        }
        reader.stop()
    }

    deinit { stop() }

    /// Events lost: records the kernel could not reserve because the ring buffer was full (summed over CPUs),
    /// program runs the kernel skipped because the same program was already running on that CPU (its recursion
    /// misses: a call not recorded), plus decoded events the consumer of `events` fell more than
    /// `eventBufferLimit` behind on.
    public func dropCount() -> UInt64 {
        let values = (try? drops.perCPUValues(UInt32(0).littleEndianBytes)) ?? nil
        let kernel = (values ?? []).reduce(0) { $0 + UInt64(littleEndianBytes: $1) }
        let skipped = loaded.withLock { Self.skippedRuns($0 ?? []) } + unloadedSkips.count.load(ordering: .relaxed)
        return kernel + skipped + userSpaceDrops.count.load(ordering: .relaxed)
    }

    private static func skippedRuns(_ programs: [Program]) -> UInt64 {
        programs.reduce(0) { $0 + ((try? $1.statistics().recursionMisses) ?? 0) }
    }

    /// The ids of the kernel programs this monitor loaded (empty after `stop()`).
    public func programIDs() -> [UInt32] {
        loaded.withLock { programs in (programs ?? []).compactMap { try? $0.id() } }
    }
}

/// The events of the batch being decoded. Only the reader thread touches it (its record and batch-end
/// callbacks run there, one after the other), hence the unchecked Sendable.
private final class EventBatch: @unchecked Sendable {
    var events: [MonitorEvent] = []
}

/// A counter the reader thread's callback shares with the monitor.
private final class DropCounter: Sendable {
    let count = Atomic<UInt64>(0)
}

extension MonitorFilter {
    /// The id of the cgroup v2 at `path` (absolute, or relative to /sys/fs/cgroup).
    public static func cgroupID(path: String) throws(MonitorError) -> UInt64 {
        let full = path.hasPrefix("/sys/fs/cgroup") ? path : "/sys/fs/cgroup/" + path.drop { $0 == "/" }
        do {
            return try KernelFiles.inode(of: full)
        } catch {
            throw MonitorError("no cgroup at \(full): \(error)")
        }
    }
}
