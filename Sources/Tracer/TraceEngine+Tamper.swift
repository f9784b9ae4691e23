import LinuxSystem
import SyscallTables
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

extension TraceEngine {
    /// Applies injection rules and the entry hook at a syscall entry. Returns the entry delay in microseconds.
    ///
    /// A forced result skips the call by setting its number to -1 (strace's `set_scno`); the result itself is
    /// written at the exit stop, which the kernel reports for skipped calls too. This works the same on clone,
    /// fork, vfork and execve: the call never reaches the kernel's stubs, so nothing half-happens.
    func tamperAtEntry(_ tid: ProcessID, _ call: inout SyscallEntryInfo) -> UInt64? {
        var edit = SyscallEdit()
        var delay: UInt64?
        var silentSkip = false
        if !configuration.injections.isEmpty {
            var counters = injectionCounters[tid] ?? Array(repeating: 0, count: configuration.injections.count)
            // strace keeps one rule per syscall: the last one naming it wins.
            if let index = configuration.injections.lastIndex(where: { $0.selects(call.number, call.architecture) }) {
                counters[index] += 1
                let rule = configuration.injections[index]
                if rule.schedule.matches(counters[index]) {
                    switch rule.result {
                    case .error(let errno)?: edit.skipReturning = -Int64(errno)
                    case .value(let value)?: edit.skipReturning = value
                    case nil: break
                    }
                    edit.signal = rule.signal
                    delay = rule.delayEnter
                    if rule.delayExit != nil {
                        threads[tid, default: TracedThread(tgid: tid)].tamper = PendingTamper(delayExit: rule.delayExit)
                    }
                    // A killing signal must stop the call from running (kill-after N means N calls ran).
                    if rule.signal == SIGKILL && edit.skipReturning == nil {
                        edit.skipReturning = -Int64(ENOSYS)
                        silentSkip = true  // strace shows no (INJECTED) for a call only killed
                    }
                }
            }
            injectionCounters[tid] = counters
        }
        if let hook = entryHook, let requested = hook(call, ProcessMemory(pid: tid)) {
            edit.arguments.merge(requested.arguments) { _, new in new }
            edit.string = requested.string ?? edit.string
            edit.skipReturning = requested.skipReturning ?? edit.skipReturning
            edit.signal = requested.signal ?? edit.signal
        }
        guard !edit.isEmpty else { return delay }
        apply(edit, to: tid, call: &call)
        if silentSkip { call.injected = false }
        return delay
    }

    private func apply(_ edit: SyscallEdit, to tid: ProcessID, call: inout SyscallEntryInfo) {
        var pending = threads[tid]?.tamper ?? PendingTamper()
        if edit.skipReturning != nil || !edit.arguments.isEmpty || edit.string != nil,
           var registers = try? Ptrace.registers(tid) {
            var arguments = edit.arguments
            if let (index, bytes) = edit.string {
                // Below the stack pointer, past the 128-byte red zone the ABI lets leaf functions use: the
                // thread is inside the syscall, and the kernel copies the string before anything else runs.
                let address = (registers.stackPointer - 128 - UInt64(bytes.count + 1)) & ~15
                if ProcessMemory(pid: tid).write(bytes + [0], at: address) == bytes.count + 1 {
                    arguments[index] = address
                }
            }
            for (index, value) in arguments where (0..<6).contains(index) {
                pending.originalArguments[index] = pending.originalArguments[index] ?? registers.argument(index)
                registers.setArgument(index, value)
                call.arguments[index] = value
            }
            if let result = edit.skipReturning {
                registers.syscallNumber = -1
                pending.forcedResult = result
                call.injected = true
            }
            try? Ptrace.setRegisters(tid, registers)
        }
        if let signal = edit.signal {
            _ = try? Signals.send(signal, toThread: tid, of: threads[tid]?.tgid ?? tid)
        }
        threads[tid]?.tamper = pending
    }

    /// Finishes tampering at the exit stop: writes the forced result, puts changed argument registers back.
    /// Returns the value to report and the exit delay.
    func tamperAtExit(_ tid: ProcessID, value: Int64) -> (Int64, UInt64?) {
        guard let pending = threads[tid]?.tamper else { return (value, nil) }
        threads[tid]?.tamper = nil
        var reported = value
        if pending.forcedResult != nil || !pending.originalArguments.isEmpty,
           var registers = try? Ptrace.registers(tid) {
            if let forced = pending.forcedResult {
                registers.returnValue = forced
                reported = forced
            }
            for (index, original) in pending.originalArguments { registers.setArgument(index, original) }
            try? Ptrace.setRegisters(tid, registers)
        }
        return (reported, pending.delayExit)
    }

    /// Resumes `tid` now, or after `microseconds` without holding up the other tracees.
    func resumeLater(_ tid: ProcessID, afterMicroseconds microseconds: UInt64?) {
        guard let microseconds, microseconds > 0 else {
            resume(tid)
            return
        }
        delayedResumes.append((MonotonicClock.nanoseconds() + microseconds * 1000, tid))
    }

    /// Waits for the next stop while threads are held by a delay, resuming each when its time comes.
    func waitServingDelays() throws(Errno) -> (ProcessID, WaitStatus)? {
        while true {
            let now = MonotonicClock.nanoseconds()
            let due = delayedResumes.filter { $0.deadline <= now }
            delayedResumes.removeAll { $0.deadline <= now }
            for entry in due { resume(entry.tid) }
            if let next = try Wait.wait(options: [.all, .callingThreadOnly, .noHang], interruptible: true) {
                return next
            }
            if delayedResumes.isEmpty { return try Wait.wait(options: [.all, .callingThreadOnly], interruptible: true) }
            if control.detachRequested { return nil }
            let nextDeadline = delayedResumes.map(\.deadline).min() ?? now
            let pause = min(nextDeadline > now ? nextDeadline - now : 0, 1_000_000)
            var request = timespec(tv_sec: 0, tv_nsec: Int(pause))
            nanosleep(&request, nil)
        }
    }
}
