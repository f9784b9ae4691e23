import LinuxSystem
import SyscallTables
import Testing
import TestSupport
@testable import Seccomp

@Suite struct InstallerTests {
    @Test func theKernelListsTheActionsItKnows() {
        for action: SeccompAction in [.allow, .errno(1), .trace(0), .trap(0), .killProcess, .killThread, .log,
                                      .userNotification] {
            #expect(SeccompFilterInstaller.isActionAvailable(action.rawValue & SeccompAction.actionMask), "\(action)")
        }
        #expect(!SeccompFilterInstaller.isActionAvailable(0x1234_0000))
        let program = SeccompPolicy { Rule.deny("mkdir"); Rule.log("getppid") }
        #expect((try? program.compile().kernelSupportsAllActions) == true)
    }

    /// The command started by `syshook run` carries exactly one filter (mode 2).
    @Test func runInstallsOneFilterInTheChildOnly() throws {
        let run = try runProgram(Executables.syshook, ["run", "--deny", "mkdir", "--", "/bin/grep", "^Seccomp",
                                                       "/proc/self/status"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Seccomp:\t2"))
        #expect(run.stdout.contains("Seccomp_filters:\t1"))
        // The same reader, in-process: the test runner's own /proc entry parses.
        #expect(SeccompFilterInstaller.status() != nil)
    }
}
