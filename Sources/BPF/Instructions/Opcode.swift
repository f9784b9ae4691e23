/// The fields of an eBPF opcode byte, as `include/uapi/linux/bpf_common.h` and `bpf.h` define them.
///
/// An opcode is `class | size | mode` for loads and stores, and `class | operation | source` for ALU and jumps.
public enum InstructionClass: UInt8, Sendable, Hashable {
    /// `BPF_LD`: only the 64-bit immediate load is valid in eBPF programs we build.
    case load = 0x00
    /// `BPF_LDX`: register = *(size *)(register + offset).
    case loadRegister = 0x01
    /// `BPF_ST`: *(size *)(register + offset) = immediate.
    case store = 0x02
    /// `BPF_STX`: *(size *)(register + offset) = register, and atomics.
    case storeRegister = 0x03
    /// `BPF_ALU`: 32-bit arithmetic (the upper half of the destination is zeroed).
    case alu32 = 0x04
    /// `BPF_JMP`: 64-bit comparisons, calls and exit.
    case jump = 0x05
    /// `BPF_JMP32`: comparisons of the lower 32 bits.
    case jump32 = 0x06
    /// `BPF_ALU64`: 64-bit arithmetic.
    case alu64 = 0x07
}

/// The width of a memory access (`BPF_W`, `BPF_H`, `BPF_B`, `BPF_DW`).
public enum AccessSize: UInt8, Sendable, Hashable, CaseIterable {
    case word = 0x00
    case halfWord = 0x08
    case byte = 0x10
    case doubleWord = 0x18

    /// The number of bytes accessed.
    public var byteCount: Int {
        switch self {
        case .byte: 1
        case .halfWord: 2
        case .word: 4
        case .doubleWord: 8
        }
    }

    /// The C type name the disassembler prints (`u8`, `u16`, `u32`, `u64`).
    var typeName: String { "u\(byteCount * 8)" }
}

/// Addressing modes of loads and stores (`BPF_IMM`, `BPF_MEM`, `BPF_ATOMIC`).
enum AccessMode: UInt8 {
    case immediate = 0x00
    case memory = 0x60
    case atomic = 0xC0
}

/// Whether an ALU or jump operation takes its second operand from the immediate (`BPF_K`) or a register (`BPF_X`).
enum OperandSource: UInt8 {
    case constant = 0x00
    case register = 0x08
}

/// Values of the `src` field that change what a 64-bit immediate load means (`BPF_PSEUDO_*`).
enum PseudoSource: UInt8 {
    /// `BPF_PSEUDO_MAP_FD`: the immediate is a map file descriptor; the verifier turns it into a map pointer.
    case mapDescriptor = 1
}
