import BPF

/// The raw `sys_enter` and `sys_exit` programs.
///
/// sys_enter (ctx = `{struct pt_regs *regs, long id}`): looks the number up in the selection map (unselected
/// syscalls end here, after one array lookup), applies the process filter, and stashes number, entry time, the six
/// arguments and up to two user strings in the thread's stash, a hash map value kept per thread (see enter()).
/// Strings are copied at entry because the memory may change or vanish (execve) by exit.
///
/// sys_exit (ctx = `{regs, long ret}`): finds the stash of this thread (nothing: not selected), reserves a record
/// (without the string area when the syscall has no string argument), copies the stash into it, retries a string whose entry copy faulted (page not yet resident), adds the return
/// value and the process header, submits, and marks the stash free (spec 0).
///
/// With `perSyscallTracepoints`, the same two programs are built for the classic `syscalls:sys_enter_NAME` and
/// `syscalls:sys_exit_NAME` tracepoints of the selected syscalls instead (attached one by one): the kernel then
/// runs no program at all for the other syscalls, only a bit test. Their context is the trace record:
/// `8 __syscall_nr s32 | 16 args[6] u64` at entry, `8 __syscall_nr | 16 ret s64` at exit (compat syscalls
/// do not fire them). The kernel fills only the syscall's own argument slots; the others are zeroed.
struct SyscallPrograms {
    let builder: ProgramBuilder
    let stringCapacity: Int
    var perSyscallTracepoints = false

    /// Where the context keeps the return value at exit.
    private var returnValueOffset: Int16 { perSyscallTracepoints ? 16 : 8 }

    var stashSize: Int { RecordLayout.Stash.size(stringCapacity: stringCapacity) }

    func enter() -> [Instruction] {
        typealias S = RecordLayout.Stash
        let registers = builder.layout.registersSize
        var code: [Instruction] = [
            .move(.r6, .r1),
            perSyscallTracepoints
                ? .load(.r7, from: .r6, offset: 8, size: .word)  // __syscall_nr
                : .load(.r7, from: .r6, offset: 8, size: .doubleWord),  // id
        ]
        code += builder.selectionSpec(out: "out")
        code += builder.filterChecks(out: "out")
        if !perSyscallTracepoints {
            // Copy the saved user registers to the stack (the arguments are read from there below).
            code += [
                .move(.r1, .r10), ALU.add.imm(.r1, Int32(-registers)), .move(.r2, Int32(registers)),
                .load(.r3, from: .r6, offset: 0, size: .doubleWord),
                Helper.probeReadKernel.call(),
            ]
            if let codeSegment = builder.layout.registersCodeSegment {
                // ia32 compat syscalls (cs = __USER32_CS) carry i386 numbers: not reported (see KernelLayout).
                code += [
                    .load(.r1, from: .r10, offset: Int16(codeSegment - registers), size: .halfWord),
                    Jump.ne.imm(.r1, 0x33, "out"),
                ]
            }
        }
        // The thread's stash stays in the map between its syscalls (sched_process_exit removes it), marked
        // free by a zero spec: the common case is one lookup and writes in place, where an update and a
        // delete per syscall cost ~150 ns more. Only the thread itself touches its stash.
        code += [
            Helper.getCurrentPidTgid.call(),
            .store(.r0, to: .r10, offset: -8, size: .word),  // tid
            .loadMap(.r1, named: ProgramBuilder.inflightMap), .move(.r2, .r10), ALU.add.imm(.r2, -8),
            Helper.mapLookupElem.call(),
            Jump.ne.imm(.r0, 0, "have_stash"),
            // The thread's first selected syscall: create its stash from the scratch slot (any content: every
            // field is written below).
            .store(0, to: .r10, offset: -4, size: .word),
            .loadMap(.r1, named: ProgramBuilder.scratchMap), .move(.r2, .r10), ALU.add.imm(.r2, -4),
            Helper.mapLookupElem.call(),
            Jump.eq.imm(.r0, 0, "out"),
            .move(.r3, .r0),
            .loadMap(.r1, named: ProgramBuilder.inflightMap), .move(.r2, .r10), ALU.add.imm(.r2, -8),
            .move(.r4, 0),
            Helper.mapUpdateElem.call(),
            // A full table (more live threads with syscalls than it holds) loses this call: count it.
            Jump.sge.imm(.r0, 0, "stash_created"),
        ]
        code += builder.countDrop()
        code += [
            Jump.always("out"),
            .label("stash_created"),
            .loadMap(.r1, named: ProgramBuilder.inflightMap), .move(.r2, .r10), ALU.add.imm(.r2, -8),
            Helper.mapLookupElem.call(),
            Jump.eq.imm(.r0, 0, "out"),
            .label("have_stash"),
            .move(.r9, .r0),
            .store(.r7, to: .r9, offset: Int16(S.number), size: .word),
            .store(.r8, to: .r9, offset: Int16(S.spec), size: .word),
            Helper.ktimeGetNs.call(),
            .store(.r0, to: .r9, offset: Int16(S.enterTime), size: .doubleWord),
        ]
        if perSyscallTracepoints {
            // The trace record holds the arguments: no registers to read. Copied with probe_read_kernel rather
            // than loaded from the context: the kernel refuses to attach a program whose context loads reach
            // past a tracepoint's record (EACCES), and getppid's record has no argument at all. The kernel
            // passes all six slots (SYSCALL_DEFINE_MAXARGS), the unused ones uninitialised.
            code += [
                .move(.r1, .r9), ALU.add.imm(.r1, Int32(S.arguments)), .move(.r2, 48),
                .move(.r3, .r6), ALU.add.imm(.r3, 16),
                Helper.probeReadKernel.call(),
            ]
            // The slots past the syscall's argument count hold kernel stack bytes: zero them (spec bits 16–19).
            code += [.move(.r1, .r8), ALU.rightShift.imm(.r1, 16), ALU.and.imm(.r1, 0xF)]
            for index in 0..<6 {
                code += [
                    Jump.gt.imm(.r1, Int32(index), "argument\(index)_used"),
                    .store(0, to: .r9, offset: Int16(S.arguments + 8 * index), size: .doubleWord),
                    .label("argument\(index)_used"),
                ]
            }
        } else {
            for (index, offset) in builder.layout.syscallArgumentRegisters.enumerated() {
                code += [
                    .load(.r1, from: .r10, offset: Int16(offset - registers), size: .doubleWord),
                    .store(.r1, to: .r9, offset: Int16(S.arguments + 8 * index), size: .doubleWord),
                ]
            }
        }
        code += [
            .store(0, to: .r9, offset: Int16(S.lengths), size: .word),
            .store(0, to: .r9, offset: Int16(S.lengths + 4), size: .word),
        ]
        let strings = SyscallStringCopy(stringCapacity: stringCapacity)
        for slot in 0..<2 {
            code += strings.instructions(slot: slot, stash: .r9, stashOffset: 0, onlyIfMissing: false)
        }
        return code + ProgramBuilder.epilogue(out: "out")
    }

    func exit() -> [Instruction] {
        typealias L = RecordLayout
        var code: [Instruction] = [
            .move(.r6, .r1),
            Helper.getCurrentPidTgid.call(),
            .store(.r0, to: .r10, offset: -4, size: .word),
            .loadMap(.r1, named: ProgramBuilder.inflightMap), .move(.r2, .r10), ALU.add.imm(.r2, -4),
            Helper.mapLookupElem.call(),
            Jump.eq.imm(.r0, 0, "out"),
            .move(.r7, .r0),
            // A zero spec: no selected syscall of this thread in flight.
            .load(.r1, from: .r7, offset: Int16(RecordLayout.Stash.spec), size: .word),
            Jump.eq.imm(.r1, 0, "out"),
        ]
        // Most syscalls have no string argument: their record stops before the string area (144 bytes instead
        // of 144 + 2 * stringCapacity), so the ring buffer holds several times more of them and both sides copy
        // less. The reservation size must be a constant, hence two paths.
        let small = L.syscallRecordSize(stringCapacity: 0)
        let full = L.syscallRecordSize(stringCapacity: stringCapacity)
        code += [
            .load(.r1, from: .r7, offset: Int16(RecordLayout.Stash.spec), size: .word),
            ALU.and.imm(.r1, 0xFF00),
            Jump.ne.imm(.r1, 0, "with_strings"),
        ]
        code += builder.reserve(size: small, out: "forget")
        code += [
            .move(.r1, .r8), ALU.add.imm(.r1, Int32(L.stash)), .move(.r2, Int32(RecordLayout.Stash.strings)),
            .move(.r3, .r7),
            Helper.probeReadKernel.call(),
            .load(.r1, from: .r6, offset: returnValueOffset, size: .doubleWord),
            .store(.r1, to: .r8, offset: Int16(L.returnValue), size: .doubleWord),
            Jump.always("record_filled"),
            .label("with_strings"),
        ]
        code += builder.reserve(size: full, out: "forget")
        code += [
            .move(.r1, .r8), ALU.add.imm(.r1, Int32(L.stash)), .move(.r2, Int32(stashSize)), .move(.r3, .r7),
            Helper.probeReadKernel.call(),
            .load(.r1, from: .r6, offset: returnValueOffset, size: .doubleWord),
            .store(.r1, to: .r8, offset: Int16(L.returnValue), size: .doubleWord),
        ]
        let strings = SyscallStringCopy(stringCapacity: stringCapacity)
        for slot in 0..<2 {
            code += strings.instructions(slot: slot, stash: .r8, stashOffset: L.stash, onlyIfMissing: true)
        }
        code += [.label("record_filled")]
        code += builder.header(kind: .syscall)
        code += builder.submit(size: full)
        code += [
            .label("forget"),
            .store(0, to: .r7, offset: Int16(RecordLayout.Stash.spec), size: .word),
        ]
        return code + ProgramBuilder.epilogue(out: "out")
    }
}
