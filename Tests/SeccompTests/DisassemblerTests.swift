import SyscallTables
import Testing
@testable import Seccomp

@Suite struct DisassemblerTests {
    /// The text of each instruction form, without any knowledge of what A holds.
    @Test(arguments: [
        (Instruction.loadAbsolute(offset: 0), "A = nr"),
        (.loadAbsolute(offset: 4), "A = arch"),
        (.loadAbsolute(offset: 8), "A = instruction_pointer"),
        (.loadAbsolute(offset: 12), "A = instruction_pointer >> 32"),
        (.loadAbsolute(offset: 16), "A = args[0]"),
        (.loadAbsolute(offset: 60), "A = args[5] >> 32"),
        (.loadIndirect(offset: 4), "A = data[X + 4]"),
        (.loadLength, "A = len"),
        (.loadImmediate(0x2a), "A = 0x2a"),
        (.loadScratch(3), "A = mem[3]"),
        (.loadXImmediate(7), "X = 0x7"),
        (.loadXScratch(1), "X = mem[1]"),
        (.loadXLength, "X = len"),
        (.store(2), "mem[2] = A"),
        (.storeX(4), "mem[4] = X"),
        (.alu(.add, .constant(1)), "A += 0x1"),
        (.alu(.subtract, .x), "A -= X"),
        (.alu(.multiply, .constant(3)), "A *= 0x3"),
        (.alu(.divide, .constant(2)), "A /= 0x2"),
        (.alu(.or, .constant(8)), "A |= 0x8"),
        (.alu(.and, .constant(31)), "A &= 0x1f"),
        (.alu(.leftShift, .x), "A <<= X"),
        (.alu(.rightShift, .constant(5)), "A >>= 0x5"),
        (.alu(.modulo, .constant(7)), "A %= 0x7"),
        (.alu(.xor, .x), "A ^= X"),
        (.negate, "A = -A"),
        (.tax, "X = A"),
        (.txa, "A = X"),
        (.returnA, "return A"),
        (.returnConstant(0x7fff_0000), "return ALLOW"),
        (.returnConstant(0x0005_000d), "return ERRNO(EACCES)"),
        (.returnConstant(0x7ff0_0001), "return TRACE(1)"),
        (.returnConstant(0x0003_0000), "return TRAP(0)"),
        (.returnConstant(0), "return KILL_THREAD"),
        (.returnConstant(0x8000_0000), "return KILL_PROCESS"),
        (.returnConstant(0x7ffc_0000), "return LOG"),
        (.returnConstant(0x7fc0_0000), "return USER_NOTIF"),
        (.returnConstant(0x1234_0000), "return KILL_PROCESS (unknown action 0x12340000)"),
    ])
    func instructionText(_ instruction: Instruction, _ text: String) throws {
        let program = try Assembler.assemble([instruction, .returnA])
        let line = Disassembler.disassemble(program).split(separator: "\n")[2]
        #expect(line.hasSuffix("  " + text), "\(line)")
    }

    @Test func jumpsShowBothTargetsOrTheTakenOne() throws {
        let program = try Assembler.assemble([
            .jumpIf(.equal, .x, ifTrue: "a", ifFalse: "b"),      // both targets
            .jumpIf(.greater, .constant(5), ifTrue: nil, ifFalse: "b"),  // only the false one
            .jumpIf(.bitsSet, .constant(0x10), ifTrue: "a", ifFalse: nil),
            .jumpIf(.greaterOrEqual, .constant(9), ifTrue: nil, ifFalse: "a"),
            .jump(to: "b"),
            .label("a"), .returnA,
            .label("b"), .returnA,
        ])
        let lines = Disassembler.disassemble(program).split(separator: "\n").dropFirst(2).map(String.init)
        #expect(lines[0].hasSuffix("if (A == X) goto 0005 else goto 0006"))
        #expect(lines[1].hasSuffix("if (A <= 0x5) goto 0006"))
        #expect(lines[2].hasSuffix("if (A & 0x10) goto 0005"))
        #expect(lines[3].hasSuffix("if (A < 0x9) goto 0005"))
        #expect(lines[4].hasSuffix("goto 0006"))
        #expect(lines[0].hasPrefix(" 0000: 0x1d 0x04 0x05 0x00000000"))
    }

    /// Names come from the architecture the arch check established, and bitmap masks list their syscalls.
    @Test func namesSyscallsOfTheCheckedArchitecture() throws {
        let getppid64 = try #require(SyscallTable.x86_64.entry(named: "getppid")).number
        let getppid32 = try #require(SyscallTable.i386.entry(named: "getppid")).number
        let program = try FilterCompiler.compile(FilterSpecification(
            defaultAction: .allow, actions: [.x86_64: [getppid64: .errno(1)], .i386: [getppid32: .errno(1)]],
            unknownArchitectureAction: .killProcess), strategy: .only(.linear))
        let text = program.disassembly
        #expect(text.contains("if (A != ARCH_I386) goto"))
        #expect(text.split(separator: "\n").filter { $0.contains("if (A == getppid) goto") }.count == 2)  // per arch
        let bitmap = try FilterCompiler.compile(FilterSpecification(
            defaultAction: .allow, actions: [.x86_64: [getppid64: .errno(1)]], unknownArchitectureAction: .killProcess),
            strategy: .only(.bitmap))
        #expect(bitmap.disassembly.contains("/* nr \(getppid64 / 32 * 32)...\(getppid64 / 32 * 32 + 31) */"))
        #expect(bitmap.disassembly.contains("  # getppid\n"))
    }
}
