#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem
import SystemPackage

extension TraceEngine {
    /// Lets every tracee go, running, whatever stop it is in (ptrace(2), "Detaching of the tracee").
    ///
    /// Each thread is interrupted; its next stop may be that interrupt, or a syscall, signal-delivery or event stop
    /// that was already on its way. A signal-delivery stop hands its signal back on detach so it is not lost; a
    /// group-stopped thread is detached with SIGSTOP so it stays stopped as it would without us.
    func detachAll() {
        if let spawned = spawnedPID, control.signalForSpawned != 0 {
            _ = try? Signals.send(SIGCONT, to: spawned)
            _ = try? Signals.send(control.signalForSpawned, to: spawned)
        }
        var pending = Set(threads.keys)
        placement.release(threads: Array(pending))
        // Threads held by a delay are stopped already: no new stop will come for them.
        let held = Set(delayedResumes.map(\.tid))
        delayedResumes.removeAll()
        for tid in pending {
            if held.contains(tid) {
                if threads[tid]?.tamper != nil {
                    try? Ptrace.syscall(tid)  // run to the exit stop, where the forced result is written
                } else {
                    let inSyscall = threads[tid]?.currentSyscall
                    if (try? Ptrace.detach(tid)) != nil { handler(.detached(tid: tid, inSyscall: inSyscall)) }
                    threads.removeValue(forKey: tid)
                    pending.remove(tid)
                }
            } else {
                try? Ptrace.interrupt(tid)
            }
        }
        while !pending.isEmpty {
            let next: (ProcessID, WaitStatus)?
            do {
                next = try Wait.wait(options: [.all, .callingThreadOnly])
            } catch {
                break
            }
            guard let (tid, status) = next else { continue }
            switch status {
            case .exited, .killed:
                handle(tid, status)
                pending.remove(tid)
            case .continued:
                continue
            case .stopped(let signal, let event):
                if threads[tid]?.tamper != nil {
                    // A tampered call must reach its exit stop first, or the program would see -ENOSYS and
                    // changed argument registers instead of the result it was promised.
                    if signal == (SIGTRAP | 0x80), case .exit(_, let value, _)? = try? Ptrace.syscallInfo(tid) {
                        _ = tamperAtExit(tid, value: value)
                    } else {
                        let deliver = event == 0 && signal != (SIGTRAP | 0x80) ? signal : 0
                        try? Ptrace.syscall(tid, signal: deliver)
                        continue
                    }
                }
                if threads[tid] == nil {
                    // A child whose fork event we had not processed yet: it is ours too.
                    threads[tid] = TracedThread(tgid: tid)
                }
                if event == Ptrace.Event.fork.rawValue || event == Ptrace.Event.vfork.rawValue
                    || event == Ptrace.Event.clone.rawValue,
                    let message = try? Ptrace.eventMessage(tid)
                {
                    let child = ProcessID(Int32(truncatingIfNeeded: message))
                    if threads[child] == nil {
                        threads[child] = TracedThread(tgid: child)
                        pending.insert(child)
                    }
                }
                let deliver: Int32
                if event == 0 && signal != (SIGTRAP | 0x80) {
                    deliver = signal
                } else if event == Ptrace.Event.stop.rawValue && threads[tid]?.phase == .groupStopped {
                    deliver = SIGSTOP
                } else {
                    deliver = 0
                }
                let inSyscall = threads[tid]?.currentSyscall
                if (try? Ptrace.detach(tid, signal: deliver)) != nil {
                    handler(.detached(tid: tid, inSyscall: inSyscall))
                }
                threads.removeValue(forKey: tid)
                pending.remove(tid)
            }
        }
        threads.removeAll()
    }
}
