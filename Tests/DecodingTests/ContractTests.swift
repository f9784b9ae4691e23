import SyscallTables
import Testing

@testable import Decoding

/// The tracer-facing contract: entry text, exit text, alignment, return values.
@Suite struct ContractTests {
    @Test func entryAndExitTextJoinIntoStraceLine() {
        #expect(
            straceLine("close", [3, 0, 0, 0, 0, 0], returning: .returned(0))
                == "close(3)                                = 0"
        )
    }

    @Test func errnoPrintsNameAndMessage() {
        #expect(
            straceLine("close", [99], returning: .returned(-2))
                == "close(99)                               = -1 ENOENT (No such file or directory)"
        )
    }

    @Test func restartErrnoPrintsQuestionMark() {
        #expect(
            straceLine("getpid", [], returning: .returned(-512), injected: true)
                == "getpid()                                = ? ERESTARTSYS (To be restarted if SA_RESTART is set) (INJECTED)"
        )
    }

    @Test func vanishedProcessPrintsQuestionMark() {
        #expect(straceLine("exit_group", [0], returning: .unknown) == "exit_group(0)                           = ?")
    }

    @Test func unknownNumberPrintsHexNameAndSixArguments() {
        let formatter = SyscallFormatter(options: StraceFormatOptions())
        let call = SyscallInvocation(pid: 1, architecture: .x86_64, number: 0x3e7, arguments: [1, 0, 0, 0, 0, 0xff])
        let pending = formatter.enter(call, memory: FakeMemory())
        #expect(formatter.entryText(pending) == "syscall_0x3e7(0x1, 0, 0, 0, 0, 0xff")
        #expect(formatter.name(of: call) == "syscall_0x3e7")
    }

    @Test func alignmentUsesGivenColumn() {
        let formatter = SyscallFormatter(options: StraceFormatOptions())
        let call = SyscallInvocation(pid: 1, architecture: .x86_64, number: 3, arguments: [3])
        let pending = formatter.enter(call, memory: FakeMemory())
        let resumed = "<... close resumed>"
        let text = formatter.exitText(
            pending,
            outcome: .returned(0),
            injected: false,
            memory: FakeMemory(),
            column: resumed.count
        )
        let line = resumed + text
        let column = line.prefix { $0 != "=" }.count
        #expect(column == 40)
        #expect(line.hasPrefix("<... close resumed>) ") && line.hasSuffix(" = 0"))
    }
}
