import SyscallTables

/// Why a filter specification could not become a program.
public struct FilterCompilerError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}

/// Turns a `FilterSpecification` into a short, proven classic-BPF program that implements it.
///
/// Layout: load `seccomp_data.arch` and dispatch on it first (a syscall number means nothing without its
/// architecture); anything unlisted returns the unknown-architecture action. Each architecture's part loads the
/// number, sends x32 numbers on x86-64 to the unknown-architecture action, then runs a linear or bitmap search
/// (`FilterGenerator`). Every distinct action is returned by one shared `ret` at the end.
///
/// Which generator: since Linux 5.11 the kernel evaluates each filter once per syscall number when it is
/// attached (`seccomp_cache_prepare`) and skips it entirely for numbers that always get ALLOW, but only if the
/// path to that ALLOW uses nothing but loads of `nr`/`arch`, `A &= k`, jumps on constants and `ret k`. The
/// linear chain qualifies; the bitmap (shifts, the X register) does not, so with a bitmap every allowed syscall
/// runs the filter (measured here: about 5% on a getppid loop, against about 0 with the chain). The default
/// strategy, `.kernelCacheable`, therefore uses the linear chain and falls back to the shortest combination
/// only when the chain does not fit in 4096 instructions; `.shortest` assembles every combination of
/// generators and keeps the shortest program. The result is
/// then run through the `Interpreter` over every syscall number of every listed architecture (plus x32 numbers
/// and a foreign architecture) and compared with `FilterSpecification.intendedAction`, so a generator bug
/// fails loudly here instead of weakening a filter.
public enum FilterCompiler {
    public enum Strategy: Hashable, Sendable {
        /// The linear chain, which the kernel's per-syscall ALLOW cache can evaluate (allowed syscalls then
        /// cost nothing); the shortest combination only when the chain is too long for the kernel.
        case kernelCacheable
        /// Try every generator per architecture and keep the shortest program.
        case shortest
        /// Use one generator for every architecture (tests compare them).
        case only(FilterGenerator)
    }

    public static func compile(
        _ specification: FilterSpecification, strategy: Strategy = .kernelCacheable
    ) throws(FilterCompilerError) -> SeccompProgram {
        for architecture in specification.architectures {
            for number in specification.actions[architecture]!.keys
            where number < 0 || number >= Int(Architecture.x32SyscallBit) {
                throw FilterCompilerError("syscall number \(number) is out of range for \(architecture)")
            }
        }
        if strategy == .kernelCacheable {
            let linear = Dictionary(uniqueKeysWithValues: specification.architectures.map { ($0, FilterGenerator.linear) })
            if let instructions = try? assemble(specification, generators: linear) {
                return try verified(SeccompProgram(instructions: instructions, generators: linear), specification)
            }
            return try compile(specification, strategy: .shortest)
        }
        let architectures = specification.architectures
        var choices: [[Architecture: FilterGenerator]] = [[:]]
        for architecture in architectures {
            let generators: [FilterGenerator]
            switch strategy {
            case .shortest, .kernelCacheable: generators = FilterGenerator.allCases
            case .only(let generator): generators = [generator]
            }
            choices = choices.flatMap { partial in
                generators.map { generator in partial.merging([architecture: generator]) { $1 } }
            }
        }
        var best: SeccompProgram? = nil
        var lastError: AssemblerError? = nil
        for choice in choices {
            do {
                let instructions = try assemble(specification, generators: choice)
                if best == nil || instructions.count < best!.instructionCount {
                    best = SeccompProgram(instructions: instructions, generators: choice)
                }
            } catch {
                lastError = error
            }
        }
        guard let program = best else {
            throw FilterCompilerError("cannot assemble the filter: \(lastError.map(String.init(describing:)) ?? "no program")")
        }
        return try verified(program, specification)
    }

    private static func verified(
        _ program: SeccompProgram, _ specification: FilterSpecification
    ) throws(FilterCompilerError) -> SeccompProgram {
        if let mismatch = verify(program, against: specification).first {
            throw FilterCompilerError("generated filter is wrong (a bug in syshook): \(mismatch)")
        }
        return program
    }

    static func assemble(
        _ specification: FilterSpecification, generators: [Architecture: FilterGenerator]
    ) throws(AssemblerError) -> [RawInstruction] {
        var labels = ActionLabels()
        let unknown = labels.label(specification.unknownArchitectureAction)
        var code: [Instruction] = [.loadAbsolute(offset: SeccompData.architectureOffset)]
        let architectures = specification.architectures
        // The first architecture (the native one) falls through to its body; a mismatch skips to the next check.
        for (index, architecture) in architectures.enumerated() {
            if index > 0 { code.append(.label(Label("arch.\(architecture)"))) }
            let mismatch = index + 1 < architectures.count ? Label("arch.\(architectures[index + 1])") : unknown
            code.append(.jumpIfEqual(architecture.auditArch, ifFalse: mismatch))
            code += generators[architecture, default: .linear].body(for: architecture, of: specification, labels: &labels)
        }
        if architectures.isEmpty { code.append(.jump(to: unknown)) }
        // The default action's return first: the last body's final `ja default` then disappears in the peephole.
        let returns = labels.used.filter { $0 == specification.defaultAction }
            + labels.used.filter { $0 != specification.defaultAction }
        for action in returns {
            code += [.label(ActionLabels.name(action)), .returnConstant(action.rawValue)]
        }
        return try Assembler.assemble(peephole(code))
    }

    /// Drops a `ja` whose target label comes right after it: the jump would go nowhere.
    private static func peephole(_ code: [Instruction]) -> [Instruction] {
        var result: [Instruction] = []
        for (index, instruction) in code.enumerated() {
            if case .jump(let target) = instruction, index + 1 < code.count, code[index + 1] == .label(target) {
                continue
            }
            result.append(instruction)
        }
        return result
    }

    /// Runs `program` over every syscall number that matters for `specification` and returns a description of
    /// each input whose action differs from the intended one (empty when the program is right).
    ///
    /// Inputs: 0 through the highest known number + 2 for each listed architecture; on x86-64 the same numbers
    /// with the x32 bit, and -1; for a foreign architecture (and every supported one not listed) a sample.
    public static func verify(_ program: SeccompProgram, against specification: FilterSpecification) -> [String] {
        var mismatches: [String] = []
        let interpreter = Interpreter(program.instructions)
        func check(_ data: SeccompData) {
            let intended = specification.intendedAction(for: data)
            do {
                let actual = SeccompAction(rawValue: try interpreter.run(data))
                if actual != intended {
                    mismatches.append("arch 0x\(String(data.architecture, radix: 16)) nr \(data.number): "
                        + "returns \(actual), intended \(intended)")
                }
            } catch {
                mismatches.append("arch 0x\(String(data.architecture, radix: 16)) nr \(data.number): \(error)")
            }
        }
        let extremes: [UInt32] = [Architecture.x32SyscallBit - 1, Architecture.x32SyscallBit, 0x7FFF_FFFF,
                                  0x8000_0000, UInt32.max]
        for architecture in Architecture.allCases {
            let rules = specification.actions[architecture] ?? [:]
            let highest = max(SyscallTable.forArchitecture(architecture).maxNumber, rules.keys.max() ?? 0)
            var numbers = (0...(highest + 2)).map { UInt32($0) } + extremes
            if architecture == .x86_64 { numbers += (0...(highest + 2)).map { Architecture.x32SyscallBit | UInt32($0) } }
            if rules.isEmpty && specification.actions[architecture] == nil { numbers = Array(numbers.prefix(64)) + extremes }
            for number in numbers {
                check(SeccompData(number: Int32(bitPattern: number), architecture: architecture.auditArch))
            }
        }
        // AUDIT_ARCH_ARM: a foreign architecture no table describes.
        for number in [0, 1, 39, 110, 257, 0x4000_0027, 0xFFFF_FFFF] as [UInt32] {
            check(SeccompData(number: Int32(bitPattern: number), architecture: 0x4000_0028))
        }
        return mismatches
    }
}
