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
///   into the `inflight` LRU hash under the thread's id and frees it, and sys_exit, finding the slot not its own,
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
            .store(.r7, to: .r10, offset: -4, size: .word),
            .loadMap(.r1, named: ProgramBuilder.syscallsMap), .move(.r2, .r10), ALU.add.imm(.r2, -4),
            Helper.mapLookupElem.call(),
            Jump.eq.imm(.r0, 0, "out"),
            .load(.r8, from: .r0, offset: 0, size: .word),  // spec
            Jump.eq.imm(.r8, 0, "out"),
        ]
        code += builder.filterChecks(out: "out")
        code += [.load(.r9, from: .r6, offset: 0, size: .doubleWord)]  // regs
        if let codeSegment = layout.registersCodeSegment {
            // ia32 compat syscalls (cs = __USER32_CS) carry i386 numbers: not reported (see KernelLayout).
            code += [
                .load(.r1, from: .r9, offset: Int16(codeSegment), size: .halfWord),
                Jump.ne.imm(.r1, 0x33, "out"),
            ]
        }
        code += [
            .store(0, to: .r10, offset: -4, size: .word),
            .loadMap(.r1, named: ProgramBuilder.slotMap), .move(.r2, .r10), ALU.add.imm(.r2, -4),
            Helper.mapLookupElem.call(),
            Jump.eq.imm(.r0, 0, "out"),
            .move(.r6, .r0),
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
            .store(0, to: .r10, offset: -4, size: .word),
            .loadMap(.r1, named: ProgramBuilder.slotMap), .move(.r2, .r10), ALU.add.imm(.r2, -4),
            Helper.mapLookupElem.call(),
            Jump.eq.imm(.r0, 0, "out"),
            .move(.r9, .r0),
            .load(.r1, from: .r9, offset: 0, size: .word),
            Jump.ne.reg32(.r1, .r7, "saved"),
            // Fast path: remember the sequence number to check after copying (-8), flag "from the slot" (-12).
            .load(.r1, from: .r9, offset: 4, size: .word),
            .store(.r1, to: .r10, offset: -8, size: .word),
            .store(1, to: .r10, offset: -12, size: .word),
            Jump.always("found"),
            .label("saved"),
        ]
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
        code += body(strings: false)
        code += [.label("with_strings")]
        code += body(strings: true)
        code += [.label("record_filled")]
        code += typedHeader()
        code += builder.submit(size: L.syscallRecordSize(stringCapacity: stringCapacity))
        code += [
            // The entry is used up: body() freed the slot; a saved entry is deleted.
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
        [
            .move(.r6, .r1),
            .store(0, to: .r10, offset: -4, size: .word),
            .loadMap(.r1, named: ProgramBuilder.slotMap), .move(.r2, .r10), ALU.add.imm(.r2, -4),
            Helper.mapLookupElem.call(),
            Jump.eq.imm(.r0, 0, "out"),
            .move(.r7, .r0),
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

    /// Reserves the record (with or without the string area: the size must be a constant), copies the entry at
    /// r9 into it, and, when the entry came from the slot, checks the copy and frees the slot. Jumps to
    /// `record_filled`.
    private func body(strings: Bool) -> [Instruction] {
        typealias L = RecordLayout
        let suffix = strings ? "full" : "small"
        let size = L.syscallRecordSize(stringCapacity: strings ? stringCapacity : 0)
        var code = builder.reserve(size: size, out: "forget")
        code += copyEntry(strings: strings)
        code += [
            .load(.r1, from: .r10, offset: -12, size: .word),
            Jump.eq.imm(.r1, 0, "copied_\(suffix)"),
            .load(.r1, from: .r9, offset: 0, size: .word),
            Jump.ne.reg32(.r1, .r7, "torn_\(suffix)"),
            .load(.r1, from: .r9, offset: 4, size: .word),
            .load(.r2, from: .r10, offset: -8, size: .word),
            Jump.ne.reg(.r1, .r2, "torn_\(suffix)"),
            .store(0, to: .r9, offset: 0, size: .word),
            Jump.always("copied_\(suffix)"),
            // Preempted while copying and the slot was reused: sched_switch saved it before that happened.
            .label("torn_\(suffix)"),
            .store(0, to: .r10, offset: -12, size: .word),
        ]
        code += savedLookup(missing: "discard_\(suffix)")
        code += copyEntry(strings: strings)
        code += [
            Jump.always("copied_\(suffix)"),
            .label("discard_\(suffix)"),
            .move(.r1, .r8), .move(.r2, 0), Helper.ringbufDiscard.call(),
        ]
        code += builder.countDrop(label: "torn_counted_\(suffix)")
        code += [
            Jump.always("out"),
            .label("copied_\(suffix)"),
            .load(.r1, from: .r6, offset: 8, size: .doubleWord),
            .store(.r1, to: .r8, offset: Int16(L.returnValue), size: .doubleWord),
        ]
        if strings {
            let copy = SyscallStringCopy(stringCapacity: stringCapacity)
            for slot in 0..<2 {
                code += copy.instructions(slot: slot, stash: .r8, stashOffset: L.stash, onlyIfMissing: true)
            }
        }
        return code + [Jump.always("record_filled")]
    }

    /// Copies the stash of the entry at r9 into the record at r8: word by word without strings, with one
    /// probe_read_kernel when the string area comes along.
    private func copyEntry(strings: Bool) -> [Instruction] {
        typealias L = RecordLayout
        if strings {
            return [
                .move(.r1, .r8), ALU.add.imm(.r1, Int32(L.stash)),
                .move(.r2, Int32(L.Stash.size(stringCapacity: stringCapacity))),
                .move(.r3, .r9), ALU.add.imm(.r3, Int32(stash)),
                Helper.probeReadKernel.call(),
            ]
        }
        return stride(from: 0, to: L.Stash.strings, by: 8).flatMap { offset -> [Instruction] in
            [
                .load(.r1, from: .r9, offset: Int16(stash + offset), size: .doubleWord),
                .store(.r1, to: .r8, offset: Int16(L.stash + offset), size: .doubleWord),
            ]
        }
    }

    /// The 64-byte process header of the record in r8 from typed loads on the current task (r7 = pid_tgid):
    /// comm, real_parent->tgid, cred->uid/gid, cgroups->dfl_cgrp->kn->id.
    private func typedHeader() -> [Instruction] {
        typealias L = RecordLayout
        let layout = builder.layout
        return [
            .store(Int32(RecordLayout.Kind.syscall.rawValue), to: .r8, offset: Int16(L.kind), size: .word),
            .store(0, to: .r8, offset: 4, size: .word),
            .store(0, to: .r8, offset: 36, size: .word),
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
