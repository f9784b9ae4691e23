extension ClassicBPF {
    /// Why a classic-BPF program could not be assembled.
    public enum AssemblerError: Error, Hashable, Sendable, CustomStringConvertible {
        /// A jump names a label that no `.label` defines.
        case undefinedLabel(Label)
        /// Two `.label` instructions share a name.
        case duplicateLabel(Label)
        /// A jump goes backwards or past the last instruction; classic BPF only jumps forward inside the program.
        case jumpOutOfRange(instruction: Int, label: Label)
        /// More than `Assembler.maximumLength` (the kernel's `BPF_MAXINSNS`) instructions.
        case programTooLong(count: Int)
        /// The kernel rejects a program whose last instruction is not a return.
        case missingFinalReturn

        public var description: String {
            switch self {
            case .undefinedLabel(let label): "undefined label '\(label)'"
            case .duplicateLabel(let label): "label '\(label)' is defined twice"
            case .jumpOutOfRange(let index, let label):
                "instruction \(index) jumps to '\(label)', which is not after it inside the program"
            case .programTooLong(let count): "program has \(count) instructions; the kernel accepts \(Assembler.maximumLength)"
            case .missingFinalReturn: "the last instruction is not a return"
            }
        }
    }
}

extension ClassicBPF {
    /// Turns instructions with labels into `struct sock_filter` values, and those into bytes.
    ///
    /// Conditional jumps carry 8-bit offsets (at most 255 instructions forward). When a target is farther, the
    /// assembler places an unconditional `ja` (32-bit offset) right after the jump and points the short offset at
    /// it, repeating the layout until every offset fits.
    public enum Assembler {
        /// `BPF_MAXINSNS`: the longest program the kernel loads.
        public static let maximumLength = 4096

        public static func assemble(_ program: [Instruction]) throws(AssemblerError) -> [RawInstruction] {
            // Split labels from instructions: `labels[name]` is the index of the instruction it precedes.
            var items: [Instruction] = []
            var labels: [Label: Int] = [:]
            for instruction in program {
                if case .label(let label) = instruction {
                    if labels[label] != nil { throw .duplicateLabel(label) }
                    labels[label] = items.count
                } else {
                    items.append(instruction)
                }
            }
            func target(_ label: Label, from index: Int) throws(AssemblerError) -> Int {
                guard let position = labels[label] else { throw .undefinedLabel(label) }
                guard position > index, position < items.count else { throw .jumpOutOfRange(instruction: index, label: label) }
                return position
            }

            // Decide which conditional sides need a trampoline; adding one moves later code, so iterate to a fixed point.
            var trampolineTrue = [Bool](repeating: false, count: items.count)
            var trampolineFalse = [Bool](repeating: false, count: items.count)
            var positions = [Int](repeating: 0, count: items.count + 1)
            func layout() {
                var position = 0
                for index in items.indices {
                    positions[index] = position
                    position += 1 + (trampolineTrue[index] ? 1 : 0) + (trampolineFalse[index] ? 1 : 0)
                }
                positions[items.count] = position
            }
            var changed = true
            while changed {
                changed = false
                layout()
                for (index, item) in items.enumerated() {
                    switch item {
                    case .jumpIf(_, _, let ifTrue, let ifFalse):
                        if let ifTrue, !trampolineTrue[index] {
                            let offset = positions[try target(ifTrue, from: index)] - positions[index] - 1
                            if offset > 255 { trampolineTrue[index] = true; changed = true }
                        }
                        if let ifFalse, !trampolineFalse[index] {
                            let offset = positions[try target(ifFalse, from: index)] - positions[index] - 1
                            if offset > 255 { trampolineFalse[index] = true; changed = true }
                        }
                    case .jump(let label):
                        _ = try target(label, from: index)
                    default:
                        break
                    }
                }
            }
            let length = positions[items.count]
            if length > maximumLength { throw .programTooLong(count: length) }
            switch items.last {
            case .returnConstant, .returnA: break
            default: throw .missingFinalReturn
            }

            var output: [RawInstruction] = []
            output.reserveCapacity(length)
            for (index, item) in items.enumerated() {
                let here = positions[index]
                switch item {
                case .jumpIf(let condition, let operand, let ifTrue, let ifFalse):
                    let trampolines = (trampolineTrue[index] ? 1 : 0) + (trampolineFalse[index] ? 1 : 0)
                    func offset(_ label: Label?, viaTrampoline: Bool, slot: Int) throws(AssemblerError) -> UInt8 {
                        guard let label else { return UInt8(trampolines) }  // the next real instruction
                        if viaTrampoline { return UInt8(slot) }
                        return UInt8(positions[try target(label, from: index)] - here - 1)
                    }
                    let jt = try offset(ifTrue, viaTrampoline: trampolineTrue[index], slot: 0)
                    let jf = try offset(ifFalse, viaTrampoline: trampolineFalse[index], slot: trampolineTrue[index] ? 1 : 0)
                    output.append(RawInstruction(code: Opcode.jmp | condition.rawValue | operand.sourceBits, jt: jt, jf: jf,
                                                 k: operand.constant))
                    for (needed, label) in [(trampolineTrue[index], ifTrue), (trampolineFalse[index], ifFalse)] where needed {
                        let destination = positions[try target(label!, from: index)]
                        output.append(RawInstruction(code: Opcode.jmp | Opcode.ja, k: UInt32(destination - output.count - 1)))
                    }
                case .jump(let label):
                    let destination = positions[try target(label, from: index)]
                    output.append(RawInstruction(code: Opcode.jmp | Opcode.ja, k: UInt32(destination - here - 1)))
                default:
                    output.append(item.encodedWithoutJump)
                }
            }
            return output
        }

        /// The bytes of a `struct sock_filter` array: per instruction u16 code, u8 jt, u8 jf, u32 k, little-endian
        /// (the byte order of every architecture syshook supports).
        public static func encode(_ program: [RawInstruction]) -> [UInt8] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(program.count * RawInstruction.byteCount)
            for instruction in program {
                bytes.append(UInt8(truncatingIfNeeded: instruction.code))
                bytes.append(UInt8(truncatingIfNeeded: instruction.code >> 8))
                bytes.append(instruction.jt)
                bytes.append(instruction.jf)
                for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: instruction.k >> shift)) }
            }
            return bytes
        }

        /// The inverse of `encode`; nil when the byte count is not a multiple of 8.
        public static func decode(_ bytes: [UInt8]) -> [RawInstruction]? {
            guard bytes.count % RawInstruction.byteCount == 0 else { return nil }
            return stride(from: 0, to: bytes.count, by: RawInstruction.byteCount).map { base in
                let k = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[base + 4 + $1]) << (8 * $1) }
                return RawInstruction(code: UInt16(bytes[base]) | UInt16(bytes[base + 1]) << 8,
                                      jt: bytes[base + 2], jf: bytes[base + 3], k: k)
            }
        }
    }
}

extension ClassicBPF.Instruction.Operand {
    var sourceBits: UInt16 {
        switch self {
        case .constant: Opcode.k
        case .x: Opcode.x
        }
    }

    var constant: UInt32 {
        switch self {
        case .constant(let k): k
        case .x: 0
        }
    }
}

extension ClassicBPF.Instruction {
    /// The encoding of every instruction except jumps and labels, which need the layout.
    fileprivate var encodedWithoutJump: RawInstruction {
        switch self {
        case .loadAbsolute(let offset): RawInstruction(code: Opcode.ld | Opcode.w | Opcode.abs, k: offset)
        case .loadIndirect(let offset): RawInstruction(code: Opcode.ld | Opcode.w | Opcode.ind, k: offset)
        case .loadLength: RawInstruction(code: Opcode.ld | Opcode.w | Opcode.len)
        case .loadImmediate(let k): RawInstruction(code: Opcode.ld | Opcode.imm, k: k)
        case .loadScratch(let index): RawInstruction(code: Opcode.ld | Opcode.mem, k: index)
        case .loadXImmediate(let k): RawInstruction(code: Opcode.ldx | Opcode.imm, k: k)
        case .loadXScratch(let index): RawInstruction(code: Opcode.ldx | Opcode.mem, k: index)
        case .loadXLength: RawInstruction(code: Opcode.ldx | Opcode.w | Opcode.len)
        case .store(let index): RawInstruction(code: Opcode.st, k: index)
        case .storeX(let index): RawInstruction(code: Opcode.stx, k: index)
        case .alu(let operation, let operand):
            RawInstruction(code: Opcode.alu | operation.rawValue | operand.sourceBits, k: operand.constant)
        case .negate: RawInstruction(code: Opcode.alu | Opcode.neg)
        case .returnConstant(let k): RawInstruction(code: Opcode.ret | Opcode.k, k: k)
        case .returnA: RawInstruction(code: Opcode.ret | Opcode.a)
        case .tax: RawInstruction(code: Opcode.misc | Opcode.tax)
        case .txa: RawInstruction(code: Opcode.misc | Opcode.txa)
        case .jump, .jumpIf, .label: preconditionFailure("jumps and labels are laid out by the assembler")
        }
    }
}
