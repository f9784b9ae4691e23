import Testing
import SyscallTables
#if canImport(Glibc)
import Glibc
#endif

@Suite struct ErrnoTableTests {
    @Test func namesAsStracePrintsThem() {
        #expect(ErrnoTable.name(1) == "EPERM")
        #expect(ErrnoTable.name(11) == "EAGAIN")
        #expect(ErrnoTable.name(35) == "EDEADLK")
        #expect(ErrnoTable.name(38) == "ENOSYS")
        #expect(ErrnoTable.name(133) == "EHWPOISON")
        #expect(ErrnoTable.name(512) == "ERESTARTSYS")
        #expect(ErrnoTable.name(516) == "ERESTART_RESTARTBLOCK")
        #expect(ErrnoTable.name(524) == "ENOTSUPP")
        #expect(ErrnoTable.name(0) == nil)
        #expect(ErrnoTable.name(520) == nil)
    }

    @Test func aliasesResolveToTheSameNumber() {
        #expect(ErrnoTable.number(named: "EWOULDBLOCK") == 11)
        #expect(ErrnoTable.number(named: "EAGAIN") == 11)
        #expect(ErrnoTable.number(named: "EDEADLOCK") == 35)
        #expect(ErrnoTable.number(named: "ENOENT") == 2)
        #expect(ErrnoTable.number(named: "ERESTARTNOINTR") == 513)
        #expect(ErrnoTable.number(named: "enoent") == nil)
    }

    @Test func everyNumberFrom1To133HasANameAndTheLibcMessage() {
        for number in Int32(1)...133 where number != 41 && number != 58 {  // 41 and 58 are unassigned on Linux
            #expect(ErrnoTable.name(number) != nil, "errno \(number)")
            #expect(ErrnoTable.message(number) == String(cString: strerror(number)), "errno \(number)")
        }
        #expect(ErrnoTable.name(41) == nil)
    }

    @Test func namesMatchLibcConstants() {
        #expect(ErrnoTable.number(named: "ENOENT") == ENOENT)
        #expect(ErrnoTable.number(named: "EINTR") == EINTR)
        #expect(ErrnoTable.number(named: "ENOTSUP") == nil)  // glibc's alias of EOPNOTSUPP; the kernel has no such name
        #expect(ErrnoTable.number(named: "EOPNOTSUPP") == EOPNOTSUPP)
        #expect(ErrnoTable.number(named: "ETIMEDOUT") == ETIMEDOUT)
    }

    @Test func restartValues() {
        #expect(ErrnoTable.message(512) == "To be restarted if SA_RESTART is set")
        #expect(ErrnoTable.message(513) == "To be restarted")
        #expect(ErrnoTable.message(514) == "To be restarted if no handler")
        #expect(ErrnoTable.message(516) == "Interrupted by signal")
        #expect(ErrnoTable.message(515) == "Unknown error 515")
        #expect([512, 513, 514, 516].allSatisfy(ErrnoTable.isRestart))
        #expect(!ErrnoTable.isRestart(4))
        #expect(!ErrnoTable.isRestart(515))
    }

    @Test func namesAreUnique() {
        let names = ErrnoTable.entries.map(\.name) + ErrnoTable.aliases.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(Set(ErrnoTable.entries.map(\.number)).count == ErrnoTable.entries.count)
    }
}

@Suite struct SignalTableTests {
    @Test(arguments: [(1, "SIGHUP"), (6, "SIGABRT"), (9, "SIGKILL"), (17, "SIGCHLD"), (19, "SIGSTOP"),
                      (29, "SIGIO"), (31, "SIGSYS"), (32, "SIGRTMIN"), (33, "SIGRT_1"), (38, "SIGRT_6"),
                      (64, "SIGRT_32")])
    func namesAsStracePrintsThem(number: Int32, name: String) {
        #expect(SignalTable.name(number) == name)
    }

    @Test func unnamedNumbers() {
        #expect(SignalTable.name(0) == nil)
        #expect(SignalTable.name(65) == nil)
    }

    @Test(arguments: ["SIGKILL", "KILL", "kill", "9", "sigkill"])
    func killSpellings(text: String) {
        #expect(SignalTable.number(named: text) == 9)
    }

    @Test func aliasesAndRealtimeSpellings() {
        #expect(SignalTable.number(named: "SIGIOT") == 6)
        #expect(SignalTable.number(named: "SIGPOLL") == 29)
        #expect(SignalTable.number(named: "SIGUNUSED") == 31)
        #expect(SignalTable.number(named: "SIGRTMIN") == 32)
        #expect(SignalTable.number(named: "SIGRT_6") == 38)
        #expect(SignalTable.number(named: "SIGRTMIN+6") == 38)
        #expect(SignalTable.number(named: "RTMAX") == 64)
        #expect(SignalTable.number(named: "SIGRTMAX-2") == 62)
        #expect(SignalTable.number(named: "SIGRTMIN+40") == nil)
        #expect(SignalTable.number(named: "SIGBOGUS") == nil)
        #expect(SignalTable.number(named: "0") == nil)
        #expect(SignalTable.number(named: "65") == nil)
    }

    @Test func numbersMatchLibcConstants() {
        #expect(SignalTable.number(named: "SIGTERM") == SIGTERM)
        #expect(SignalTable.number(named: "SIGCHLD") == SIGCHLD)
        #expect(SignalTable.number(named: "SIGSYS") == SIGSYS)
        #expect(SignalTable.number(named: "SIGSTKFLT") == SIGSTKFLT)
        #expect(SignalTable.entries.count == 64)
    }
}
