/// Memory loads and stores, atomics and 64-bit immediates.
extension Instruction {
    /// `dst = *(size *)(base + offset)` (`BPF_LDX | BPF_MEM`).
    public static func load(
        _ destination: Register, from base: Register, offset: Int16, size: AccessSize
    ) -> Instruction {
        Instruction(
            opcode: InstructionClass.loadRegister.rawValue | size.rawValue | AccessMode.memory.rawValue,
            destination: destination, sourceField: base.rawValue, offset: offset)
    }

    /// `*(size *)(base + offset) = source` (`BPF_STX | BPF_MEM`).
    public static func store(
        _ source: Register, to base: Register, offset: Int16, size: AccessSize
    ) -> Instruction {
        Instruction(
            opcode: InstructionClass.storeRegister.rawValue | size.rawValue | AccessMode.memory.rawValue,
            destination: base, sourceField: source.rawValue, offset: offset)
    }

    /// `*(size *)(base + offset) = imm` (`BPF_ST | BPF_MEM`).
    public static func store(
        _ value: Int32, to base: Register, offset: Int16, size: AccessSize
    ) -> Instruction {
        Instruction(
            opcode: InstructionClass.store.rawValue | size.rawValue | AccessMode.memory.rawValue,
            destination: base, offset: offset, constant: Int64(value))
    }

    /// An atomic read-modify-write of `*(size *)(base + offset)` with `source` (`BPF_STX | BPF_ATOMIC`).
    ///
    /// Only `.word` and `.doubleWord` are valid sizes. With `fetch`, the old value is written back into `source`
    /// (for `.exchange` and `.compareExchange` the kernel requires fetch; `.compareExchange` compares with r0).
    public static func atomic(
        _ operation: AtomicOperation, base: Register, offset: Int16, source: Register, size: AccessSize,
        fetch: Bool = false
    ) -> Instruction {
        let fetchBit: Int64 = fetch || operation == .exchange || operation == .compareExchange ? 0x01 : 0
        return Instruction(
            opcode: InstructionClass.storeRegister.rawValue | size.rawValue | AccessMode.atomic.rawValue,
            destination: base, sourceField: source.rawValue, offset: offset,
            constant: Int64(operation.rawValue) | fetchBit)
    }

    /// `dst = imm64` (`BPF_LD | BPF_DW | BPF_IMM`, two slots).
    public static func loadImmediate64(_ destination: Register, _ value: Int64) -> Instruction {
        Instruction(
            opcode: InstructionClass.load.rawValue | AccessSize.doubleWord.rawValue | AccessMode.immediate.rawValue,
            destination: destination, constant: value)
    }

    /// `dst = map[fd]`: a map pointer from a descriptor (`BPF_PSEUDO_MAP_FD`).
    public static func loadMap(_ destination: Register, descriptor: Int32) -> Instruction {
        Instruction(
            opcode: InstructionClass.load.rawValue | AccessSize.doubleWord.rawValue | AccessMode.immediate.rawValue,
            destination: destination, sourceField: PseudoSource.mapDescriptor.rawValue, constant: Int64(descriptor))
    }

    /// `dst = map[name]`: a map pointer whose descriptor the assembler fills in from the maps it is given.
    public static func loadMap(_ destination: Register, named name: String) -> Instruction {
        Instruction(
            opcode: InstructionClass.load.rawValue | AccessSize.doubleWord.rawValue | AccessMode.immediate.rawValue,
            destination: destination, sourceField: PseudoSource.mapDescriptor.rawValue, mapName: name)
    }
}

/// Atomic operations (`BPF_ADD`, `BPF_OR`, `BPF_AND`, `BPF_XOR`, `BPF_XCHG`, `BPF_CMPXCHG`).
public enum AtomicOperation: UInt8, Sendable, Hashable, CaseIterable {
    case add = 0x00
    case or = 0x40
    case and = 0x50
    case xor = 0xA0
    case exchange = 0xE0
    case compareExchange = 0xF0

    var name: String {
        switch self {
        case .add: "add"
        case .or: "or"
        case .and: "and"
        case .xor: "xor"
        case .exchange: "xchg"
        case .compareExchange: "cmpxchg"
        }
    }
}
