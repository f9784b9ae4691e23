/// Text for instructions in the syntax `bpftool prog dump xlated` and the verifier log use
/// (`r1 += 22`, `if r0 == 0x0 goto +3`, `r0 = *(u64 *)(r1 +8)`, `call map_lookup_elem#1`).
public enum Disassembler {
    /// One line per slot-starting instruction, prefixed by its slot number; labels print on their own line.
    public static func text(_ instructions: [Instruction]) -> String {
        var lines: [String] = []
        var slot = 0
        for instruction in instructions {
            if let name = instruction.definedLabel {
                lines.append("\(name):")
                continue
            }
            let number = String(slot)
            lines.append(String(repeating: " ", count: max(0, 4 - number.count)) + number + ": " + instruction.description)
            slot += instruction.slotCount
        }
        return lines.joined(separator: "\n")
    }
}

extension Instruction: CustomStringConvertible {
    public var description: String {
        if let name = definedLabel { return "\(name):" }
        let dst = destination
        let src = source
        switch instructionClass {
        case .alu64, .alu32:
            let is64 = instructionClass == .alu64
            let prefix = is64 ? "r" : "w"
            guard let operation = ALU(rawValue: opcode & 0xF0) else {
                if opcode & 0xF0 == 0xD0 {
                    let order = opcode & 0x08 != 0 ? "be" : "le"
                    return "r\(dst.rawValue) = \(order)\(constant) r\(dst.rawValue)"
                }
                return unknown
            }
            if operation == .negate { return "\(prefix)\(dst.rawValue) = -\(prefix)\(dst.rawValue)" }
            let operand = opcode & 0x08 != 0 ? "\(prefix)\(src.rawValue)" : hex(constant)
            return "\(prefix)\(dst.rawValue) \(operation.symbol) \(operand)"
        case .jump, .jump32:
            let operation = opcode & 0xF0
            if operation == 0x90 { return "exit" }
            if operation == 0x80 { return "call \(Helper(rawValue: Int32(truncatingIfNeeded: constant)))#\(constant)" }
            let where_ = target.map { " <\($0)>" } ?? ""
            let relative = offset >= 0 ? "+\(offset)" : "\(offset)"
            if operation == 0x00 { return "goto \(relative)\(where_)" }
            guard let comparison = Jump(rawValue: operation) else { return unknown }
            let prefix = instructionClass == .jump ? "r" : "w"
            let operand = opcode & 0x08 != 0 ? "\(prefix)\(src.rawValue)" : hex(constant)
            return "if \(prefix)\(dst.rawValue) \(comparison.symbol) \(operand) goto \(relative)\(where_)"
        case .loadRegister:
            let size = AccessSize(rawValue: opcode & 0x18)!
            return "r\(dst.rawValue) = *(\(size.typeName) *)(r\(src.rawValue) \(signed(offset)))"
        case .storeRegister:
            let size = AccessSize(rawValue: opcode & 0x18)!
            if opcode & 0xE0 == AccessMode.atomic.rawValue {
                let fetch = constant & 0x01 != 0 ? " fetch" : ""
                let name = AtomicOperation(rawValue: UInt8(truncatingIfNeeded: constant) & 0xF0)?.name ?? "atomic?"
                return "lock *(\(size.typeName) *)(r\(dst.rawValue) \(signed(offset))) \(name)\(fetch) r\(src.rawValue)"
            }
            return "*(\(size.typeName) *)(r\(dst.rawValue) \(signed(offset))) = r\(src.rawValue)"
        case .store:
            let size = AccessSize(rawValue: opcode & 0x18)!
            return "*(\(size.typeName) *)(r\(dst.rawValue) \(signed(offset))) = \(constant)"
        case .load:
            guard isWide else { return unknown }
            if sourceField == PseudoSource.mapDescriptor.rawValue {
                if let mapName { return "r\(dst.rawValue) = map[\(mapName)]" }
                return "r\(dst.rawValue) = map[fd:\(constant)]"
            }
            return "r\(dst.rawValue) = \(hex(constant)) ll"
        }
    }

    private var unknown: String { "unknown opcode \(hex(Int64(opcode)))" }

    private func hex(_ value: Int64) -> String {
        value < 0 ? "-0x" + String(UInt64(bitPattern: value).magnitudeOfNegative, radix: 16) : "0x" + String(value, radix: 16)
    }

    private func signed(_ value: Int16) -> String { value >= 0 ? "+\(value)" : "\(value)" }
}

extension UInt64 {
    fileprivate var magnitudeOfNegative: UInt64 { (~self) &+ 1 }
}
