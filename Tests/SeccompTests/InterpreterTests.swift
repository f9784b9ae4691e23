import Testing
@testable import Seccomp

@Suite struct InterpreterTests {
    func run(_ program: [Instruction], _ data: SeccompData = SeccompData(number: 0, architecture: 0)) throws -> UInt32 {
        try Interpreter(Assembler.assemble(program)).run(data)
    }

    @Test func loadsEachSeccompDataField() throws {
        let data = SeccompData(number: 257, architecture: 0xc000_003e, instructionPointer: 0x1122_3344_5566_7788,
                               arguments: [0xaaaa_bbbb_cccc_dddd, 2, 3, 4, 5, 0xffff_ffff_0000_0001])
        #expect(try run([.loadAbsolute(offset: 0), .returnA], data) == 257)
        #expect(try run([.loadAbsolute(offset: 4), .returnA], data) == 0xc000_003e)
        #expect(try run([.loadAbsolute(offset: 8), .returnA], data) == 0x5566_7788)
        #expect(try run([.loadAbsolute(offset: 12), .returnA], data) == 0x1122_3344)
        #expect(try run([.loadAbsolute(offset: SeccompData.argumentOffset(0)), .returnA], data) == 0xcccc_dddd)
        #expect(try run([.loadAbsolute(offset: SeccompData.argumentOffset(0) + 4), .returnA], data) == 0xaaaa_bbbb)
        #expect(try run([.loadAbsolute(offset: SeccompData.argumentOffset(5) + 4), .returnA], data) == 0xffff_ffff)
        #expect(try run([.loadLength, .returnA]) == 64)
        #expect(try run([.loadXLength, .txa, .returnA]) == 64)
        #expect(try run([.loadXImmediate(8), .loadIndirect(offset: 4), .returnA], data) == 0x1122_3344)
    }

    @Test func arithmeticIsUnsigned32Bit() throws {
        #expect(try run([.loadImmediate(0xffff_ffff), .alu(.add, .constant(2)), .returnA]) == 1)
        #expect(try run([.loadImmediate(1), .alu(.subtract, .constant(2)), .returnA]) == 0xffff_ffff)
        #expect(try run([.loadImmediate(7), .alu(.multiply, .constant(6)), .returnA]) == 42)
        #expect(try run([.loadImmediate(43), .alu(.divide, .constant(2)), .returnA]) == 21)
        #expect(try run([.loadImmediate(43), .alu(.modulo, .constant(5)), .returnA]) == 3)
        #expect(try run([.loadImmediate(0xf0), .alu(.or, .constant(0x0f)), .alu(.xor, .constant(1)), .returnA]) == 0xfe)
        #expect(try run([.loadImmediate(0x1234), .alu(.and, .constant(0xff)), .returnA]) == 0x34)
        #expect(try run([.loadImmediate(1), .alu(.leftShift, .constant(31)), .returnA]) == 0x8000_0000)
        #expect(try run([.loadImmediate(0x8000_0000), .alu(.rightShift, .constant(31)), .returnA]) == 1)
        #expect(try run([.loadImmediate(5), .negate, .returnA]) == 0xffff_fffb)
        #expect(try run([.loadXImmediate(3), .loadImmediate(12), .alu(.divide, .x), .returnA]) == 4)
        // Division by X == 0 ends the program with 0, as the kernel does.
        #expect(try run([.loadXImmediate(0), .loadImmediate(12), .alu(.divide, .x), .returnConstant(9)]) == 0)
    }

    @Test func scratchMemoryAndRegisters() throws {
        #expect(try run([.loadImmediate(5), .store(15), .loadImmediate(0), .loadScratch(15), .returnA]) == 5)
        #expect(try run([.loadXImmediate(6), .storeX(0), .loadXImmediate(0), .loadXScratch(0), .txa, .returnA]) == 6)
        #expect(try run([.loadImmediate(9), .tax, .loadImmediate(0), .txa, .returnA]) == 9)
    }

    @Test func conditionalJumps() throws {
        func pick(_ condition: Instruction.JumpCondition, _ a: UInt32, _ operand: Instruction.Operand) throws -> UInt32 {
            try run([.loadXImmediate(0x10), .loadImmediate(a), .jumpIf(condition, operand, ifTrue: "yes", ifFalse: nil),
                     .returnConstant(0), .label("yes"), .returnConstant(1)])
        }
        #expect(try pick(.equal, 5, .constant(5)) == 1)
        #expect(try pick(.equal, 5, .constant(6)) == 0)
        #expect(try pick(.greater, 0x8000_0000, .constant(1)) == 1)  // unsigned
        #expect(try pick(.greater, 5, .constant(5)) == 0)
        #expect(try pick(.greaterOrEqual, 5, .constant(5)) == 1)
        #expect(try pick(.bitsSet, 0x30, .x) == 1)
        #expect(try pick(.bitsSet, 0x20, .x) == 0)
        #expect(try pick(.equal, 0x10, .x) == 1)
    }

    @Test func rejectsWhatTheKernelRejects() throws {
        #expect(throws: InterpreterError.invalidLoad(instruction: 0, offset: 2)) {
            try run([.loadAbsolute(offset: 2), .returnA])
        }
        #expect(throws: InterpreterError.invalidLoad(instruction: 0, offset: 64)) {
            try run([.loadAbsolute(offset: 64), .returnA])
        }
        #expect(throws: InterpreterError.invalidScratchIndex(instruction: 0, index: 16)) {
            try run([.store(16), .returnA])
        }
        #expect(throws: InterpreterError.fellOffTheEnd) {
            try Interpreter([RawInstruction(code: 0x00, k: 1)]).run(SeccompData(number: 0, architecture: 0))
        }
        #expect(throws: InterpreterError.invalidOpcode(instruction: 0, code: 0xff)) {
            try Interpreter([RawInstruction(code: 0xff)]).run(SeccompData(number: 0, architecture: 0))
        }
    }
}
