import Testing
@testable import Seccomp

@Suite struct AssemblerTests {
    /// Each builder's encoding, pinned against the opcode values of <linux/filter.h>.
    @Test(arguments: [
        (Instruction.loadAbsolute(offset: 4), RawInstruction(code: 0x20, k: 4)),
        (.loadIndirect(offset: 8), RawInstruction(code: 0x40, k: 8)),
        (.loadLength, RawInstruction(code: 0x80)),
        (.loadImmediate(7), RawInstruction(code: 0x00, k: 7)),
        (.loadScratch(3), RawInstruction(code: 0x60, k: 3)),
        (.loadXImmediate(9), RawInstruction(code: 0x01, k: 9)),
        (.loadXScratch(2), RawInstruction(code: 0x61, k: 2)),
        (.loadXLength, RawInstruction(code: 0x81)),
        (.store(1), RawInstruction(code: 0x02, k: 1)),
        (.storeX(5), RawInstruction(code: 0x03, k: 5)),
        (.alu(.add, .constant(3)), RawInstruction(code: 0x04, k: 3)),
        (.alu(.and, .constant(31)), RawInstruction(code: 0x54, k: 31)),
        (.alu(.leftShift, .x), RawInstruction(code: 0x6c)),
        (.alu(.rightShift, .constant(5)), RawInstruction(code: 0x74, k: 5)),
        (.alu(.modulo, .x), RawInstruction(code: 0x9c)),
        (.alu(.xor, .constant(1)), RawInstruction(code: 0xa4, k: 1)),
        (.negate, RawInstruction(code: 0x84)),
        (.returnConstant(0x7fff_0000), RawInstruction(code: 0x06, k: 0x7fff_0000)),
        (.returnA, RawInstruction(code: 0x16)),
        (.tax, RawInstruction(code: 0x07)),
        (.txa, RawInstruction(code: 0x87)),
    ])
    func encodesEachInstruction(_ instruction: Instruction, _ expected: RawInstruction) throws {
        let program = try Assembler.assemble([instruction, .returnA])
        #expect(program.first == expected)
    }

    @Test func resolvesLabelsToForwardOffsets() throws {
        let program = try Assembler.assemble([
            .loadAbsolute(offset: 0),
            .jumpIfEqual(39, ifTrue: "deny"),
            .jumpIf(.greaterOrEqual, .x, ifTrue: nil, ifFalse: "deny"),
            .jump(to: "allow"),
            .label("deny"), .returnConstant(0x0005_0001),
            .label("allow"), .returnConstant(0x7fff_0000),
        ])
        #expect(program == [
            RawInstruction(code: 0x20, k: 0),
            RawInstruction(code: 0x15, jt: 2, jf: 0, k: 39),
            RawInstruction(code: 0x3d, jt: 0, jf: 1, k: 0),
            RawInstruction(code: 0x05, k: 1),
            RawInstruction(code: 0x06, k: 0x0005_0001),
            RawInstruction(code: 0x06, k: 0x7fff_0000),
        ])
    }

    @Test func encodesSockFilterBytesLittleEndian() throws {
        let bytes = Assembler.encode([RawInstruction(code: 0x0015, jt: 1, jf: 2, k: 0xc000_003e)])
        #expect(bytes == [0x15, 0x00, 0x01, 0x02, 0x3e, 0x00, 0x00, 0xc0])
        #expect(Assembler.decode(bytes) == [RawInstruction(code: 0x0015, jt: 1, jf: 2, k: 0xc000_003e)])
        #expect(Assembler.decode([1, 2, 3]) == nil)
    }

    @Test func reportsLabelErrors() {
        #expect(throws: AssemblerError.undefinedLabel("nowhere")) {
            try Assembler.assemble([.jump(to: "nowhere"), .returnA])
        }
        #expect(throws: AssemblerError.duplicateLabel("twice")) {
            try Assembler.assemble([.label("twice"), .returnA, .label("twice"), .returnA])
        }
        #expect(throws: AssemblerError.jumpOutOfRange(instruction: 1, label: "back")) {
            try Assembler.assemble([.label("back"), .loadLength, .jumpIfEqual(0, ifTrue: "back"), .returnA])
        }
        #expect(throws: AssemblerError.jumpOutOfRange(instruction: 0, label: "end")) {
            try Assembler.assemble([.jumpIfEqual(0, ifTrue: "end"), .returnA, .label("end")])
        }
        #expect(throws: AssemblerError.missingFinalReturn) { try Assembler.assemble([.loadLength]) }
        #expect(throws: AssemblerError.programTooLong(count: 4097)) {
            try Assembler.assemble([Instruction](repeating: .loadLength, count: 4096) + [.returnA])
        }
    }

    /// A conditional target 300 instructions away does not fit in 8 bits: the assembler routes the jump through
    /// an unconditional `ja` and the program still computes the same thing.
    @Test func insertsTrampolinesForFarTargets() throws {
        let filler = [Instruction](repeating: .alu(.add, .constant(0)), count: 300)
        let program = try Assembler.assemble(
            [.loadAbsolute(offset: 0), .jumpIfEqual(39, ifTrue: "far", ifFalse: "farther")]
                + filler + [.label("far"), .returnConstant(1)]
                + filler + [.label("farther"), .returnConstant(2)])
        #expect(program.count == 2 + 2 + 300 + 1 + 300 + 1)
        #expect(program[1] == RawInstruction(code: 0x15, jt: 0, jf: 1, k: 39))
        #expect(program[2].code == 0x05 && program[3].code == 0x05)
        let interpreter = Interpreter(program)
        #expect(try interpreter.run(SeccompData(number: 39, architecture: 0)) == 1)
        #expect(try interpreter.run(SeccompData(number: 40, architecture: 0)) == 2)
    }

    /// One near and one far side, and a fall-through: the fall-through must skip the trampoline.
    @Test func fallThroughSkipsTrampoline() throws {
        let filler = [Instruction](repeating: .alu(.add, .constant(0)), count: 260)
        let program = try Assembler.assemble(
            [.loadAbsolute(offset: 0), .jumpIfEqual(39, ifTrue: "far"), .returnConstant(7)]
                + filler + [.label("far"), .returnConstant(1)])
        let interpreter = Interpreter(program)
        #expect(try interpreter.run(SeccompData(number: 39, architecture: 0)) == 1)
        #expect(try interpreter.run(SeccompData(number: 1, architecture: 0)) == 7)
    }
}
