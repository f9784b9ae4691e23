import BPF

/// Instruction sequences every generated program shares: the process filter, the record header, drop counting.
///
/// Register conventions: r6 holds the context, r8 the reserved record, r7 and r9 are free for each program;
/// r0–r5 are clobbered by every helper call.
struct ProgramBuilder {
    let filter: MonitorFilter
    let layout: KernelLayout
    /// Bytes of ring buffer; wake-ups are forced once an eighth of it is waiting.
    let ringBufferSize: Int

    /// Map names, as programs refer to them (`Instruction.loadMap(_:named:)`).
    static let eventsMap = "sh_events"
    static let dropsMap = "sh_drops"
    static let syscallsMap = "sh_syscalls"
    static let inflightMap = "sh_inflight"
    static let scratchMap = "sh_scratch"
    static let slotMap = "sh_slot"

    /// Looks up the syscall number in r7 in the selection map: its spec in r8, or a jump to `out` when the number
    /// is not selected (one array lookup: what an unselected syscall costs). Uses stack bytes -4..-1.
    func selectionSpec(out: String) -> [Instruction] {
        [
            .store(.r7, to: .r10, offset: -4, size: .word),
            .loadMap(.r1, named: Self.syscallsMap), .move(.r2, .r10), ALU.add.imm(.r2, -4),
            Helper.mapLookupElem.call(),
            Jump.eq.imm(.r0, 0, out),
            .load(.r8, from: .r0, offset: 0, size: .word),
            Jump.eq.imm(.r8, 0, out),
        ]
    }

    /// Jumps to `out` unless the current task passes the filter. Uses stack bytes -32..-17.
    func filterChecks(out: String) -> [Instruction] {
        var code: [Instruction] = []
        if filter.processID != nil || filter.excludedProcessID != nil {
            code += [Helper.getCurrentPidTgid.call(), ALU.rightShift.imm(.r0, 32)]
            if let pid = filter.processID { code.append(Jump.ne.imm(.r0, pid, out)) }
            if let excluded = filter.excludedProcessID { code.append(Jump.eq.imm(.r0, excluded, out)) }
        }
        if let uid = filter.userID {
            code += [Helper.getCurrentUidGid.call(), Jump.ne.imm32(.r0, Int32(bitPattern: uid), out)]
        }
        if let cgroup = filter.cgroupID {
            code += [
                Helper.getCurrentCgroupId.call(),
                .loadImmediate64(.r1, Int64(bitPattern: cgroup)),
                Jump.ne.reg(.r0, .r1, out),
            ]
        }
        if let command = filter.command {
            // comm is NUL-padded to 16 bytes: compare both words.
            var bytes = Array(command.utf8.prefix(15))
            bytes += [UInt8](repeating: 0, count: 16 - bytes.count)
            let low = Int64(bitPattern: UInt64(littleEndianBytes: bytes, at: 0))
            let high = Int64(bitPattern: UInt64(littleEndianBytes: bytes, at: 8))
            code += [
                .move(.r1, .r10), ALU.add.imm(.r1, -32), .move(.r2, 16), Helper.getCurrentComm.call(),
                .load(.r1, from: .r10, offset: -32, size: .doubleWord),
                .loadImmediate64(.r2, low), Jump.ne.reg(.r1, .r2, out),
                .load(.r1, from: .r10, offset: -24, size: .doubleWord),
                .loadImmediate64(.r2, high), Jump.ne.reg(.r1, .r2, out),
            ]
        }
        return code
    }

    /// Reserves `size` bytes of the ring buffer into r8; on failure counts a drop and jumps to `out`.
    func reserve(size: Int, out: String) -> [Instruction] {
        let reserved = "reserved_\(size)"
        return [
            .loadMap(.r1, named: Self.eventsMap), .move(.r2, Int32(size)), .move(.r3, 0),
            Helper.ringbufReserve.call(),
            Jump.ne.imm(.r0, 0, reserved),
        ] + countDrop(label: "drop_counted_\(size)") + [Jump.always(out), .label(reserved), .move(.r8, .r0)]
    }

    /// Adds one to this CPU's drop counter. Uses stack bytes -40..-37. `label` must be unique in the program.
    func countDrop(label: String = "drop_counted") -> [Instruction] {
        [
            .store(0, to: .r10, offset: -40, size: .word),
            .loadMap(.r1, named: Self.dropsMap), .move(.r2, .r10), ALU.add.imm(.r2, -40),
            Helper.mapLookupElem.call(),
            Jump.eq.imm(.r0, 0, label),
            .move(.r1, 1),
            .atomic(.add, base: .r0, offset: 0, source: .r1, size: .doubleWord),
            .label(label),
        ]
    }

    /// Fills the 64-byte process header of the record in r8. Uses stack bytes -48..-41 and r9.
    func header(kind: RecordLayout.Kind) -> [Instruction] {
        typealias L = RecordLayout
        return [
            .store(Int32(kind.rawValue), to: .r8, offset: Int16(L.kind), size: .word),
            .store(0, to: .r8, offset: 4, size: .word),
            .store(0, to: .r8, offset: 36, size: .word),
            Helper.ktimeGetNs.call(),
            .store(.r0, to: .r8, offset: Int16(L.timestamp), size: .doubleWord),
            Helper.getCurrentPidTgid.call(),
            .store(.r0, to: .r8, offset: Int16(L.tid), size: .word),
            ALU.rightShift.imm(.r0, 32),
            .store(.r0, to: .r8, offset: Int16(L.pid), size: .word),
            Helper.getCurrentUidGid.call(),
            .store(.r0, to: .r8, offset: Int16(L.uid), size: .word),
            ALU.rightShift.imm(.r0, 32),
            .store(.r0, to: .r8, offset: Int16(L.gid), size: .word),
            Helper.getCurrentCgroupId.call(),
            .store(.r0, to: .r8, offset: Int16(L.cgroup), size: .doubleWord),
            .move(.r1, .r8), ALU.add.imm(.r1, Int32(L.comm)), .move(.r2, 16), Helper.getCurrentComm.call(),
            // ppid = current->real_parent->tgid, both through probe_read_kernel (plain raw tracepoints may not
            // dereference kernel pointers directly).
            Helper.getCurrentTask.call(),
            .move(.r3, .r0), ALU.add.imm(.r3, Int32(layout.taskRealParent)),
            .move(.r1, .r10), ALU.add.imm(.r1, -48), .move(.r2, 8), Helper.probeReadKernel.call(),
            .load(.r3, from: .r10, offset: -48, size: .doubleWord),
            ALU.add.imm(.r3, Int32(layout.taskTGID)),
            .move(.r1, .r8), ALU.add.imm(.r1, Int32(L.ppid)), .move(.r2, 4), Helper.probeReadKernel.call(),
        ]
    }

    /// Submits the record of `size` bytes in r8 without waking the reader (`BPF_RB_NO_WAKEUP`): it polls every
    /// few milliseconds (`SyscallMonitor.pollIntervalMilliseconds`). A wake-up per record would cost the traced
    /// task an irq_work on every syscall (+500 ns measured). A buffer of at least `quietBufferSize` cannot fill
    /// between two polls at any rate the programs can produce (~3 M records/s of 144 bytes: 2 MiB per poll); a
    /// smaller one also wakes the reader once the waiting data crosses an eighth of it (`bpf_ringbuf_query`,
    /// +10 ns).
    func submit(size: Int) -> [Instruction] {
        guard ringBufferSize < Self.quietBufferSize else {
            return [.move(.r1, .r8), .move(.r2, 1), Helper.ringbufSubmit.call()]
        }
        let threshold = Int32(clamping: ringBufferSize / 8)
        return [
            .loadMap(.r1, named: Self.eventsMap), .move(.r2, 0),  // BPF_RB_AVAIL_DATA, ours included
            Helper.ringbufQuery.call(),
            .move(.r2, 1),  // BPF_RB_NO_WAKEUP
            Jump.lt.imm(.r0, threshold, "submit_quietly"),
            Jump.ge.imm(.r0, threshold &+ Int32(size + 8), "submit_quietly"),
            .move(.r2, 2),  // BPF_RB_FORCE_WAKEUP
            .label("submit_quietly"),
            .move(.r1, .r8),
            Helper.ringbufSubmit.call(),
        ]
    }

    /// Ring buffers at least this large are never woken by the programs (see `submit`).
    static let quietBufferSize = 16 << 20

    /// `r0 = 0; exit` under the label `out`.
    static func epilogue(out: String) -> [Instruction] {
        [.label(out), .move(.r0, 0), .exit]
    }
}
