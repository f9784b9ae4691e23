import LinuxSystem
import SystemPackage

/// A program attached to a hook, owned: dropping the link detaches it (design decision 11: nothing stays
/// attached when syshook exits or is killed, since the kernel closes our descriptors).
public final class Link: Sendable {
    /// What the program is attached to, for messages (`raw_tp:sys_enter`, `tracepoint:sched:sched_process_exec`).
    public let hook: String
    private let descriptor: OwnedFileDescriptor
    /// The perf event a classic tracepoint link hangs on; kept open as long as the link.
    private let perfEvent: OwnedFileDescriptor?

    private init(hook: String, descriptor: consuming OwnedFileDescriptor, perfEvent: consuming OwnedFileDescriptor?) {
        self.hook = hook
        self.descriptor = descriptor
        self.perfEvent = perfEvent
    }

    /// Attaches a `.rawTracepoint` program to the raw tracepoint `name` (e.g. `sys_enter`, `sched_process_exec`)
    /// with `BPF_RAW_TRACEPOINT_OPEN`; needs no tracefs.
    public static func rawTracepoint(_ name: String, program: Program) throws(BPFError) -> Link {
        do {
            return Link(
                hook: "raw_tp:\(name)",
                descriptor: try BPFSystemCall.openRawTracepoint(name: name, program: program.fileDescriptor),
                perfEvent: nil)
        } catch {
            throw BPFError(.attach, object: "\(program.name) to raw tracepoint \(name)", underlying: error)
        }
    }

    /// Attaches a tp_btf program (`.tracing` loaded with `.tracingRawTracepoint` and the `btf_trace_<tp>` id) to
    /// the tracepoint its BTF id names.
    public static func btfTracepoint(program: Program, tracepoint: String) throws(BPFError) -> Link {
        do {
            return Link(
                hook: "tp_btf:\(tracepoint)",
                descriptor: try BPFSystemCall.openRawTracepoint(name: nil, program: program.fileDescriptor),
                perfEvent: nil)
        } catch {
            throw BPFError(.attach, object: "\(program.name) to tp_btf \(tracepoint)", underlying: error)
        }
    }

    /// Attaches a `.tracepoint` program to the classic tracepoint `group:name` through a perf event:
    /// `BPF_LINK_CREATE(BPF_PERF_EVENT)` (5.15+), else `PERF_EVENT_IOC_SET_BPF` and `PERF_EVENT_IOC_ENABLE`.
    /// Mounts tracefs at /sys/kernel/tracing when it is not mounted.
    public static func tracepoint(group: String, name: String, program: Program) throws(BPFError) -> Link {
        let hook = "tracepoint:\(group):\(name)"
        do {
            let id = try TraceFS.tracepointID(group: group, name: name)
            let event = try PerfEvent.openTracepoint(id: id)
            if let link = try? BPFSystemCall.createLink(
                program: program.fileDescriptor, target: event.rawValue, attachType: .perfEvent)
            {
                return Link(hook: hook, descriptor: link, perfEvent: event)
            }
            try PerfEvent.setProgram(event: event.rawValue, program: program.fileDescriptor)
            try PerfEvent.enable(event: event.rawValue)
            // Without a BPF link, the perf event itself holds the program: closing it detaches.
            return Link(hook: hook, descriptor: event, perfEvent: nil)
        } catch {
            throw BPFError(.attach, object: "\(program.name) to \(hook)", underlying: error)
        }
    }

    /// Loads `instructions` as an fentry program on kernel function `function` (its BTF id `functionID`) and
    /// attaches it. Kernels under lockdown or a BPF LSM policy refuse fentry with EPERM before verifying anything;
    /// that refusal is reported as `.unsupported` with the tracepoint that covers the same ground.
    public static func fentry(
        function: String, functionID: UInt32, instructions: [Instruction], maps: [Map] = []
    ) throws(BPFError) -> Link {
        let program: Program
        do {
            program = try Program(
                name: "syshook_fentry", type: .tracing, instructions: instructions, maps: maps,
                expectedAttachType: .fentry, attachBTFID: functionID)
        } catch where error.code == .programLoad && error.verifierLog.isEmpty
            && (error.underlying == .notPermitted || error.underlying == .permissionDenied)
        {
            throw BPFError(
                .unsupported, object: "fentry:\(function)", underlying: error.underlying,
                suggestion: "this kernel refuses fentry programs (lockdown or a BPF LSM policy); use "
                    + coveringTracepoint(for: function) + " instead")
        }
        do {
            return Link(
                hook: "fentry:\(function)",
                descriptor: try BPFSystemCall.openRawTracepoint(name: nil, program: program.fileDescriptor),
                perfEvent: nil)
        } catch {
            throw BPFError(.attach, object: "fentry:\(function)", underlying: error)
        }
    }

    /// Kernel-function probes: refused here with a clear message when the kernel cannot do them, naming the
    /// tracepoint that covers the same ground.
    ///
    /// kprobes need `CONFIG_KPROBES` (the `kprobe` PMU in /sys/bus/event_source/devices); on our kernels they are
    /// compiled out, and syshook does not build kprobe programs.
    public static func kprobe(function: String) throws(BPFError) -> Link {
        let available = (try? KernelFiles.read("/sys/bus/event_source/devices/kprobe/type")) != nil
        throw BPFError(
            .unsupported, object: "kprobe:\(function)",
            suggestion: (available
                ? "the kprobe backend is not implemented"
                : "kprobes are not available on this kernel (CONFIG_KPROBES is not set)")
                + "; use \(coveringTracepoint(for: function)) instead")
    }

    /// The tracepoint closest to a kernel function, for suggestions.
    public static func coveringTracepoint(for function: String) -> String {
        let table: [(String, String)] = [
            ("openat", "tracepoint:syscalls:sys_enter_openat"), ("open", "tracepoint:syscalls:sys_enter_openat"),
            ("unlink", "tracepoint:syscalls:sys_enter_unlinkat"), ("rename", "tracepoint:syscalls:sys_enter_renameat2"),
            ("exec", "tracepoint:sched:sched_process_exec"), ("fork", "tracepoint:sched:sched_process_fork"),
            ("clone", "tracepoint:sched:sched_process_fork"), ("exit", "tracepoint:sched:sched_process_exit"),
            ("connect", "tracepoint:syscalls:sys_enter_connect"), ("write", "tracepoint:syscalls:sys_enter_write"),
            ("read", "tracepoint:syscalls:sys_enter_read"),
        ]
        for (fragment, tracepoint) in table where function.contains(fragment) { return tracepoint }
        return "raw_tp:sys_enter / raw_tp:sys_exit (every syscall)"
    }
}
