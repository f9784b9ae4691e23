import Decoding
import LinuxSystem
public import Tracer
#if canImport(Glibc)
import Glibc
#endif

/// `--format json`: one JSON object per completed syscall, signal, exec and exit (schema: docs/json-schema.md).
public final class JSONTracePrinter: TracePrinter {
    let tracker: SyscallTracker
    let json = JSONLinesFormatter()
    let output: OutputSink
    private var groups: [ProcessID: ProcessID] = [:]

    public init(options: TraceOutputOptions, output: OutputSink) {
        self.tracker = SyscallTracker(formatter: SyscallFormatter(options: options.format))
        self.output = output
    }

    public func handle(_ event: TraceEvent) {
        switch event {
        case .syscallEntry(let info):
            tracker.entered(info)
        case .syscallExit(let info, let value):
            guard let done = tracker.exited(info, value: value) else { return }
            output.write(json.syscall(done.syscall, pid: pid(of: info.tid), tid: info.tid.rawValue,
                                      timestamp: done.wallTime, duration: Double(done.duration) / 1e9) + "\n")
        case .signal(let tid, let signal, let siginfo):
            output.write(json.signal(signal, siginfo: siginfo, pid: pid(of: tid), tid: tid.rawValue,
                                     timestamp: Clock.wallSeconds()) + "\n")
        case .exec(let tid, let former):
            let filename = ProcFS.read("/proc/\(tid.rawValue)/cmdline").flatMap { $0.split(separator: "\0").first }
                .map(String.init)
            output.write(json.exec(filename: filename, pid: tid.rawValue, tid: tid.rawValue,
                                   formerTid: former == tid ? nil : former.rawValue, timestamp: Clock.wallSeconds()) + "\n")
        case .exited(let tid, let code):
            output.write(json.exit(code: code, signal: nil, pid: pid(of: tid), tid: tid.rawValue,
                                   timestamp: Clock.wallSeconds()) + "\n")
            forget(tid)
        case .killed(let tid, let signal, let core):
            output.write(json.exit(code: nil, signal: signal, coreDumped: core, pid: pid(of: tid), tid: tid.rawValue,
                                   timestamp: Clock.wallSeconds()) + "\n")
            forget(tid)
        case .created(let parent, let child, let kind):
            // A thread (clone without a new process) belongs to its parent's process.
            if kind == .clone, let parent, let group = ProcFS.threadGroupID(of: child), group != child { groups[child] = groups[parent] ?? group }
        case .started, .attached, .groupStop, .detached:
            break
        }
    }

    public func finish() { output.flush() }
    public func flush() { output.flush() }

    private func pid(of tid: ProcessID) -> Int32 { (groups[tid] ?? tid).rawValue }

    private func forget(_ tid: ProcessID) {
        tracker.forget(tid)
        groups[tid] = nil
    }
}
