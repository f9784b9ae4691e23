/// Why a list of instructions could not be encoded.
public enum AssemblerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A jump names a label no instruction defines.
    case undefinedLabel(String, instructionIndex: Int)
    /// Two markers define the same label.
    case duplicateLabel(String)
    /// A label is defined after the last instruction, so a jump to it would leave the program.
    case labelAtEnd(String)
    /// A jump's distance does not fit the 16-bit offset field.
    case jumpOutOfRange(String, distance: Int)
    /// A jump has no target label.
    case missingTarget(instructionIndex: Int)
    /// A map load names a map the assembler was not given.
    case unknownMap(String)

    public var description: String {
        switch self {
        case .undefinedLabel(let name, let index): "instruction \(index) jumps to undefined label '\(name)'"
        case .duplicateLabel(let name): "label '\(name)' is defined twice"
        case .labelAtEnd(let name): "label '\(name)' marks the end of the program, not an instruction"
        case .jumpOutOfRange(let name, let distance): "jump to '\(name)' spans \(distance) slots (limit ±32767)"
        case .missingTarget(let index): "instruction \(index) is a jump without a target label"
        case .unknownMap(let name): "map '\(name)' is referenced but was not provided"
        }
    }
}

/// Encodes instructions into the bytes `BPF_PROG_LOAD` takes: resolves labels into relative jump offsets and
/// map names into descriptors.
public enum Assembler {
    /// Resolves labels and map names, returning the instructions without label markers.
    ///
    /// - Parameter maps: descriptors for `Instruction.loadMap(_:named:)` references, by map name.
    public static func resolve(
        _ instructions: [Instruction], maps: [String: Int32] = [:]
    ) throws(AssemblerError) -> [Instruction] {
        // Pass 1: the slot each label points at.
        var labels: [String: Int] = [:]
        var slot = 0
        var pendingLabels: [String] = []
        for instruction in instructions {
            if let name = instruction.definedLabel {
                if labels[name] != nil || pendingLabels.contains(name) { throw .duplicateLabel(name) }
                pendingLabels.append(name)
                continue
            }
            for name in pendingLabels { labels[name] = slot }
            pendingLabels.removeAll()
            slot += instruction.slotCount
        }
        if let dangling = pendingLabels.first { throw .labelAtEnd(dangling) }

        // Pass 2: offsets relative to the slot after the jump.
        var resolved: [Instruction] = []
        resolved.reserveCapacity(instructions.count)
        slot = 0
        for (index, var instruction) in instructions.enumerated() where !instruction.isLabel {
            if instruction.isJumpWithTarget {
                guard let name = instruction.target else { throw .missingTarget(instructionIndex: index) }
                guard let destination = labels[name] else { throw .undefinedLabel(name, instructionIndex: index) }
                let distance = destination - (slot + 1)
                guard let offset = Int16(exactly: distance) else { throw .jumpOutOfRange(name, distance: distance) }
                instruction.offset = offset
            }
            if let name = instruction.mapName {
                guard let descriptor = maps[name] else { throw .unknownMap(name) }
                instruction.constant = Int64(descriptor)
            }
            resolved.append(instruction)
            slot += instruction.slotCount
        }
        return resolved
    }

    /// Encodes instructions into little-endian bytes, 8 per slot.
    public static func assemble(
        _ instructions: [Instruction], maps: [String: Int32] = [:]
    ) throws(AssemblerError) -> [UInt8] {
        let resolved = try resolve(instructions, maps: maps)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(resolved.count * 8)
        for instruction in resolved { instruction.encode(into: &bytes) }
        return bytes
    }
}

extension Instruction {
    /// Jumps other than `call` and `exit` (which share the jump classes but take no target).
    var isJumpWithTarget: Bool {
        guard instructionClass == .jump || instructionClass == .jump32 else { return false }
        let operation = opcode & 0xF0
        return operation != 0x80 && operation != 0x90
    }

    /// Appends the 8 (or 16) bytes of this instruction.
    func encode(into bytes: inout [UInt8]) {
        func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        bytes.append(opcode)
        bytes.append((sourceField << 4) | destination.rawValue)
        appendLittleEndian(offset)
        appendLittleEndian(Int32(truncatingIfNeeded: constant))
        if isWide {
            // The second slot holds the upper 32 bits in its imm; every other field is zero.
            bytes.append(contentsOf: [0, 0, 0, 0])
            appendLittleEndian(Int32(truncatingIfNeeded: constant >> 32))
        }
    }

    /// Decodes instructions from bytes as `BPF_PROG_LOAD` takes them (or `bpf_prog_info.xlated_prog_insns`).
    public static func decode(_ bytes: [UInt8]) -> [Instruction] {
        func int<T: FixedWidthInteger>(_ at: Int, _: T.Type) -> T {
            var value: T = 0
            for index in 0..<MemoryLayout<T>.size { value |= T(truncatingIfNeeded: bytes[at + index]) << (8 * index) }
            return value
        }
        var result: [Instruction] = []
        var position = 0
        while position + 8 <= bytes.count {
            let registers = bytes[position + 1]
            var instruction = Instruction(
                opcode: bytes[position], destination: Register(rawValue: registers & 0x0F) ?? .r0,
                sourceField: registers >> 4, offset: int(position + 2, Int16.self),
                constant: Int64(int(position + 4, Int32.self)))
            if instruction.isWide && position + 16 <= bytes.count {
                let high = Int64(int(position + 12, Int32.self))
                instruction.constant = (high << 32) | (instruction.constant & 0xFFFF_FFFF)
                position += 16
            } else {
                position += 8
            }
            result.append(instruction)
        }
        return result
    }
}
