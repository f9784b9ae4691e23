extension ClassicBPF {
    /// One classic-BPF instruction (the language seccomp filters are written in), with jumps naming labels.
    ///
    /// Build programs as arrays of these values and give them to `Assembler.assemble`. The opcode encodings are
    /// those of `<linux/filter.h>` / `<linux/bpf_common.h>`; the kernel accepts only a subset in seccomp filters
    /// (no `loadIndirect`, and absolute loads only of aligned 32-bit words inside `struct seccomp_data`).
    public enum Instruction: Hashable, Sendable {
        /// `A = data[offset]` as a 32-bit word (`BPF_LD|BPF_W|BPF_ABS`).
        case loadAbsolute(offset: UInt32)
        /// `A = data[X + offset]` as a 32-bit word (`BPF_LD|BPF_W|BPF_IND`); seccomp rejects it.
        case loadIndirect(offset: UInt32)
        /// `A = length of the data` (`BPF_LD|BPF_W|BPF_LEN`): `sizeof(struct seccomp_data)` in seccomp.
        case loadLength
        /// `A = k` (`BPF_LD|BPF_IMM`).
        case loadImmediate(UInt32)
        /// `A = M[index]` (`BPF_LD|BPF_MEM`), index 0...15.
        case loadScratch(UInt32)
        /// `X = k` (`BPF_LDX|BPF_IMM`).
        case loadXImmediate(UInt32)
        /// `X = M[index]` (`BPF_LDX|BPF_MEM`).
        case loadXScratch(UInt32)
        /// `X = length of the data` (`BPF_LDX|BPF_W|BPF_LEN`).
        case loadXLength
        /// `M[index] = A` (`BPF_ST`).
        case store(UInt32)
        /// `M[index] = X` (`BPF_STX`).
        case storeX(UInt32)
        /// `A = A op operand` (`BPF_ALU`).
        case alu(ALUOperation, Operand)
        /// `A = -A` (`BPF_ALU|BPF_NEG`).
        case negate
        /// Unconditional jump (`BPF_JMP|BPF_JA`); its 32-bit offset reaches any later instruction.
        case jump(to: Label)
        /// Conditional jump (`BPF_JMP|BPF_JEQ/JGT/JGE/JSET`). `nil` means the next instruction. Classic BPF encodes
        /// both offsets in 8 bits; the assembler inserts `ja` trampolines when a target is farther.
        case jumpIf(JumpCondition, Operand, ifTrue: Label?, ifFalse: Label?)
        /// `return k` (`BPF_RET|BPF_K`): for seccomp, the action value.
        case returnConstant(UInt32)
        /// `return A` (`BPF_RET|BPF_A`).
        case returnA
        /// `X = A` (`BPF_MISC|BPF_TAX`).
        case tax
        /// `A = X` (`BPF_MISC|BPF_TXA`).
        case txa
        /// Marks the position of the next instruction; emits nothing.
        case label(Label)

        /// The right-hand side of an ALU operation or a comparison.
        public enum Operand: Hashable, Sendable {
            /// The constant `k` (`BPF_K`).
            case constant(UInt32)
            /// The index register (`BPF_X`).
            case x
        }

        /// Arithmetic and logic on the accumulator (`BPF_ALU` operations).
        public enum ALUOperation: UInt16, Hashable, Sendable, CaseIterable {
            case add = 0x00, subtract = 0x10, multiply = 0x20, divide = 0x30, or = 0x40, and = 0x50
            case leftShift = 0x60, rightShift = 0x70, modulo = 0x90, xor = 0xa0
        }

        /// What a conditional jump compares (`BPF_JMP` operations). All comparisons are unsigned.
        public enum JumpCondition: UInt16, Hashable, Sendable, CaseIterable {
            /// `A == operand` (`BPF_JEQ`).
            case equal = 0x10
            /// `A > operand` (`BPF_JGT`).
            case greater = 0x20
            /// `A >= operand` (`BPF_JGE`).
            case greaterOrEqual = 0x30
            /// `A & operand != 0` (`BPF_JSET`).
            case bitsSet = 0x40
        }
    }
}

extension ClassicBPF.Instruction {
    /// `if (A == k) goto ifTrue else goto ifFalse`; nil continues with the next instruction.
    public static func jumpIfEqual(_ k: UInt32, ifTrue: ClassicBPF.Label? = nil, ifFalse: ClassicBPF.Label? = nil) -> Self {
        .jumpIf(.equal, .constant(k), ifTrue: ifTrue, ifFalse: ifFalse)
    }

    /// `if (A >= k) goto ifTrue else goto ifFalse`; nil continues with the next instruction.
    public static func jumpIfGreaterOrEqual(_ k: UInt32, ifTrue: ClassicBPF.Label? = nil, ifFalse: ClassicBPF.Label? = nil) -> Self {
        .jumpIf(.greaterOrEqual, .constant(k), ifTrue: ifTrue, ifFalse: ifFalse)
    }

    /// `if (A > k) goto ifTrue else goto ifFalse`; nil continues with the next instruction.
    public static func jumpIfGreater(_ k: UInt32, ifTrue: ClassicBPF.Label? = nil, ifFalse: ClassicBPF.Label? = nil) -> Self {
        .jumpIf(.greater, .constant(k), ifTrue: ifTrue, ifFalse: ifFalse)
    }

    /// `if (A & k) goto ifTrue else goto ifFalse`; nil continues with the next instruction.
    public static func jumpIfBitsSet(_ k: UInt32, ifTrue: ClassicBPF.Label? = nil, ifFalse: ClassicBPF.Label? = nil) -> Self {
        .jumpIf(.bitsSet, .constant(k), ifTrue: ifTrue, ifFalse: ifFalse)
    }
}

extension ClassicBPF {
    /// One encoded classic-BPF instruction: the fields of `struct sock_filter` (`<linux/filter.h>`).
    public struct RawInstruction: Hashable, Sendable {
        public var code: UInt16
        /// Forward offset taken when a conditional jump's condition holds.
        public var jt: UInt8
        /// Forward offset taken when it does not.
        public var jf: UInt8
        public var k: UInt32

        public init(code: UInt16, jt: UInt8 = 0, jf: UInt8 = 0, k: UInt32 = 0) {
            self.code = code
            self.jt = jt
            self.jf = jf
            self.k = k
        }

        /// The size of `struct sock_filter`.
        public static let byteCount = 8
    }
}

extension ClassicBPF {
    /// Opcode fields of classic BPF (`<linux/bpf_common.h>`): instruction class, size, mode and source bits.
    public enum Opcode {
        // Classes.
        public static let ld: UInt16 = 0x00, ldx: UInt16 = 0x01, st: UInt16 = 0x02, stx: UInt16 = 0x03
        public static let alu: UInt16 = 0x04, jmp: UInt16 = 0x05, ret: UInt16 = 0x06, misc: UInt16 = 0x07
        // Size: a 32-bit word.
        public static let w: UInt16 = 0x00
        // Modes.
        public static let imm: UInt16 = 0x00, abs: UInt16 = 0x20, ind: UInt16 = 0x40, mem: UInt16 = 0x60
        public static let len: UInt16 = 0x80
        // Sources: constant k or register X (for ret: k or A).
        public static let k: UInt16 = 0x00, x: UInt16 = 0x08, a: UInt16 = 0x10
        // Operations.
        public static let neg: UInt16 = 0x80, ja: UInt16 = 0x00
        public static let tax: UInt16 = 0x00, txa: UInt16 = 0x80

        @inline(__always) static func instructionClass(_ code: UInt16) -> UInt16 { code & 0x07 }
        @inline(__always) static func mode(_ code: UInt16) -> UInt16 { code & 0xe0 }
        @inline(__always) static func operation(_ code: UInt16) -> UInt16 { code & 0xf0 }
        @inline(__always) static func source(_ code: UInt16) -> UInt16 { code & 0x08 }
    }
}
