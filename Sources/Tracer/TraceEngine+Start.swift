#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem
import SyscallTables
import Seccomp
import SystemPackage

extension TraceEngine {
    /// Starts the command stopped, seizes it, and lets it run to its execve (strace's startup_child): the child
    /// stops itself, the engine seizes it and sends SIGCONT, and only then does the child install the filter, so a
    /// selected syscall never runs without a tracer (it would fail with ENOSYS).
    func start(_ original: SpawnRequest) throws(TracerError) {
        var request = original
        request.stopBeforeExec = true
        if usesFilter, case .only(let sets) = configuration.stoppingSelection {
            do {
                request.seccompFilter = try SeccompProgram.tracing(sets).encoded
            } catch {
                throw TracerError("cannot build the seccomp filter: \(error)")
            }
        }
        request.pinnedCPU = placement.pinTracer()
        let spawned: SpawnedProcess
        do {
            spawned = try Spawner.spawn(request)
        } catch {
            throw TracerError("cannot fork: \(error)")
        }
        let pid = spawned.pid
        let stopped: WaitStatus?
        do {
            stopped = try Wait.wait(pid, options: [.untraced, .all])?.1
        } catch {
            throw TracerError("cannot wait for \(pid): \(error)")
        }
        guard case .stopped(SIGSTOP, _) = stopped else {
            let failure = spawned.failure()
            throw TracerError(failure.map { "\(original.executable): \($0)" } ?? "\(original.executable): did not start")
        }
        do {
            try Ptrace.seize(pid, options: baseOptions.union(.exitKill))
        } catch {
            _ = try? Signals.send(SIGKILL, to: pid)
            throw TracerError("cannot trace \(pid): ptrace(PTRACE_SEIZE): \(error)")
        }
        _ = try? Signals.send(SIGCONT, to: pid)
        var thread = TracedThread(tgid: pid)
        thread.swallowStartupContinue = true
        threads[pid] = thread
        spawnedPID = pid
        placement.traceeStartedPinned(pid)
        handler(.started(tid: pid))
        // The report pipe closes at execve; reading it now would block on our own tracee, so drop it: an exec
        // failure shows as the execve line's error and the child's exit status 127.
        _ = consume spawned
    }

    /// Seizes every thread of every process in `pids` and interrupts each, so it reports an initial stop.
    func attach(_ pids: [ProcessID]) throws(TracerError) {
        for pid in pids {
            guard var tids = ProcFS.threads(of: pid) else {
                throw TracerError("attach: ptrace(PTRACE_SEIZE, \(pid)): No such process")
            }
            if !configuration.attachAllThreads { tids = [pid] }
            var seized: Set<ProcessID> = []
            // Threads may be created while we attach: repeat until the task list is stable.
            while let pending = tids.first(where: { !seized.contains($0) }) {
                do {
                    try Ptrace.seize(pending, options: configuration.killAttachedOnExit
                                     ? baseOptions.union(.exitKill) : baseOptions)
                    // Read before the interrupt: a sleeping call then restarts as restart_syscall.
                    let blocked = ProcFS.blockedSyscall(of: pending, in: pid)
                    try Ptrace.interrupt(pending)
                    var thread = TracedThread(tgid: pid)
                    thread.phase = .starting
                    thread.interruptedNumber = blocked
                    threads[pending] = thread
                } catch .noSuchProcess where pending != pid {
                    // A thread that exited meanwhile.
                } catch {
                    detachAll()
                    throw TracerError("attach: ptrace(PTRACE_SEIZE, \(pending)): \(error.description)")
                }
                seized.insert(pending)
                if configuration.attachAllThreads, seized.count == tids.count {
                    tids = ProcFS.threads(of: pid) ?? tids
                }
            }
            handler(.attached(tid: pid, threads: seized.count))
        }
        placement.threadsChanged(threads)
    }
}
