import BPF

/// Programs on the scheduler's process tracepoints (raw): exec, fork, exit.
struct ProcessPrograms {
    let builder: ProgramBuilder

    /// `sched_process_exec(struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)`: the new image's
    /// file name (`bprm->filename`) and argv (`current->mm->arg_start..arg_end`, already in the new image).
    func exec() -> [Instruction] {
        typealias L = RecordLayout
        let layout = builder.layout
        var code: [Instruction] = [.move(.r6, .r1)]
        code += builder.filterChecks(out: "out")
        code += builder.reserve(size: L.execRecordSize, out: "out")
        code += builder.header(kind: .exec)
        code += [
            .load(.r1, from: .r6, offset: 8, size: .doubleWord),
            .store(.r1, to: .r8, offset: Int16(L.execOldPID), size: .word),
            // filename = bprm->filename
            .load(.r3, from: .r6, offset: 16, size: .doubleWord),
            ALU.add.imm(.r3, Int32(layout.binprmFilename)),
            .move(.r1, .r10), ALU.add.imm(.r1, -8), .move(.r2, 8), Helper.probeReadKernel.call(),
            .load(.r3, from: .r10, offset: -8, size: .doubleWord),
            .move(.r1, .r8), ALU.add.imm(.r1, Int32(L.execFilename)), .move(.r2, Int32(L.execFilenameCapacity)),
            Helper.probeReadKernelStr.call(),
            .store(.r0, to: .r8, offset: Int16(L.execFilenameLength), size: .word),
            // mm = current->mm; start = mm->arg_start; end = mm->arg_end
            Helper.getCurrentTask.call(),
            .move(.r3, .r0), ALU.add.imm(.r3, Int32(layout.taskMM)),
            .move(.r1, .r10), ALU.add.imm(.r1, -8), .move(.r2, 8), Helper.probeReadKernel.call(),
            .load(.r9, from: .r10, offset: -8, size: .doubleWord),
            .move(.r3, .r9), ALU.add.imm(.r3, Int32(layout.mmArgStart)),
            .move(.r1, .r10), ALU.add.imm(.r1, -16), .move(.r2, 8), Helper.probeReadKernel.call(),
            .move(.r3, .r9), ALU.add.imm(.r3, Int32(layout.mmArgEnd)),
            .move(.r1, .r10), ALU.add.imm(.r1, -24), .move(.r2, 8), Helper.probeReadKernel.call(),
            .load(.r3, from: .r10, offset: -16, size: .doubleWord),
            .load(.r7, from: .r10, offset: -24, size: .doubleWord),
            ALU.sub.reg(.r7, .r3),
            // Bound the length for the verifier: 0 ≤ length ≤ capacity.
            Jump.le.imm(.r7, Int32(L.execArgumentsCapacity), "length_ok"),
            .move(.r7, Int32(L.execArgumentsCapacity)),
            .label("length_ok"),
            .move(.r1, .r8), ALU.add.imm(.r1, Int32(L.execArguments)), .move(.r2, .r7),
            Helper.probeReadUser.call(),
            Jump.eq.imm(.r0, 0, "arguments_read"),
            .move(.r7, 0),
            .label("arguments_read"),
            .store(.r7, to: .r8, offset: Int16(L.execArgumentsLength), size: .word),
        ]
        code += builder.submit(size: L.execRecordSize)
        return code + ProgramBuilder.epilogue(out: "out")
    }

    /// `sched_process_fork(struct task_struct *parent, struct task_struct *child)`; current is the parent.
    func fork() -> [Instruction] {
        typealias L = RecordLayout
        let layout = builder.layout
        var code: [Instruction] = [.move(.r6, .r1)]
        code += builder.filterChecks(out: "out")
        code += builder.reserve(size: L.forkRecordSize, out: "out")
        code += builder.header(kind: .fork)
        code += [
            .load(.r3, from: .r6, offset: 8, size: .doubleWord),
            ALU.add.imm(.r3, Int32(layout.taskTGID)),
            .move(.r1, .r8), ALU.add.imm(.r1, Int32(L.forkChildPID)), .move(.r2, 4), Helper.probeReadKernel.call(),
            .load(.r3, from: .r6, offset: 8, size: .doubleWord),
            ALU.add.imm(.r3, Int32(layout.taskPID)),
            .move(.r1, .r8), ALU.add.imm(.r1, Int32(L.forkChildTID)), .move(.r2, 4), Helper.probeReadKernel.call(),
        ]
        code += builder.submit(size: L.forkRecordSize)
        return code + ProgramBuilder.epilogue(out: "out")
    }

    /// `sched_process_exit(struct task_struct *p, …)`: reported once per process, when its leader exits
    /// (tid == pid), with `p->exit_code` (a wait status).
    ///
    /// With `forgetInflight`, every exiting thread first drops its syscall stash: exit and exit_group never
    /// return, so sys_exit never removes theirs. With `report` false the program only does that.
    func exit(report: Bool = true, forgetInflight: Bool) -> [Instruction] {
        typealias L = RecordLayout
        var code: [Instruction] = [
            .move(.r6, .r1),
            Helper.getCurrentPidTgid.call(),
            .move(.r7, .r0),
        ]
        if forgetInflight {
            code += [
                .store(.r7, to: .r10, offset: -4, size: .word),
                .loadMap(.r1, named: ProgramBuilder.inflightMap), .move(.r2, .r10), ALU.add.imm(.r2, -4),
                Helper.mapDeleteElem.call(),
            ]
        }
        guard report else { return code + ProgramBuilder.epilogue(out: "out") }
        code += [
            .move(.r1, .r7), ALU.rightShift.imm(.r1, 32),
            Jump.ne.reg32(.r7, .r1, "out"),
        ]
        code += builder.filterChecks(out: "out")
        code += builder.reserve(size: L.exitRecordSize, out: "out")
        code += builder.header(kind: .exit)
        code += [
            .store(0, to: .r8, offset: 68, size: .word),
            .load(.r3, from: .r6, offset: 0, size: .doubleWord),
            ALU.add.imm(.r3, Int32(builder.layout.taskExitCode)),
            .move(.r1, .r8), ALU.add.imm(.r1, Int32(L.exitCode)), .move(.r2, 4), Helper.probeReadKernel.call(),
        ]
        code += builder.submit(size: L.exitRecordSize)
        return code + ProgramBuilder.epilogue(out: "out")
    }
}
