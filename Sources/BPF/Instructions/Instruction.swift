/// One eBPF instruction as a value, or a label marker the assembler resolves.
///
/// Build instructions with the operation builders (`ALU.add.imm(.r1, 1)`, `Jump.eq.imm(.r0, 0, "out")`,
/// `Instruction.load(…)`, `Helper.ringbufReserve.call()`, `Instruction.exit`) and mark jump targets with
/// `Instruction.label("out")`. Jumps name labels; `Assembler` turns them into relative offsets.
/// The encoding is 8 bytes: `{u8 code; u8 dst:4, src:4; s16 off; s32 imm}`, and 16 for the 64-bit immediate load.
public struct Instruction: Sendable, Hashable {
    /// The opcode byte (class | size | mode, or class | operation | source).
    public internal(set) var opcode: UInt8
    public internal(set) var destination: Register
    /// The raw 4-bit `src` field: a register number, or a `BPF_PSEUDO_*` kind for 64-bit immediate loads.
    public internal(set) var sourceField: UInt8
    public internal(set) var offset: Int16
    /// The immediate. Only the 64-bit immediate load uses all 64 bits; others hold a sign-extended `s32`.
    public internal(set) var constant: Int64
    /// The label a jump goes to; resolved into `offset` by the assembler.
    public internal(set) var target: String?
    /// The name of a map whose descriptor the assembler puts into a map load.
    public internal(set) var mapName: String?
    /// Set on label markers only: the name of the position this marker defines.
    public internal(set) var definedLabel: String?

    init(
        opcode: UInt8, destination: Register = .r0, sourceField: UInt8 = 0, offset: Int16 = 0, constant: Int64 = 0,
        target: String? = nil, mapName: String? = nil, definedLabel: String? = nil
    ) {
        self.opcode = opcode
        self.destination = destination
        self.sourceField = sourceField
        self.offset = offset
        self.constant = constant
        self.target = target
        self.mapName = mapName
        self.definedLabel = definedLabel
    }

    /// An ALU or jump instruction.
    init(
        class instructionClass: InstructionClass, operation: UInt8, source: OperandSource, destination: Register,
        from sourceRegister: Register = .r0, constant: Int32 = 0, target: String? = nil
    ) {
        self.init(
            opcode: instructionClass.rawValue | operation | source.rawValue, destination: destination,
            sourceField: source == .register ? sourceRegister.rawValue : 0, constant: Int64(constant),
            target: target)
    }

    /// Marks the position of the next instruction with `name`, for jumps to refer to.
    public static func label(_ name: String) -> Instruction {
        Instruction(opcode: 0, definedLabel: name)
    }

    /// Whether this is a label marker rather than a real instruction.
    public var isLabel: Bool { definedLabel != nil }

    /// The instruction class encoded in the low three bits of the opcode.
    public var instructionClass: InstructionClass { InstructionClass(rawValue: opcode & 0x07)! }

    /// Whether this instruction takes two 8-byte slots (`BPF_LD | BPF_DW | BPF_IMM`).
    public var isWide: Bool { opcode == InstructionClass.load.rawValue | AccessSize.doubleWord.rawValue }

    /// The number of 8-byte slots this instruction occupies (0 for a label).
    public var slotCount: Int { isLabel ? 0 : (isWide ? 2 : 1) }

    /// The source register, for instructions whose `src` field names one.
    public var source: Register { Register(rawValue: sourceField & 0x0F) ?? .r0 }

    /// `exit`: return r0 to the caller.
    public static let exit = Instruction(opcode: InstructionClass.jump.rawValue | 0x90)

    /// `call helper#id`.
    public static func call(_ helper: Helper) -> Instruction {
        Instruction(opcode: InstructionClass.jump.rawValue | 0x80, constant: Int64(helper.rawValue))
    }

    /// `dst = src` (64-bit move); shorthand for `ALU.mov.reg`.
    public static func move(_ destination: Register, _ source: Register) -> Instruction {
        ALU.mov.reg(destination, source)
    }

    /// `dst = imm` (sign-extended to 64 bits); shorthand for `ALU.mov.imm`.
    public static func move(_ destination: Register, _ value: Int32) -> Instruction {
        ALU.mov.imm(destination, value)
    }
}
