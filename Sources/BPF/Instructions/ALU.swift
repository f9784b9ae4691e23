/// Arithmetic and logic operations (`BPF_ADD` … `BPF_ARSH`), used as builders:
/// `ALU.add.imm(.r1, 22)` is `r1 += 22` on 64 bits; `ALU.add.imm32(.r1, 22)` is `w1 += 22`.
public enum ALU: UInt8, Sendable, Hashable, CaseIterable {
    case add = 0x00
    case sub = 0x10
    case mul = 0x20
    case div = 0x30
    case or = 0x40
    case and = 0x50
    case leftShift = 0x60
    case rightShift = 0x70
    case negate = 0x80
    case mod = 0x90
    case xor = 0xA0
    case mov = 0xB0
    case arithmeticRightShift = 0xC0

    /// `dst op= imm` on 64 bits.
    public func imm(_ destination: Register, _ value: Int32) -> Instruction {
        Instruction(class: .alu64, operation: rawValue, source: .constant, destination: destination, constant: value)
    }

    /// `dst op= src` on 64 bits.
    public func reg(_ destination: Register, _ source: Register) -> Instruction {
        Instruction(class: .alu64, operation: rawValue, source: .register, destination: destination, from: source)
    }

    /// `dst op= imm` on the lower 32 bits; the upper 32 bits of `dst` become zero.
    public func imm32(_ destination: Register, _ value: Int32) -> Instruction {
        Instruction(class: .alu32, operation: rawValue, source: .constant, destination: destination, constant: value)
    }

    /// `dst op= src` on the lower 32 bits; the upper 32 bits of `dst` become zero.
    public func reg32(_ destination: Register, _ source: Register) -> Instruction {
        Instruction(class: .alu32, operation: rawValue, source: .register, destination: destination, from: source)
    }

    /// The operator the disassembler prints (`+=`, `<<=`, `s>>=`, `=`).
    var symbol: String {
        switch self {
        case .add: "+="
        case .sub: "-="
        case .mul: "*="
        case .div: "/="
        case .or: "|="
        case .and: "&="
        case .leftShift: "<<="
        case .rightShift: ">>="
        case .negate: "= -"
        case .mod: "%="
        case .xor: "^="
        case .mov: "="
        case .arithmeticRightShift: "s>>="
        }
    }
}
