#if canImport(Glibc)
import Glibc
#endif
public import LinuxSystem
import SyscallTables
import Seccomp
import SystemPackage

/// The ptrace engine. `run` drives every tracee from the calling thread, which becomes the one thread allowed to
/// make ptrace requests for them (design decision 5), and calls `handler` at each event while the tracee is stopped.
public final class TraceEngine {
    public typealias Handler = (TraceEvent) -> Void
    /// Called at every syscall entry the engine stops at (selected or injected), before the handler, while the
    /// thread is stopped: return an edit to change the call. Runs on the ptrace thread.
    public typealias EntryHook = @Sendable (SyscallEntryInfo, ProcessMemory) -> SyscallEdit?

    let configuration: TracerConfiguration
    let control: TraceControl
    var threads: [ProcessID: TracedThread] = [:]
    /// The process the engine started, whose exit status `run` returns.
    var spawnedPID: ProcessID?
    var spawnedStatus: WaitStatus?
    var handler: Handler = { _ in }
    let usesFilter: Bool
    var placement: CPUPlacement
    /// Per thread, per injection rule: how many selected calls it made.
    var injectionCounters: [ProcessID: [Int]] = [:]
    /// Threads held by `delay_enter`/`delay_exit`, resumed when their time comes (monotonic ns).
    var delayedResumes: [(deadline: UInt64, tid: ProcessID)] = []
    public var entryHook: EntryHook?
    /// Called when no tracee has anything to report and the engine is about to sleep in waitpid: the moment to
    /// flush buffered output, so a call that blocks is on screen while it blocks.
    public var idleHandler: (() -> Void)?

    public init(configuration: TracerConfiguration, control: TraceControl = TraceControl()) {
        self.configuration = configuration
        self.control = control
        self.usesFilter = configuration.usesSeccompFilter
        // Attached processes keep their own affinity: pinning them would outlive the detach.
        var spawns = false
        if case .spawn = configuration.target { spawns = true }
        self.placement = CPUPlacement(enabled: configuration.pinToOneCPU && spawns)
    }

    var baseOptions: Ptrace.Options {
        var options: Ptrace.Options = [.traceSysGood, .traceExec, .traceSeccomp]
        if configuration.followForks { options.formUnion([.traceFork, .traceVfork, .traceClone]) }
        return options
    }

    /// Runs until every tracee is gone or a detach was requested. Returns how the spawned command ended (nil when
    /// attached or detached first).
    /// - Throws: `TracerError` when nothing could be started or attached.
    public func run(_ handler: @escaping Handler) throws(TracerError) -> WaitStatus? {
        self.handler = handler
        WakeSignal.install()
        control.engineStarted(on: Signals.currentThreadID)
        switch configuration.target {
        case .spawn(let request): try start(request)
        case .attach(let pids): try attach(pids)
        }
        loop()
        placement.release(threads: Array(threads.keys))
        return spawnedStatus
    }

    private func loop() {
        while !threads.isEmpty {
            if control.detachRequested {
                detachAll()
                return
            }
            let next: (ProcessID, WaitStatus)?
            do {
                if !delayedResumes.isEmpty {
                    next = try waitServingDelays()
                } else if let idle = idleHandler {
                    if let ready = try Wait.wait(options: [.all, .callingThreadOnly, .noHang]) {
                        next = ready
                    } else {
                        idle()
                        next = try Wait.wait(options: [.all, .callingThreadOnly], interruptible: true)
                    }
                } else {
                    next = try Wait.wait(options: [.all, .callingThreadOnly], interruptible: true)
                }
            } catch .interrupted {
                continue
            } catch {
                // ECHILD: every tracee vanished without a status we could collect.
                threads.removeAll()
                return
            }
            guard let (tid, status) = next else { continue }
            handle(tid, status)
        }
    }

    // MARK: - Stops

    func handle(_ tid: ProcessID, _ status: WaitStatus) {
        switch status {
        case .exited(let code):
            finish(tid, event: .exited(tid: tid, code: code), status: status)
        case .killed(let signal, let core):
            finish(tid, event: .killed(tid: tid, signal: signal, coreDumped: core), status: status)
        case .continued:
            break
        case .stopped(let signal, let event):
            if threads[tid] == nil { adoptUnannounced(tid) }
            if signal == (SIGTRAP | 0x80) {
                syscallStop(tid)
            } else if event != 0 {
                eventStop(tid, signal: signal, event: event)
            } else {
                signalStop(tid, signal: signal)
            }
        }
    }

    /// A new child may report its first stop before its parent's fork event: announce it now, without a parent;
    /// the fork event that follows finds it known and announces nothing.
    private func adoptUnannounced(_ tid: ProcessID) {
        threads[tid] = TracedThread(tgid: ProcFS.threadGroupID(of: tid) ?? tid)
        handler(.created(parent: nil, child: tid, kind: nil))
        placement.threadsChanged(threads)
    }

    private func finish(_ tid: ProcessID, event: TraceEvent, status: WaitStatus) {
        if let thread = threads.removeValue(forKey: tid) {
            if let call = thread.currentSyscall { handler(.syscallExit(entry: call, value: nil)) }
            handler(event)
        }
        if tid == spawnedPID { spawnedStatus = status }
        placement.threadsChanged(threads)
    }

    private func syscallStop(_ tid: ProcessID) {
        let info: SyscallStop
        do { info = try Ptrace.syscallInfo(tid) } catch { return }
        switch info {
        case .entry(let arch, let number, let arguments):
            enter(tid, arch: arch, number: number, arguments: arguments, viaSeccomp: false)
        case .seccomp(let arch, let number, let arguments, _):
            enter(tid, arch: arch, number: number, arguments: arguments, viaSeccomp: true)
        case .exit(_, let reported, _):
            threads[tid]?.phase = .running
            let (value, delay) = tamperAtExit(tid, value: reported)
            if value == -516 {  // ERESTART_RESTARTBLOCK: the kernel resumes it later with restart_syscall
                let interrupted = threads[tid]?.currentSyscall?.number
                threads[tid]?.interruptedNumber = interrupted
            }
            if let call = threads[tid]?.currentSyscall {
                threads[tid]?.currentSyscall = nil
                handler(.syscallExit(entry: call, value: value))
            }
            resumeLater(tid, afterMicroseconds: delay)
        case .none:
            resume(tid)
        }
    }

    private func enter(_ tid: ProcessID, arch: UInt32, number: Int, arguments: [UInt64], viaSeccomp: Bool) {
        threads[tid]?.phase = .running
        threads[tid]?.swallowStartupContinue = false
        let architecture = Architecture(auditArch: arch) ?? .native
        var call = SyscallEntryInfo(tid: tid, architecture: architecture, number: number,
                                    arguments: arguments, viaSeccomp: viaSeccomp)
        let delay = tamperAtEntry(tid, &call)
        if configuration.selection.contains(number, architecture: architecture) {
            if SyscallTable.forArchitecture(architecture).entry(number: number)?.name == "restart_syscall" {
                call.resumedNumber = threads[tid]?.interruptedNumber
                threads[tid]?.interruptedNumber = nil
            }
            threads[tid]?.currentSyscall = call
            handler(.syscallEntry(call))
        }
        resumeLater(tid, afterMicroseconds: delay)
    }

    private func eventStop(_ tid: ProcessID, signal: Int32, event: Int32) {
        switch Ptrace.Event(rawValue: event) {
        case .seccomp:
            syscallStop(tid)
        case .fork, .vfork, .clone:
            if let message = try? Ptrace.eventMessage(tid) {
                let child = ProcessID(Int32(truncatingIfNeeded: message))
                let kind: CreationKind = event == 1 ? .fork : event == 2 ? .vfork : .clone
                let tgid = ProcFS.threadGroupID(of: child) ?? child
                if threads[child] == nil {
                    threads[child] = TracedThread(tgid: tgid)
                    handler(.created(parent: tid, child: child, kind: kind))
                    placement.threadsChanged(threads)
                }
            }
            resume(tid)
        case .exec:
            let former = (try? Ptrace.eventMessage(tid)).map { ProcessID(Int32(truncatingIfNeeded: $0)) } ?? tid
            if former != tid, var moved = threads.removeValue(forKey: former) {
                // A non-leader thread exec'd: it now has the leader's id (ptrace(2), "execve(2) under ptrace").
                moved.tgid = tid
                moved.currentSyscall?.tid = tid
                threads[tid] = moved
            }
            threads[tid]?.phase = .running
            handler(.exec(tid: tid, formerTid: former))
            resume(tid)
        case .stop:
            guard var thread = threads[tid] else { return }
            if thread.phase == .starting {
                thread.phase = .running
                threads[tid] = thread
                resume(tid)
            } else if [SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU].contains(signal) {
                threads[tid]?.phase = .groupStopped
                handler(.groupStop(tid: tid, signal: signal))
                try? Ptrace.listen(tid)
            } else {
                resume(tid)
            }
        case .exit, .vforkDone, .none:
            resume(tid)
        }
    }

    private func signalStop(_ tid: ProcessID, signal: Int32) {
        if signal == SIGCONT, threads[tid]?.swallowStartupContinue == true {
            threads[tid]?.swallowStartupContinue = false
            resume(tid)
            return
        }
        let info = (try? Ptrace.signalInfo(tid)) ?? []
        handler(.signal(tid: tid, signal: signal, siginfo: info))
        resume(tid, signal: signal)
    }

    /// Resumes `tid`: to its next seccomp stop (PTRACE_CONT) when a filter does the selecting and it is not inside
    /// a reported syscall, else to its next syscall stop (PTRACE_SYSCALL), so the exit of a reported call is seen.
    func resume(_ tid: ProcessID, signal: Int32 = 0) {
        let thread = threads[tid]
        if usesFilter && thread?.currentSyscall == nil && thread?.tamper == nil {
            try? Ptrace.cont(tid, signal: signal)
        } else {
            try? Ptrace.syscall(tid, signal: signal)
        }
    }
}
