import BPF
import Testing

/// Pins the bytes of every builder (cilium/ebpf's dsl_test idea): code, dst|src<<4, off (LE16), imm (LE32).
@Suite struct EncodingTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let instruction: Instruction
        let bytes: [UInt8]
        let text: String
        var testDescription: String { text }
    }

    static let rows: [Row] = [
        Row(instruction: ALU.add.imm(.r1, 22), bytes: [0x07, 0x01, 0, 0, 22, 0, 0, 0], text: "r1 += 0x16"),
        Row(instruction: ALU.sub.reg(.r2, .r3), bytes: [0x1F, 0x32, 0, 0, 0, 0, 0, 0], text: "r2 -= r3"),
        Row(instruction: ALU.mul.imm32(.r4, -1), bytes: [0x24, 0x04, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF], text: "w4 *= -0x1"),
        Row(instruction: ALU.div.reg32(.r5, .r6), bytes: [0x3C, 0x65, 0, 0, 0, 0, 0, 0], text: "w5 /= w6"),
        Row(instruction: ALU.or.imm(.r0, 0x10), bytes: [0x47, 0x00, 0, 0, 0x10, 0, 0, 0], text: "r0 |= 0x10"),
        Row(instruction: ALU.and.imm(.r7, 0xFF), bytes: [0x57, 0x07, 0, 0, 0xFF, 0, 0, 0], text: "r7 &= 0xff"),
        Row(instruction: ALU.leftShift.imm(.r1, 32), bytes: [0x67, 0x01, 0, 0, 32, 0, 0, 0], text: "r1 <<= 0x20"),
        Row(instruction: ALU.rightShift.imm(.r1, 32), bytes: [0x77, 0x01, 0, 0, 32, 0, 0, 0], text: "r1 >>= 0x20"),
        Row(instruction: ALU.negate.imm(.r2, 0), bytes: [0x87, 0x02, 0, 0, 0, 0, 0, 0], text: "r2 = -r2"),
        Row(instruction: ALU.mod.imm(.r3, 7), bytes: [0x97, 0x03, 0, 0, 7, 0, 0, 0], text: "r3 %= 0x7"),
        Row(instruction: ALU.xor.reg(.r8, .r9), bytes: [0xAF, 0x98, 0, 0, 0, 0, 0, 0], text: "r8 ^= r9"),
        Row(instruction: ALU.mov.reg(.r6, .r1), bytes: [0xBF, 0x16, 0, 0, 0, 0, 0, 0], text: "r6 = r1"),
        Row(instruction: ALU.mov.imm32(.r0, 1), bytes: [0xB4, 0x00, 0, 0, 1, 0, 0, 0], text: "w0 = 0x1"),
        Row(
            instruction: ALU.arithmeticRightShift.imm(.r1, 3), bytes: [0xC7, 0x01, 0, 0, 3, 0, 0, 0],
            text: "r1 s>>= 0x3"),
        Row(instruction: .exit, bytes: [0x95, 0, 0, 0, 0, 0, 0, 0], text: "exit"),
        Row(
            instruction: Helper.mapLookupElem.call(), bytes: [0x85, 0, 0, 0, 1, 0, 0, 0],
            text: "call map_lookup_elem#1"),
        Row(
            instruction: Helper.ringbufReserve.call(), bytes: [0x85, 0, 0, 0, 131, 0, 0, 0],
            text: "call ringbuf_reserve#131"),
        Row(
            instruction: .load(.r0, from: .r1, offset: 8, size: .doubleWord),
            bytes: [0x79, 0x10, 8, 0, 0, 0, 0, 0], text: "r0 = *(u64 *)(r1 +8)"),
        Row(
            instruction: .load(.r2, from: .r10, offset: -4, size: .word), bytes: [0x61, 0xA2, 0xFC, 0xFF, 0, 0, 0, 0],
            text: "r2 = *(u32 *)(r10 -4)"),
        Row(
            instruction: .load(.r3, from: .r4, offset: 2, size: .halfWord), bytes: [0x69, 0x43, 2, 0, 0, 0, 0, 0],
            text: "r3 = *(u16 *)(r4 +2)"),
        Row(
            instruction: .load(.r3, from: .r4, offset: 1, size: .byte), bytes: [0x71, 0x43, 1, 0, 0, 0, 0, 0],
            text: "r3 = *(u8 *)(r4 +1)"),
        Row(
            instruction: .store(.r1, to: .r10, offset: -8, size: .doubleWord),
            bytes: [0x7B, 0x1A, 0xF8, 0xFF, 0, 0, 0, 0], text: "*(u64 *)(r10 -8) = r1"),
        Row(
            instruction: .store(7, to: .r10, offset: -16, size: .word), bytes: [0x62, 0x0A, 0xF0, 0xFF, 7, 0, 0, 0],
            text: "*(u32 *)(r10 -16) = 7"),
        Row(
            instruction: .atomic(.add, base: .r0, offset: 0, source: .r1, size: .doubleWord),
            bytes: [0xDB, 0x10, 0, 0, 0x00, 0, 0, 0], text: "lock *(u64 *)(r0 +0) add r1"),
        Row(
            instruction: .atomic(.or, base: .r2, offset: 4, source: .r3, size: .word, fetch: true),
            bytes: [0xC3, 0x32, 4, 0, 0x41, 0, 0, 0], text: "lock *(u32 *)(r2 +4) or fetch r3"),
        Row(
            instruction: .atomic(.compareExchange, base: .r2, offset: 0, source: .r3, size: .doubleWord),
            bytes: [0xDB, 0x32, 0, 0, 0xF1, 0, 0, 0], text: "lock *(u64 *)(r2 +0) cmpxchg fetch r3"),
        Row(
            instruction: .loadImmediate64(.r1, 0x1122_3344_5566_7788),
            bytes: [0x18, 0x01, 0, 0, 0x88, 0x77, 0x66, 0x55, 0, 0, 0, 0, 0x44, 0x33, 0x22, 0x11],
            text: "r1 = 0x1122334455667788 ll"),
        Row(
            instruction: .loadMap(.r1, descriptor: 5),
            bytes: [0x18, 0x11, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], text: "r1 = map[fd:5]"),
    ]

    @Test(arguments: rows) func builderEncodesToPinnedBytes(_ row: Row) throws {
        #expect(try Assembler.assemble([row.instruction]) == row.bytes)
        #expect(row.instruction.description == row.text)
        #expect(Instruction.decode(row.bytes) == [row.instruction])
    }

    static let jumpRows: [(Instruction, UInt8, String)] = [
        (Jump.eq.imm(.r1, 0, "end"), 0x15, "if r1 == 0x0 goto +1 <end>"),
        (Jump.ne.reg(.r1, .r2, "end"), 0x5D, "if r1 != r2 goto +1 <end>"),
        (Jump.gt.imm32(.r1, 3, "end"), 0x26, "if w1 > 0x3 goto +1 <end>"),
        (Jump.sle.reg32(.r1, .r2, "end"), 0xDE, "if w1 s<= w2 goto +1 <end>"),
        (Jump.set.imm(.r1, 4, "end"), 0x45, "if r1 & 0x4 goto +1 <end>"),
        (Jump.always("end"), 0x05, "goto +1 <end>"),
    ]

    @Test func jumpsResolveLabelsToRelativeSlots() throws {
        for (jump, opcode, text) in Self.jumpRows {
            // jump; one skipped instruction; end: exit  → offset +1
            let program = [jump, ALU.mov.imm(.r0, 1), .label("end"), .exit]
            let bytes = try Assembler.assemble(program)
            #expect(bytes[0] == opcode)
            #expect(bytes[2] == 1 && bytes[3] == 0)
            #expect(try Assembler.resolve(program)[0].description == text)
        }
    }

    @Test func wideInstructionsCountTwoSlotsAndBackwardJumpsAreNegative() throws {
        let program: [Instruction] = [
            .label("top"),
            .loadImmediate64(.r1, 1),
            Jump.eq.imm(.r1, 0, "top"),
            Jump.always("bottom"),
            .loadImmediate64(.r2, 2),
            .label("bottom"),
            .exit,
        ]
        let resolved = try Assembler.resolve(program)
        #expect(resolved[1].offset == -3)  // slot 2 → slot 0: 0 - (2 + 1)
        #expect(resolved[2].offset == 2)  // slot 3 → slot 6
    }

    @Test func assemblerReportsTypedErrors() {
        #expect(throws: AssemblerError.undefinedLabel("nowhere", instructionIndex: 0)) {
            try Assembler.assemble([Jump.always("nowhere"), .exit])
        }
        #expect(throws: AssemblerError.duplicateLabel("a")) {
            try Assembler.assemble([.label("a"), .exit, .label("a"), .exit])
        }
        #expect(throws: AssemblerError.labelAtEnd("end")) {
            try Assembler.assemble([.exit, .label("end")])
        }
        #expect(throws: AssemblerError.unknownMap("events")) {
            try Assembler.assemble([.loadMap(.r1, named: "events"), .exit])
        }
        let far = [Jump.always("far")] + Array(repeating: ALU.mov.imm(.r0, 0), count: 40_000) + [.label("far"), .exit]
        #expect(throws: AssemblerError.jumpOutOfRange("far", distance: 40_000)) { try Assembler.assemble(far) }
    }

    @Test func namedMapLoadsTakeTheGivenDescriptor() throws {
        let bytes = try Assembler.assemble([.loadMap(.r1, named: "events"), .exit], maps: ["events": 42])
        #expect(Array(bytes[0..<8]) == [0x18, 0x11, 0, 0, 42, 0, 0, 0])
        #expect(Instruction.loadMap(.r1, named: "events").description == "r1 = map[events]")
    }

    @Test func disassemblyNumbersSlotsAndShowsLabels() {
        let text = Disassembler.text([.loadImmediate64(.r0, 0), .label("out"), .exit])
        #expect(text == "   0: r0 = 0x0 ll\nout:\n   2: exit")
    }
}
