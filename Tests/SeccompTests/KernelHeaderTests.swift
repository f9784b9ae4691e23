import CSysHook
import SyscallTables
import Testing
@testable import Seccomp

/// The values Seccomp defines in Swift, checked against the installed kernel headers (<linux/seccomp.h>,
/// <linux/filter.h>, <linux/audit.h>) through the C shim.
@Suite struct KernelHeaderTests {
    @Test func actionValues() {
        #expect(SeccompAction.killProcess.rawValue == UInt32(SECCOMP_RET_KILL_PROCESS))
        #expect(SeccompAction.killThread.rawValue == UInt32(SECCOMP_RET_KILL_THREAD))
        #expect(SeccompAction.trap(0).rawValue == UInt32(SECCOMP_RET_TRAP))
        #expect(SeccompAction.errno(0).rawValue == UInt32(SECCOMP_RET_ERRNO))
        #expect(SeccompAction.userNotification.rawValue == UInt32(SECCOMP_RET_USER_NOTIF))
        #expect(SeccompAction.trace(0).rawValue == UInt32(SECCOMP_RET_TRACE))
        #expect(SeccompAction.log.rawValue == UInt32(SECCOMP_RET_LOG))
        #expect(SeccompAction.allow.rawValue == UInt32(SECCOMP_RET_ALLOW))
        #expect(SeccompAction.actionMask == UInt32(SECCOMP_RET_ACTION_FULL))
        #expect(SeccompAction.dataMask == UInt32(SECCOMP_RET_DATA))
    }

    @Test func seccompDataLayout() {
        #expect(MemoryLayout<seccomp_data>.size == SeccompData.byteCount)
        #expect(MemoryLayout<seccomp_data>.offset(of: \.nr) == Int(SeccompData.numberOffset))
        #expect(MemoryLayout<seccomp_data>.offset(of: \.arch) == Int(SeccompData.architectureOffset))
        #expect(MemoryLayout<seccomp_data>.offset(of: \.instruction_pointer) == Int(SeccompData.instructionPointerOffset))
        #expect(MemoryLayout<seccomp_data>.offset(of: \.args) == Int(SeccompData.argumentOffset(0)))
        #expect(MemoryLayout<sock_filter>.size == ClassicBPF.RawInstruction.byteCount)
        #expect(ClassicBPF.Assembler.maximumLength == Int(BPF_MAXINSNS))
    }

    @Test func opcodes() throws {
        func code(_ instruction: ClassicBPF.Instruction) throws -> UInt16 {
            try ClassicBPF.Assembler.assemble([instruction, .returnA])[0].code
        }
        #expect(try code(.loadAbsolute(offset: 0)) == UInt16(BPF_LD | BPF_W | BPF_ABS))
        #expect(try code(.loadIndirect(offset: 0)) == UInt16(BPF_LD | BPF_W | BPF_IND))
        #expect(try code(.loadLength) == UInt16(BPF_LD | BPF_W | BPF_LEN))
        #expect(try code(.loadImmediate(0)) == UInt16(BPF_LD | BPF_IMM))
        #expect(try code(.loadScratch(0)) == UInt16(BPF_LD | BPF_MEM))
        #expect(try code(.loadXImmediate(0)) == UInt16(BPF_LDX | BPF_IMM))
        #expect(try code(.loadXScratch(0)) == UInt16(BPF_LDX | BPF_MEM))
        #expect(try code(.loadXLength) == UInt16(BPF_LDX | BPF_W | BPF_LEN))
        #expect(try code(.store(0)) == UInt16(BPF_ST))
        #expect(try code(.storeX(0)) == UInt16(BPF_STX))
        #expect(try code(.negate) == UInt16(BPF_ALU | BPF_NEG))
        #expect(try code(.tax) == UInt16(BPF_MISC | BPF_TAX))
        #expect(try code(.txa) == UInt16(BPF_MISC | BPF_TXA))
        #expect(try code(.returnConstant(0)) == UInt16(BPF_RET | BPF_K))
        let alu: [(ClassicBPF.Instruction.ALUOperation, Int32)] = [
            (.add, BPF_ADD), (.subtract, BPF_SUB), (.multiply, BPF_MUL), (.divide, BPF_DIV), (.or, BPF_OR),
            (.and, BPF_AND), (.leftShift, BPF_LSH), (.rightShift, BPF_RSH), (.modulo, BPF_MOD), (.xor, BPF_XOR),
        ]
        for (operation, value) in alu {
            #expect(try code(.alu(operation, .constant(1))) == UInt16(BPF_ALU | value | BPF_K))
            #expect(try code(.alu(operation, .x)) == UInt16(BPF_ALU | value | BPF_X))
        }
        let jumps: [(ClassicBPF.Instruction.JumpCondition, Int32)] = [
            (.equal, BPF_JEQ), (.greater, BPF_JGT), (.greaterOrEqual, BPF_JGE), (.bitsSet, BPF_JSET),
        ]
        for (condition, value) in jumps {
            #expect(try code(.jumpIf(condition, .x, ifTrue: nil, ifFalse: nil)) == UInt16(BPF_JMP | value | BPF_X))
        }
    }

    @Test func auditArchitectures() {
        #expect(Architecture.x86_64.auditArch == sh_AUDIT_ARCH_X86_64)
        #expect(Architecture.i386.auditArch == sh_AUDIT_ARCH_I386)
        #expect(Architecture.aarch64.auditArch == sh_AUDIT_ARCH_AARCH64)
    }
}
