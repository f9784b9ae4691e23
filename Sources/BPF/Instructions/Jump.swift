/// Conditional jumps (`BPF_JEQ` … `BPF_JSLE`), used as builders that name their target label:
/// `Jump.eq.imm(.r0, 0, "out")` is `if r0 == 0 goto out`; the `…32` forms compare the lower 32 bits (`BPF_JMP32`).
public enum Jump: UInt8, Sendable, Hashable, CaseIterable {
    case eq = 0x10
    case gt = 0x20
    case ge = 0x30
    case set = 0x40
    case ne = 0x50
    case sgt = 0x60
    case sge = 0x70
    case lt = 0xA0
    case le = 0xB0
    case slt = 0xC0
    case sle = 0xD0

    /// `if dst op imm goto label` (64-bit comparison).
    public func imm(_ destination: Register, _ value: Int32, _ label: String) -> Instruction {
        Instruction(
            class: .jump, operation: rawValue, source: .constant, destination: destination, constant: value,
            target: label)
    }

    /// `if dst op src goto label` (64-bit comparison).
    public func reg(_ destination: Register, _ source: Register, _ label: String) -> Instruction {
        Instruction(
            class: .jump, operation: rawValue, source: .register, destination: destination, from: source,
            target: label)
    }

    /// `if wdst op imm goto label` (32-bit comparison).
    public func imm32(_ destination: Register, _ value: Int32, _ label: String) -> Instruction {
        Instruction(
            class: .jump32, operation: rawValue, source: .constant, destination: destination, constant: value,
            target: label)
    }

    /// `if wdst op wsrc goto label` (32-bit comparison).
    public func reg32(_ destination: Register, _ source: Register, _ label: String) -> Instruction {
        Instruction(
            class: .jump32, operation: rawValue, source: .register, destination: destination, from: source,
            target: label)
    }

    /// The comparison the disassembler prints.
    var symbol: String {
        switch self {
        case .eq: "=="
        case .gt: ">"
        case .ge: ">="
        case .set: "&"
        case .ne: "!="
        case .sgt: "s>"
        case .sge: "s>="
        case .lt: "<"
        case .le: "<="
        case .slt: "s<"
        case .sle: "s<="
        }
    }

    /// `goto label` (`BPF_JA`).
    public static func always(_ label: String) -> Instruction {
        Instruction(class: .jump, operation: 0x00, source: .constant, destination: .r0, target: label)
    }
}
