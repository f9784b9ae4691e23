extension ClassicBPF {
    /// Why the interpreter stopped without a return value. The kernel's checker rejects such programs at load time.
    public enum InterpreterError: Error, Hashable, Sendable, CustomStringConvertible {
        /// A load outside the data, or not 4-byte aligned (seccomp only allows aligned words).
        case invalidLoad(instruction: Int, offset: UInt32)
        /// A scratch memory index outside 0...15.
        case invalidScratchIndex(instruction: Int, index: UInt32)
        /// An opcode the interpreter does not know.
        case invalidOpcode(instruction: Int, code: UInt16)
        /// The program ran past its end.
        case fellOffTheEnd
        /// A jump left the program.
        case jumpOutOfRange(instruction: Int)

        public var description: String {
            switch self {
            case .invalidLoad(let index, let offset): "instruction \(index): invalid load at offset \(offset)"
            case .invalidScratchIndex(let index, let slot): "instruction \(index): invalid scratch index \(slot)"
            case .invalidOpcode(let index, let code): "instruction \(index): invalid opcode 0x\(String(code, radix: 16))"
            case .fellOffTheEnd: "the program ran past its last instruction"
            case .jumpOutOfRange(let index): "instruction \(index): jump leaves the program"
            }
        }
    }
}

extension ClassicBPF {
    /// Runs a classic-BPF program in userspace, as the kernel would run a seccomp filter.
    ///
    /// Tests run every generated filter through this over every syscall number before any kernel sees it
    /// (design decision 9). Semantics follow the kernel's classic BPF: unsigned 32-bit arithmetic, shift counts
    /// taken modulo 32 (the kernel refuses constant counts of 32 or more and runs X counts as 32-bit shifts), and
    /// a division or modulo by X == 0 ends the program returning 0 (the kernel's converted program does the same).
    public struct Interpreter: Sendable {
        public let program: [RawInstruction]

        public init(_ program: [RawInstruction]) { self.program = program }

        /// The value the program returns for `data` (for seccomp: the action).
        public func run(_ data: SeccompData) throws(InterpreterError) -> UInt32 {
            try run(bytes: data.bytes)
        }

        /// Runs over arbitrary packet bytes; word loads are big-endian in socket filters but seccomp data is read in
        /// host order, which is what this does (little-endian).
        public func run(bytes data: [UInt8]) throws(InterpreterError) -> UInt32 {
            var a: UInt32 = 0
            var x: UInt32 = 0
            var scratch = [UInt32](repeating: 0, count: 16)
            var pc = 0
            func load(_ offset: UInt32, at index: Int) throws(InterpreterError) -> UInt32 {
                let start = Int(offset)
                guard offset % 4 == 0, start + 4 <= data.count else { throw .invalidLoad(instruction: index, offset: offset) }
                return (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[start + $1]) << (8 * $1) }
            }
            func slot(_ k: UInt32, at index: Int) throws(InterpreterError) -> Int {
                guard k < 16 else { throw .invalidScratchIndex(instruction: index, index: k) }
                return Int(k)
            }
            while pc < program.count {
                let instruction = program[pc]
                let code = instruction.code
                let k = instruction.k
                let index = pc
                pc += 1
                switch Opcode.instructionClass(code) {
                case Opcode.ld:
                    switch code {
                    case Opcode.ld | Opcode.w | Opcode.abs: a = try load(k, at: index)
                    case Opcode.ld | Opcode.w | Opcode.ind: a = try load(x &+ k, at: index)
                    case Opcode.ld | Opcode.w | Opcode.len: a = UInt32(data.count)
                    case Opcode.ld | Opcode.imm: a = k
                    case Opcode.ld | Opcode.mem: a = scratch[try slot(k, at: index)]
                    default: throw .invalidOpcode(instruction: index, code: code)
                    }
                case Opcode.ldx:
                    switch code {
                    case Opcode.ldx | Opcode.imm: x = k
                    case Opcode.ldx | Opcode.mem: x = scratch[try slot(k, at: index)]
                    case Opcode.ldx | Opcode.w | Opcode.len: x = UInt32(data.count)
                    default: throw .invalidOpcode(instruction: index, code: code)
                    }
                case Opcode.st:
                    scratch[try slot(k, at: index)] = a
                case Opcode.stx:
                    scratch[try slot(k, at: index)] = x
                case Opcode.alu:
                    if code == Opcode.alu | Opcode.neg {
                        a = 0 &- a
                        continue
                    }
                    let operand = Opcode.source(code) == Opcode.x ? x : k
                    guard let operation = Instruction.ALUOperation(rawValue: Opcode.operation(code)) else {
                        throw .invalidOpcode(instruction: index, code: code)
                    }
                    switch operation {
                    case .add: a = a &+ operand
                    case .subtract: a = a &- operand
                    case .multiply: a = a &* operand
                    case .divide:
                        if operand == 0 { return 0 }
                        a /= operand
                    case .modulo:
                        if operand == 0 { return 0 }
                        a %= operand
                    case .or: a |= operand
                    case .and: a &= operand
                    case .xor: a ^= operand
                    // The kernel runs classic shifts as 32-bit eBPF shifts, which use the count modulo 32 on x86-64
                    // and arm64; its checker rejects constant shifts >= 32.
                    case .leftShift: a = a << (operand & 31)
                    case .rightShift: a = a >> (operand & 31)
                    }
                case Opcode.jmp:
                    if Opcode.operation(code) == Opcode.ja {
                        pc += Int(k)
                    } else {
                        guard let condition = Instruction.JumpCondition(rawValue: Opcode.operation(code)) else {
                            throw .invalidOpcode(instruction: index, code: code)
                        }
                        let operand = Opcode.source(code) == Opcode.x ? x : k
                        let taken: Bool
                        switch condition {
                        case .equal: taken = a == operand
                        case .greater: taken = a > operand
                        case .greaterOrEqual: taken = a >= operand
                        case .bitsSet: taken = a & operand != 0
                        }
                        pc += Int(taken ? instruction.jt : instruction.jf)
                    }
                    if pc >= program.count { throw .jumpOutOfRange(instruction: index) }
                case Opcode.ret:
                    switch code {
                    case Opcode.ret | Opcode.k: return k
                    case Opcode.ret | Opcode.a: return a
                    default: throw .invalidOpcode(instruction: index, code: code)
                    }
                case Opcode.misc:
                    switch code {
                    case Opcode.misc | Opcode.tax: x = a
                    case Opcode.misc | Opcode.txa: a = x
                    default: throw .invalidOpcode(instruction: index, code: code)
                    }
                default:
                    throw .invalidOpcode(instruction: index, code: code)
                }
            }
            throw .fellOffTheEnd
        }
    }
}
