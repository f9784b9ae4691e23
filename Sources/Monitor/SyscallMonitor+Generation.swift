import BPF
import BTF
import LinuxSystem
import SyscallTables

/// Which programs observe syscalls.
enum SyscallHooks: Equatable {
    /// The selected syscalls' own `syscalls:sys_enter_NAME`/`sys_exit_NAME` tracepoints (small selections).
    case perSyscall([String])
    /// tp_btf programs on sys_enter/sys_exit with a per-CPU slot, plus sched_switch (`TypedSyscallPrograms`).
    case typed
    /// Raw tracepoint programs on sys_enter/sys_exit with a per-thread hash stash (`SyscallPrograms`).
    case raw
}

extension SyscallMonitor {
    static func kernelLayout() throws(MonitorError) -> KernelLayout {
        let bytes: [UInt8]
        do {
            bytes = try KernelFiles.read("/sys/kernel/btf/vmlinux")
        } catch {
            throw MonitorError("cannot read /sys/kernel/btf/vmlinux (\(error)): the kernel needs CONFIG_DEBUG_INFO_BTF")
        }
        do {
            return try KernelLayout(btf: BTF(bytes: bytes))
        } catch {
            throw MonitorError("kernel BTF: \(error)")
        }
    }

    static func syscallHooks(_ options: Options, layout: KernelLayout) -> SyscallHooks {
        if let names = perSyscallTracepointNames(options) { return .perSyscall(names) }
        if options.typedTracepoints, layout.tracepointTypeIDs != nil { return .typed }
        return .raw
    }

    /// The programs `options` calls for, generated for this kernel's layout.
    static func generate(options: Options, layout: KernelLayout, hooks: SyscallHooks) -> [GeneratedProgram] {
        let builder = ProgramBuilder(filter: options.filter, layout: layout, ringBufferSize: options.ringBufferSize)
        var result: [GeneratedProgram] = []
        if options.syscallEvents {
            switch hooks {
            case .perSyscall(let names):
                var syscalls = SyscallPrograms(builder: builder, stringCapacity: options.stringCapacity)
                syscalls.perSyscallTracepoints = true
                var enter = GeneratedProgram(
                    name: "syshook_sys_in", tracepoint: "syscalls:sys_enter_*", instructions: syscalls.enter())
                enter.syscallTracepoints = names.map { "sys_enter_" + $0 }
                var exit = GeneratedProgram(
                    name: "syshook_sys_out", tracepoint: "syscalls:sys_exit_*", instructions: syscalls.exit())
                exit.syscallTracepoints = names.map { "sys_exit_" + $0 }
                result += [enter, exit]
            case .typed:
                let syscalls = TypedSyscallPrograms(builder: builder, stringCapacity: options.stringCapacity)
                let ids = layout.tracepointTypeIDs!
                var enter = GeneratedProgram(name: "syshook_sys_in", tracepoint: "sys_enter", instructions: syscalls.enter())
                enter.btfTypeID = ids.sysEnter
                var exit = GeneratedProgram(name: "syshook_sys_out", tracepoint: "sys_exit", instructions: syscalls.exit())
                exit.btfTypeID = ids.sysExit
                var switched = GeneratedProgram(
                    name: "syshook_switch", tracepoint: "sched_switch", instructions: syscalls.schedulerSwitch())
                switched.btfTypeID = ids.schedSwitch
                result += [enter, exit, switched]
            case .raw:
                let syscalls = SyscallPrograms(builder: builder, stringCapacity: options.stringCapacity)
                result.append(GeneratedProgram(name: "syshook_sys_in", tracepoint: "sys_enter", instructions: syscalls.enter()))
                result.append(GeneratedProgram(name: "syshook_sys_out", tracepoint: "sys_exit", instructions: syscalls.exit()))
            }
        }
        let process = ProcessPrograms(builder: builder)
        if options.processEvents {
            result.append(GeneratedProgram(name: "syshook_exec", tracepoint: "sched_process_exec", instructions: process.exec()))
            result.append(GeneratedProgram(name: "syshook_fork", tracepoint: "sched_process_fork", instructions: process.fork()))
        }
        if options.processEvents || options.syscallEvents {
            // Also clears the syscall stash of every exiting thread (the stash map is a plain hash, cheaper than
            // an LRU one, so nothing may be left in it).
            let exit = process.exit(report: options.processEvents, forgetInflight: options.syscallEvents)
            result.append(GeneratedProgram(name: "syshook_exit", tracepoint: "sched_process_exit", instructions: exit))
        }
        return result
    }

    /// The names of the selected syscalls when `options` calls for per-syscall tracepoints and each of them has
    /// both (nil: use the raw tracepoints).
    static func perSyscallTracepointNames(_ options: Options) -> [String]? {
        guard options.perSyscallTracepoints, options.syscallEvents, let numbers = options.filter.syscalls,
            !numbers.isEmpty, numbers.count <= Options.perSyscallTracepointLimit
        else { return nil }
        var names: [String] = []
        for number in numbers.sorted() {
            guard let name = options.table.entry(number: number)?.name,
                (try? TraceFS.tracepointID(group: "syscalls", name: "sys_enter_" + name)) != nil,
                (try? TraceFS.tracepointID(group: "syscalls", name: "sys_exit_" + name)) != nil
            else { return nil }
            names.append(name)
        }
        return names
    }

    /// The selection map's contents: every selected number and its string-argument spec.
    static func selection(_ options: Options) -> [(Int, UInt32)] {
        let numbers = options.filter.syscalls ?? Set(0...options.table.maxNumber)
        return numbers.sorted().filter { $0 >= 0 && $0 <= options.table.maxNumber }.map { number in
            let entry = options.table.entry(number: number)
            let kinds = entry?.arguments ?? []
            let strings = kinds.indices.filter { kinds[$0] == .string }
            return (number, RecordLayout.spec(stringArguments: strings, argumentCount: entry == nil ? 6 : kinds.count))
        }
    }

    /// The programs `options` calls for on this kernel, without loading them (for `--verbose` and tests).
    public static func generatedPrograms(options: Options) throws(MonitorError) -> [GeneratedProgram] {
        let layout = try kernelLayout()
        return generate(options: options, layout: layout, hooks: syscallHooks(options, layout: layout))
    }
}

/// The maps and loaded (not yet attached) programs of one monitor.
struct LoadedPrograms {
    let generated: [SyscallMonitor.GeneratedProgram]
    let events: Map
    let drops: Map
    let maps: [Map]
    let programs: [Program]

    init(options: SyscallMonitor.Options, layout: KernelLayout, hooks: SyscallHooks) throws(MonitorError) {
        generated = SyscallMonitor.generate(options: options, layout: layout, hooks: hooks)
        // The per-thread entry: the stash, behind the slot's tid and sequence number for the typed programs.
        let entrySize = hooks == .typed
            ? TypedSyscallPrograms.slotSize(stringCapacity: options.stringCapacity)
            : RecordLayout.Stash.size(stringCapacity: options.stringCapacity)
        do {
            events = try Map.ringBuffer(name: ProgramBuilder.eventsMap, size: options.ringBufferSize)
            drops = try Map(type: .perCPUArray, name: ProgramBuilder.dropsMap, keySize: 4, valueSize: 8, maxEntries: 1)
            let selection = try Map(
                type: .array, name: ProgramBuilder.syscallsMap, keySize: 4, valueSize: 4,
                maxEntries: options.table.maxNumber + 1)
            // Per-thread entries (raw: kept between a thread's syscalls; typed: only while a call is off its CPU),
            // removed when the thread exits: allocated on use (BPF_F_NO_PREALLOC), not 32768 up front.
            let inflight = try Map(
                type: .hash, name: ProgramBuilder.inflightMap, keySize: 4, valueSize: entrySize, maxEntries: 32768,
                flags: 1)
            // raw: where a thread's first stash is built; typed: the per-CPU slot.
            let perCPU = try Map(
                type: .perCPUArray, name: hooks == .typed ? ProgramBuilder.slotMap : ProgramBuilder.scratchMap,
                keySize: 4, valueSize: entrySize, maxEntries: 1)
            for (number, spec) in SyscallMonitor.selection(options) {
                try selection.update(UInt32(number).littleEndianBytes, spec.littleEndianBytes)
            }
            maps = [events, drops, selection, inflight, perCPU]
        } catch {
            throw MonitorError(error)
        }
        var programs: [Program] = []
        for program in generated {
            do {
                if let id = program.btfTypeID {
                    programs.append(try Program(
                        name: program.name, type: .tracing, instructions: program.instructions, maps: maps,
                        expectedAttachType: .tracingRawTracepoint, attachBTFID: id))
                } else {
                    programs.append(try Program(
                        name: program.name, type: program.syscallTracepoints.isEmpty ? .rawTracepoint : .tracepoint,
                        instructions: program.instructions, maps: maps))
                }
            } catch {
                throw MonitorError(error, program: program.instructions)
            }
        }
        self.programs = programs
    }
}
