import SyscallTables

extension ClassicBPF {
    /// Prints classic-BPF programs one instruction per line, in the style of `seccomp-tools disasm`:
    ///
    ///     0003: 0x15 0x01 0x00 0x00000101  if (A == openat) goto 0005
    ///
    /// To name syscalls the disassembler follows what the accumulator holds: after `A = nr` in the branch where
    /// `A == ARCH_X86_64` held, a comparison constant is shown as the x86-64 syscall of that number. Returned
    /// values are shown as seccomp actions, errnos by name.
    public enum Disassembler {
        public static func disassemble(_ program: [RawInstruction]) -> String {
            let states = accumulatorStates(program)
            var lines = [" line  CODE  JT   JF      K", "================================="]
            for (index, instruction) in program.enumerated() {
                let raw = "\(hex(instruction.code, width: 2)) \(hex(instruction.jt, width: 2)) "
                    + "\(hex(instruction.jf, width: 2)) \(hex(instruction.k, width: 8))"
                lines.append(" \(position(index)): \(raw)  \(text(of: instruction, at: index, state: states[index]))")
            }
            return lines.joined(separator: "\n") + "\n"
        }

        /// What the accumulator is known to hold before an instruction.
        struct State: Equatable {
            /// `wordIndex` is `nr >> 5`, the bitmap generator's word number.
            enum Content: Equatable { case unknown, number, architecture, wordIndex }
            var accumulator: Content = .unknown
            var architecture: Architecture? = nil
            /// The bitmap word the syscall number is known to fall in (after `if (A == word)` on `nr >> 5`).
            var word: UInt32? = nil

            func merged(with other: State) -> State {
                State(accumulator: accumulator == other.accumulator ? accumulator : .unknown,
                      architecture: architecture == other.architecture ? architecture : nil,
                      word: word == other.word ? word : nil)
            }
        }

        /// Forward data flow: jumps only go forward, so one pass in order sees every predecessor first.
        static func accumulatorStates(_ program: [RawInstruction]) -> [State] {
            var incoming = [State?](repeating: nil, count: program.count + 1)
            if !program.isEmpty { incoming[0] = State() }
            func flow(_ state: State, to index: Int) {
                guard index < incoming.count else { return }
                incoming[index] = incoming[index].map { $0.merged(with: state) } ?? state
            }
            for (index, instruction) in program.enumerated() {
                var state = incoming[index] ?? State()
                incoming[index] = state
                let code = instruction.code
                switch Opcode.instructionClass(code) {
                case Opcode.ld:
                    if code == Opcode.ld | Opcode.w | Opcode.abs && instruction.k == SeccompData.numberOffset {
                        state.accumulator = .number
                    } else if code == Opcode.ld | Opcode.w | Opcode.abs && instruction.k == SeccompData.architectureOffset {
                        state.accumulator = .architecture
                    } else {
                        state.accumulator = .unknown
                    }
                    flow(state, to: index + 1)
                case Opcode.alu:
                    let shiftsNumberBy5 = state.accumulator == .number
                        && code == Opcode.alu | Instruction.ALUOperation.rightShift.rawValue | Opcode.k && instruction.k == 5
                    state.accumulator = shiftsNumberBy5 ? .wordIndex : .unknown
                    flow(state, to: index + 1)
                case Opcode.misc:
                    if code == Opcode.misc | Opcode.txa { state.accumulator = .unknown }
                    flow(state, to: index + 1)
                case Opcode.ret:
                    break
                case Opcode.jmp:
                    if Opcode.operation(code) == Opcode.ja {
                        flow(state, to: index + 1 + Int(instruction.k))
                    } else {
                        var taken = state
                        if code == Opcode.jmp | Instruction.JumpCondition.equal.rawValue | Opcode.k {
                            if state.accumulator == .architecture { taken.architecture = Architecture(auditArch: instruction.k) }
                            if state.accumulator == .wordIndex { taken.word = instruction.k }
                        }
                        flow(taken, to: index + 1 + Int(instruction.jt))
                        flow(state, to: index + 1 + Int(instruction.jf))
                    }
                default:
                    flow(state, to: index + 1)
                }
            }
            return incoming.prefix(program.count).map { $0 ?? State() }
        }

        static func text(of instruction: RawInstruction, at index: Int, state: State) -> String {
            let code = instruction.code
            let k = instruction.k
            switch Opcode.instructionClass(code) {
            case Opcode.ld:
                switch code {
                case Opcode.ld | Opcode.w | Opcode.abs: return "A = \(fieldName(k))"
                case Opcode.ld | Opcode.w | Opcode.ind: return "A = data[X + \(k)]"
                case Opcode.ld | Opcode.w | Opcode.len: return "A = len"
                case Opcode.ld | Opcode.imm:
                    guard let word = state.word else { return "A = \(hex(k))" }
                    return "A = \(hex(k))  # \(bitmapNames(word: word, mask: k, architecture: state.architecture))"
                case Opcode.ld | Opcode.mem: return "A = mem[\(k)]"
                default: break
                }
            case Opcode.ldx:
                switch code {
                case Opcode.ldx | Opcode.imm: return "X = \(hex(k))"
                case Opcode.ldx | Opcode.mem: return "X = mem[\(k)]"
                case Opcode.ldx | Opcode.w | Opcode.len: return "X = len"
                default: break
                }
            case Opcode.st: return "mem[\(k)] = A"
            case Opcode.stx: return "mem[\(k)] = X"
            case Opcode.alu:
                if code == Opcode.alu | Opcode.neg { return "A = -A" }
                let operand = Opcode.source(code) == Opcode.x ? "X" : hex(k)
                if let operation = Instruction.ALUOperation(rawValue: Opcode.operation(code)) {
                    let symbols: [Instruction.ALUOperation: String] = [
                        .add: "+=", .subtract: "-=", .multiply: "*=", .divide: "/=", .or: "|=", .and: "&=",
                        .leftShift: "<<=", .rightShift: ">>=", .modulo: "%=", .xor: "^=",
                    ]
                    return "A \(symbols[operation]!) \(operand)"
                }
            case Opcode.jmp:
                if Opcode.operation(code) == Opcode.ja { return "goto \(position(index + 1 + Int(k)))" }
                guard let condition = Instruction.JumpCondition(rawValue: Opcode.operation(code)) else { break }
                let operand = Opcode.source(code) == Opcode.x ? "X" : constantName(k, state: state, condition: condition)
                let (holds, fails): (String, String)
                switch condition {
                case .equal: (holds, fails) = ("A == \(operand)", "A != \(operand)")
                case .greater: (holds, fails) = ("A > \(operand)", "A <= \(operand)")
                case .greaterOrEqual: (holds, fails) = ("A >= \(operand)", "A < \(operand)")
                case .bitsSet: (holds, fails) = ("A & \(operand)", "!(A & \(operand))")
                }
                let ifTrue = position(index + 1 + Int(instruction.jt))
                let ifFalse = position(index + 1 + Int(instruction.jf))
                if instruction.jf == 0 { return "if (\(holds)) goto \(ifTrue)" }
                if instruction.jt == 0 { return "if (\(fails)) goto \(ifFalse)" }
                return "if (\(holds)) goto \(ifTrue) else goto \(ifFalse)"
            case Opcode.ret:
                if code == Opcode.ret | Opcode.a { return "return A" }
                if code == Opcode.ret | Opcode.k { return "return \(actionName(k))" }
            case Opcode.misc:
                if code == Opcode.misc | Opcode.tax { return "X = A" }
                if code == Opcode.misc | Opcode.txa { return "A = X" }
            default: break
            }
            return "??? (unknown opcode \(hex(code, width: 2)))"
        }

        static func fieldName(_ offset: UInt32) -> String {
            switch offset {
            case SeccompData.numberOffset: return "nr"
            case SeccompData.architectureOffset: return "arch"
            case SeccompData.instructionPointerOffset: return "instruction_pointer"
            case SeccompData.instructionPointerOffset + 4: return "instruction_pointer >> 32"
            case 16..<64 where offset % 4 == 0:
                let argument = (offset - 16) / 8
                return offset % 8 == 0 ? "args[\(argument)]" : "args[\(argument)] >> 32"
            default: return "data[\(offset)]"
            }
        }

        static func constantName(_ k: UInt32, state: State, condition: Instruction.JumpCondition) -> String {
            switch state.accumulator {
            case .architecture:
                if let architecture = Architecture(auditArch: k) { return "ARCH_\(architecture.rawValue.uppercased())" }
            case .number:
                if condition != .bitsSet, let architecture = state.architecture,
                   let entry = SyscallTable.forArchitecture(architecture).entry(number: Int(k)) {
                    return entry.name
                }
            case .wordIndex:
                return "\(hex(k)) /* nr \(UInt64(k) * 32)...\(UInt64(k) * 32 + 31) */"
            case .unknown: break
            }
            return hex(k)
        }

        /// The syscalls whose bits `mask` sets in bitmap word `word` (numbers where no name is known).
        static func bitmapNames(word: UInt32, mask: UInt32, architecture: Architecture?) -> String {
            let table = architecture.map(SyscallTable.forArchitecture)
            return (0..<32).filter { mask & (1 << $0) != 0 }.map { bit in
                let number = Int(word) * 32 + bit
                return table?.entry(number: number)?.name ?? String(number)
            }.joined(separator: " ")
        }

        static func actionName(_ value: UInt32) -> String {
            let action = SeccompAction(rawValue: value)
            switch action {
            case .errno(let code):
                return ErrnoTable.name(Int32(code)).map { "ERRNO(\($0))" } ?? action.description
            case .killProcess where value != SeccompAction.killProcess.rawValue:
                return "KILL_PROCESS (unknown action \(hex(value)))"
            default:
                return action.description
            }
        }

        static func position(_ index: Int) -> String {
            let digits = String(index)
            return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }

        static func hex<T: BinaryInteger>(_ value: T, width: Int = 0) -> String {
            let digits = String(value, radix: 16)
            return "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
    }
}
