public import SyscallTables

/// A compiled seccomp filter: classic-BPF instructions ready for `struct sock_fprog`.
public struct SeccompProgram: Hashable, Sendable {
    public let instructions: [ClassicBPF.RawInstruction]
    /// Which generator produced each architecture's part (empty for a program built by hand).
    public let generators: [Architecture: FilterGenerator]

    public init(instructions: [ClassicBPF.RawInstruction], generators: [Architecture: FilterGenerator] = [:]) {
        self.instructions = instructions
        self.generators = generators
    }

    /// The `struct sock_filter` array as bytes (8 per instruction, little-endian), for `struct sock_fprog`.
    public var encoded: [UInt8] { Assembler.encode(instructions) }

    public var instructionCount: Int { instructions.count }

    /// One readable line per instruction, with syscall and action names (see `Disassembler`).
    public var disassembly: String { Disassembler.disassemble(instructions) }

    /// The action the kernel would take for `data`, computed by the userspace interpreter.
    public func action(for data: SeccompData) throws(ClassicBPF.InterpreterError) -> SeccompAction {
        SeccompAction(rawValue: try Interpreter(instructions).run(data))
    }

    /// The filter a seccomp-assisted tracer installs: `SECCOMP_RET_TRACE` for the selected numbers of each
    /// listed architecture, and for any other architecture or an x32 number (fail safe, as strace does: the
    /// tracer then sees the call and can decide); `SECCOMP_RET_ALLOW` for everything else.
    ///
    /// - Throws: `FilterCompilerError` for numbers outside 0..<0x40000000 or a program the kernel would refuse.
    public static func tracing(_ selected: [Architecture: Set<Int>]) throws(FilterCompilerError) -> SeccompProgram {
        let actions = selected.mapValues { numbers in
            Dictionary(uniqueKeysWithValues: numbers.map { ($0, SeccompAction.trace(0)) })
        }
        return try FilterCompiler.compile(
            FilterSpecification(defaultAction: .allow, actions: actions, unknownArchitectureAction: .trace(0)))
    }
}
