import BPF

/// The sys_enter/sys_exit programs as BTF tracepoints (tp_btf), for watching many or all syscalls, and the
/// sched_switch program that keeps their per-CPU slot honest.
///
/// Why a different shape from `SyscallPrograms`: with every syscall selected, each call runs both programs, so
/// their cost is the watch's overhead. Measured here (getppid loop, ns per call over native): the two empty
/// programs +175, a hash map lookup +50, `probe_read_kernel` +40, `get_current_comm` +70, `ktime_get_ns` +30–55;
/// whereas a per-CPU array lookup, typed loads through the BTF pointers tp_btf receives (`regs->di`,
/// `task->real_parent->tgid`) and a ring buffer record without wake-up cost little. So:
///
/// - sys_enter writes the call (number, spec, entry time, the arguments read straight from `regs`, strings) into
///   this CPU's slot: `0 tid u32 (0 = free) | 4 sequence u32 | 8 stash` (`RecordLayout.Stash`), marking it with
///   its tid last.
/// - A syscall that runs to its end on the CPU it started on finds its slot untouched at sys_exit: one array
///   lookup, no hash. One that blocks or is preempted leaves the CPU first: sched_switch then copies the slot
///   into the `inflight` hash under the thread's id and frees it, and sys_exit, finding the slot not its own,
///   looks there (and deletes the entry).
/// - sys_exit copies the slot into the record, then checks that tid and sequence number did not change while it
///   copied (if it was preempted mid-copy and another thread's sys_enter reused the slot, sched_switch had
///   saved the slot first: the copy is redone from the hash).
/// - The process header comes from typed loads on `bpf_get_current_task_btf()` (comm, real_parent->tgid,
///   cred->uid/gid, the cgroup id), not from helpers and probe reads.
///
/// Program contexts (u64 slots): sys_enter `(struct pt_regs *regs, long id)`, sys_exit `(regs, long ret)`,
/// sched_switch `(bool preempt, struct task_struct *prev, *next, unsigned int prev_state)`.
struct TypedSyscallPrograms {
    let builder: ProgramBuilder
    let stringCapacity: Int

    /// Bytes before the stash in a slot (tid, sequence number).
    static let slotPrefix = 8
    static func slotSize(stringCapacity: Int) -> Int {
        slotPrefix + RecordLayout.Stash.size(stringCapacity: stringCapacity)
    }

    private var stash: Int { Self.slotPrefix }

    func enter() -> [Instruction] {
        typealias S = RecordLayout.Stash
        let layout = builder.layout
        var code: [Instruction] = [
            .move(.r6, .r1),
            .load(.r7, from: .r6, offset: 8, size: .doubleWord),  // id
        ]
        code += builder.selectionSpec(out: "out")
        code += builder.filterChecks(out: "out")
        code += [.load(.r9, from: .r6, offset: 0, size: .doubleWord)]  // regs
        if let codeSegment = layout.registersCodeSegment {
            // ia32 compat syscalls (cs = __USER32_CS) carry i386 numbers: not reported (see KernelLayout).
            code += [
                .load(.r1, from: .r9, offset: Int16(codeSegment), size: .halfWord),
                Jump.ne.imm(.r1, 0x33, "out"),
            ]
        }
        code += slot(into: .r6)
        code += [
            // Free while being written; a new sequence number tells a concurrent sys_exit its copy is stale.
            .store(0, to: .r6, offset: 0, size: .word),
            .load(.r1, from: .r6, offset: 4, size: .word),
            ALU.add.imm(.r1, 1),
            .store(.r1, to: .r6, offset: 4, size: .word),
            .store(.r7, to: .r6, offset: Int16(stash + S.number), size: .word),
            .store(.r8, to: .r6, offset: Int16(stash + S.spec), size: .word),
        ]
        for (index, offset) in layout.syscallArgumentRegisters.enumerated() {
            code += [
                .load(.r1, from: .r9, offset: Int16(offset), size: .doubleWord),
                .store(.r1, to: .r6, offset: Int16(stash + S.arguments + 8 * index), size: .doubleWord),
            ]
        }
        code += [
            Helper.ktimeGetNs.call(),
            .store(.r0, to: .r6, offset: Int16(stash + S.enterTime), size: .doubleWord),
            .store(0, to: .r6, offset: Int16(stash + S.lengths), size: .word),
            .store(0, to: .r6, offset: Int16(stash + S.lengths + 4), size: .word),
        ]
        let strings = SyscallStringCopy(stringCapacity: stringCapacity)
        for slot in 0..<2 {
            code += strings.instructions(slot: slot, stash: .r6, stashOffset: stash, onlyIfMissing: false)
        }
        code += [
            Helper.getCurrentPidTgid.call(),
            .store(.r0, to: .r6, offset: 0, size: .word),  // tid: the slot is now this thread's
        ]
        return code + ProgramBuilder.epilogue(out: "out")
    }

    func exit() -> [Instruction] {
        typealias L = RecordLayout
        typealias S = L.Stash
        let layout = builder.layout
        var code: [Instruction] = [
            .move(.r6, .r1),
            Helper.getCurrentPidTgid.call(),
            .move(.r7, .r0),
        ]
        code += slot(into: .r9)
        code += [
            .load(.r1, from: .r9, offset: 0, size: .word),
            Jump.ne.reg32(.r1, .r7, "saved"),
            // Fast path: remember the sequence number to check after copying (-8), flag "from the slot" (-12).
            .load(.r1, from: .r9, offset: 4, size: .word),
            .store(.r1, to: .r10, offset: -8, size: .word),
            .store(1, to: .r10, offset: -12, size: .word),
            Jump.always("found"),
            // Not this thread's slot. Most such exits are of calls that were never recorded (unselected, or of
            // another process): one array lookup and a compare rule them out before the hash lookup (which costs
            // some 30 ns even for a missing key). rt_sigreturn's orig_ax is -1: looked up in any case.
            .label("saved"),
            .load(.r1, from: .r6, offset: 0, size: .doubleWord),
            .load(.r1, from: .r1, offset: Int16(layout.registersSyscallNumber), size: .doubleWord),
            Jump.eq.imm(.r1, -1, "maybe_saved"),
            .store(.r1, to: .r10, offset: -20, size: .word),
            .loadMap(.r1, named: ProgramBuilder.syscallsMap), .move(.r2, .r10), ALU.add.imm(.r2, -20),
            Helper.mapLookupElem.call(),
            Jump.eq.imm(.r0, 0, "out"),
            .load(.r1, from: .r0, offset: 0, size: .word),
            Jump.eq.imm(.r1, 0, "out"),
        ]
        if let pid = builder.filter.processID {
            code += [.move(.r1, .r7), ALU.rightShift.imm(.r1, 32), Jump.ne.imm(.r1, pid, "out")]
        }
        code += [.label("maybe_saved")]
        code += savedLookup(missing: "out")
        code += [
            .store(0, to: .r10, offset: -12, size: .word),
            .label("found"),
            // A saved entry whose syscall's exit was never seen (a missed sys_exit) must not describe this call;
            // rt_sigreturn leaves orig_ax = -1, so that one cannot be checked.
            .load(.r1, from: .r10, offset: -12, size: .word),
            Jump.ne.imm(.r1, 0, "entry_current"),
            .load(.r1, from: .r6, offset: 0, size: .doubleWord),
            .load(.r1, from: .r1, offset: Int16(layout.registersSyscallNumber), size: .doubleWord),
            Jump.eq.imm(.r1, -1, "entry_current"),
            .load(.r2, from: .r9, offset: Int16(stash + S.number), size: .word),
            Jump.ne.reg32(.r1, .r2, "forget"),
            .label("entry_current"),
            .load(.r1, from: .r9, offset: Int16(stash + S.spec), size: .word),
            ALU.and.imm(.r1, 0xFF00),
            Jump.ne.imm(.r1, 0, "with_strings"),
        ]
        code += compactBody()
        code += [.label("with_strings")]
        code += fullBody()
        code += retry()
        code += [.label("record_filled")]
        code += typedHeader()
        code += builder.submit(size: L.syscallRecordSize(stringCapacity: stringCapacity))
        code += [
            // The entry is used up: releaseSlot() freed the slot; a saved entry is deleted.
            .load(.r1, from: .r10, offset: -12, size: .word),
            Jump.eq.imm(.r1, 0, "delete_saved"),
            Jump.always("out"),
            // No record (ring buffer full, counted) or a stale entry: free what held the entry (r9).
            .label("forget"),
            .load(.r1, from: .r10, offset: -12, size: .word),
            Jump.eq.imm(.r1, 0, "delete_saved"),
            .store(0, to: .r9, offset: 0, size: .word),
            Jump.always("out"),
            .label("delete_saved"),
            .store(.r7, to: .r10, offset: -16, size: .word),
            .loadMap(.r1, named: ProgramBuilder.inflightMap), .move(.r2, .r10), ALU.add.imm(.r2, -16),
            Helper.mapDeleteElem.call(),
        ]
        return code + ProgramBuilder.epilogue(out: "out")
    }

    /// sched_switch: a thread leaving the CPU with a syscall in flight takes its slot along into `inflight`.
    /// A thread that is dying (prev_state TASK_DEAD) will never reach sys_exit: its slot is just freed.
    func schedulerSwitch() -> [Instruction] {
        [.move(.r6, .r1)] + slot(into: .r7) + [
            .load(.r1, from: .r7, offset: 0, size: .word),
            Jump.eq.imm(.r1, 0, "out"),
            .load(.r2, from: .r6, offset: 8, size: .doubleWord),  // prev
            .load(.r2, from: .r2, offset: Int16(builder.layout.taskPID), size: .word),
            Jump.ne.reg32(.r1, .r2, "out"),
            .load(.r3, from: .r6, offset: 24, size: .doubleWord),  // prev_state
            ALU.and.imm(.r3, 0x80),  // TASK_DEAD
            Jump.ne.imm(.r3, 0, "free"),
            .store(.r1, to: .r10, offset: -8, size: .word),
            .loadMap(.r1, named: ProgramBuilder.inflightMap), .move(.r2, .r10), ALU.add.imm(.r2, -8),
            .move(.r3, .r7), .move(.r4, 0),
            Helper.mapUpdateElem.call(),
            Jump.sge.imm(.r0, 0, "free"),
        ] + builder.countDrop() + [
            .label("free"),
            .store(0, to: .r7, offset: 0, size: .word),
        ] + ProgramBuilder.epilogue(out: "out")
    }

    /// `register` = this CPU's slot (uses stack bytes -4..-1).
    private func slot(into register: Register) -> [Instruction] {
        [
            .store(0, to: .r10, offset: -4, size: .word),
            .loadMap(.r1, named: ProgramBuilder.slotMap), .move(.r2, .r10), ALU.add.imm(.r2, -4),
            Helper.mapLookupElem.call(),
            Jump.eq.imm(.r0, 0, "out"),
            .move(register, .r0),
        ]
    }

    /// r9 = the thread's saved entry (`inflight[tid]`, tid in r7), or a jump to `missing`.
    private func savedLookup(missing: String) -> [Instruction] {
        [
            .store(.r7, to: .r10, offset: -16, size: .word),
            .loadMap(.r1, named: ProgramBuilder.inflightMap), .move(.r2, .r10), ALU.add.imm(.r2, -16),
            Helper.mapLookupElem.call(),
            Jump.eq.imm(.r0, 0, missing),
            .move(.r9, .r0),
        ]
    }

    /// A call without string arguments: a compact record (`RecordLayout.compactSyscall`) holding only the
    /// arguments the syscall takes (getppid: 80 bytes instead of 144), so the ring buffer holds almost twice as many
    /// while the reader catches up. The reservation size must be a constant: one branch per argument count.
    private func compactBody() -> [Instruction] {
        typealias L = RecordLayout
        typealias S = L.Stash
        var code: [Instruction] = [
            .load(.r1, from: .r9, offset: Int16(stash + S.spec), size: .word),
            ALU.rightShift.imm(.r1, 16),
            ALU.and.imm(.r1, 0xF),
        ]
        for count in 0..<6 { code.append(Jump.eq.imm(.r1, Int32(count), "arguments_\(count)")) }
        code.append(Jump.always("arguments_6"))
        for count in 0...6 {
            code += [.label("arguments_\(count)")]
            code += builder.reserve(size: L.compactSyscallRecordSize(argumentCount: count), out: "forget")
            for index in 0..<count {
                code += [
                    .load(.r1, from: .r9, offset: Int16(stash + S.arguments + 8 * index), size: .doubleWord),
                    .store(.r1, to: .r8, offset: Int16(L.compactArguments + 8 * index), size: .doubleWord),
                ]
            }
            code += [
                .store(Int32(count), to: .r8, offset: Int16(L.compactArgumentCount), size: .word),
                Jump.always("compact_reserved"),
            ]
        }
        code += [
            .label("compact_reserved"),
            .store(Int32(L.Kind.compactSyscall.rawValue), to: .r8, offset: Int16(L.kind), size: .word),
            .load(.r1, from: .r9, offset: Int16(stash + S.number), size: .word),
            .store(.r1, to: .r8, offset: Int16(L.compactNumber), size: .word),
            .load(.r1, from: .r9, offset: Int16(stash + S.enterTime), size: .doubleWord),
            .store(.r1, to: .r8, offset: Int16(L.compactEntryTime), size: .doubleWord),
        ]
        code += releaseSlot(copied: "compact_copied")
        code += [
            .label("compact_copied"),
            .load(.r1, from: .r6, offset: 8, size: .doubleWord),
            .store(.r1, to: .r8, offset: Int16(L.returnValue), size: .doubleWord),
            Jump.always("record_filled"),
        ]
        return code
    }

    /// A call with string arguments: the full record, the stash with its string area copied in one go, strings
    /// that faulted at entry read again.
    private func fullBody() -> [Instruction] {
        typealias L = RecordLayout
        var code = builder.reserve(size: L.syscallRecordSize(stringCapacity: stringCapacity), out: "forget")
        code += [
            .store(Int32(L.Kind.syscall.rawValue), to: .r8, offset: Int16(L.kind), size: .word),
            .store(0, to: .r8, offset: 4, size: .word),
            .store(0, to: .r8, offset: 36, size: .word),
            .move(.r1, .r8), ALU.add.imm(.r1, Int32(L.stash)),
            .move(.r2, Int32(L.Stash.size(stringCapacity: stringCapacity))),
            .move(.r3, .r9), ALU.add.imm(.r3, Int32(stash)),
            Helper.probeReadKernel.call(),
        ]
        code += releaseSlot(copied: "full_copied")
        code += [
            .label("full_copied"),
            .load(.r1, from: .r6, offset: 8, size: .doubleWord),
            .store(.r1, to: .r8, offset: Int16(L.returnValue), size: .doubleWord),
        ]
        let copy = SyscallStringCopy(stringCapacity: stringCapacity)
        for slot in 0..<2 {
            code += copy.instructions(slot: slot, stash: .r8, stashOffset: L.stash, onlyIfMissing: true)
        }
        return code + [Jump.always("record_filled")]
    }

    /// After copying from the entry at r9 into the record at r8: an entry from the slot is checked (same tid and
    /// sequence number, or another thread reused the slot while this program was preempted mid-copy) and freed,
    /// then a jump to `copied`; a torn copy goes to `retry`.
    private func releaseSlot(copied: String) -> [Instruction] {
        [
            .load(.r1, from: .r10, offset: -12, size: .word),
            Jump.eq.imm(.r1, 0, copied),
            .load(.r1, from: .r9, offset: 0, size: .word),
            Jump.ne.reg32(.r1, .r7, "retry"),
            .load(.r1, from: .r9, offset: 4, size: .word),
            .load(.r2, from: .r10, offset: -8, size: .word),
            Jump.ne.reg(.r1, .r2, "retry"),
            .store(0, to: .r9, offset: 0, size: .word),
            Jump.always(copied),
        ]
    }

    /// A torn copy: sched_switch saved the slot before another thread reused it, so the record is dropped and
    /// built again from the saved entry (once: the entry is then no longer the slot's).
    private func retry() -> [Instruction] {
        [
            .label("retry"),
            .move(.r1, .r8), .move(.r2, 0), Helper.ringbufDiscard.call(),
            .store(0, to: .r10, offset: -12, size: .word),
        ] + savedLookup(missing: "retry_lost") + [
            Jump.always("entry_current"),
            .label("retry_lost"),
        ] + builder.countDrop(label: "retry_lost_counted") + [Jump.always("out")]
    }

    /// The process header of the record in r8 (all but kind and the two words the bodies fill) from typed loads on
    /// the current task (r7 = pid_tgid):
    /// comm, real_parent->tgid, cred->uid/gid, cgroups->dfl_cgrp->kn->id.
    private func typedHeader() -> [Instruction] {
        typealias L = RecordLayout
        let layout = builder.layout
        return [
            Helper.ktimeGetNs.call(),
            .store(.r0, to: .r8, offset: Int16(L.timestamp), size: .doubleWord),
            .store(.r7, to: .r8, offset: Int16(L.tid), size: .word),
            ALU.rightShift.imm(.r7, 32),
            .store(.r7, to: .r8, offset: Int16(L.pid), size: .word),
            Helper.getCurrentTaskBtf.call(),
            .load(.r1, from: .r0, offset: Int16(layout.taskCgroups), size: .doubleWord),
            .load(.r1, from: .r1, offset: Int16(layout.cssSetDefaultCgroup), size: .doubleWord),
            .load(.r1, from: .r1, offset: Int16(layout.cgroupKernfsNode), size: .doubleWord),
            .load(.r1, from: .r1, offset: Int16(layout.kernfsNodeID), size: .doubleWord),
            .store(.r1, to: .r8, offset: Int16(L.cgroup), size: .doubleWord),
            .load(.r1, from: .r0, offset: Int16(layout.taskComm), size: .doubleWord),
            .store(.r1, to: .r8, offset: Int16(L.comm), size: .doubleWord),
            .load(.r1, from: .r0, offset: Int16(layout.taskComm + 8), size: .doubleWord),
            .store(.r1, to: .r8, offset: Int16(L.comm + 8), size: .doubleWord),
            .load(.r1, from: .r0, offset: Int16(layout.taskRealParent), size: .doubleWord),
            .load(.r1, from: .r1, offset: Int16(layout.taskTGID), size: .word),
            .store(.r1, to: .r8, offset: Int16(L.ppid), size: .word),
            .load(.r1, from: .r0, offset: Int16(layout.taskCred), size: .doubleWord),
            .load(.r2, from: .r1, offset: Int16(layout.credUID), size: .word),
            .store(.r2, to: .r8, offset: Int16(L.uid), size: .word),
            .load(.r2, from: .r1, offset: Int16(layout.credGID), size: .word),
            .store(.r2, to: .r8, offset: Int16(L.gid), size: .word),
        ]
    }
}
