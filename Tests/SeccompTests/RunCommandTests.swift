import Foundation
import SyscallTables
import SystemPackage
import Testing
import TestSupport
@testable import Seccomp

/// `syshook run` on real processes: the kernel must do what the interpreter says the filter does.
@Suite struct RunCommandTests {
    let syshook = Executables.syshook
    let fixture = Executables.fixture

    func number(_ name: String) throws -> Int {
        try #require(SyscallTable.native.entry(named: name)).number
    }

    /// The interpreter's answer for a native syscall under `policy`.
    func interpreted(_ policy: SeccompPolicy, _ number: Int) throws -> SeccompAction {
        try policy.compile().action(for: SeccompData(number: Int32(number), architecture: Architecture.native.auditArch))
    }

    @Test func kernelAgreesWithTheInterpreter() throws {
        let names = ["getppid", "getuid", "gettid", "getpid", "getgid", "geteuid"]
        let policy = SeccompPolicy {
            Rule.deny("getppid", errno: .notPermitted)
            Rule.deny("getuid,getgid", errno: .permissionDenied)
            Rule.log("gettid")
        }
        let run = try runProgram(syshook, ["run", "--deny", "getppid", "--deny", "getuid,getgid=EACCES", "--log", "gettid",
                                           "--", fixture, "seccomp-syscalls"] + names.map { String(try number($0)) })
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == names.count)
        for (name, line) in zip(names, lines) {
            let action = try interpreted(policy, try number(name))
            switch action {
            case .errno(let code): #expect(line.hasSuffix("result=-1 errno=\(code)"), "\(name): \(line)")
            case .allow, .log: #expect(!line.contains("result=-1"), "\(name): \(line)")
            default: Issue.record("unexpected action \(action) for \(name)")
            }
        }
        // The two lines the policy denies really were denied, with different errnos.
        #expect(lines[0].hasSuffix("errno=1") && lines[1].hasSuffix("errno=13"))
    }

    @Test func denyOpenatMakesCatFailWithEACCES() throws {
        let run = try runProgram(syshook, ["run", "--deny", "openat=EACCES", "--", "/bin/cat", "/etc/hostname"])
        // The dynamic loader already needs openat for libc.so.6, so cat fails there (ld.so exits 127).
        #expect(run.status != 0 && !run.killedBySignal)
        #expect(run.stderr.contains("Permission denied"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let free = try runProgram(syshook, ["run", "--deny", "mkdir", "--", "/bin/cat", "/etc/hostname"])
        #expect(free.status == 0)
        #expect(free.stdout == (try String(contentsOfFile: "/etc/hostname", encoding: .utf8)))
    }

    @Test func killEndsTheCommandWithSIGSYS() throws {
        let run = try runProgram(syshook, ["run", "--kill", "getppid", "--", fixture, "seccomp-syscalls",
                                           String(try number("getpid")), String(try number("getppid"))])
        #expect(run.killedBySignal && run.status == SIGSYS, "status \(run.status): \(run.stderr)")
        #expect(run.stdout.isEmpty)  // the fixture prints only after every call returned
    }

    @Test func x32CallsAreKilledFailSafe() throws {
        guard Architecture.native == .x86_64 else { return }
        let x32 = "0x" + String(0x4000_0000 | (try number("getppid")), radix: 16)
        let run = try runProgram(syshook, ["run", "--deny", "mkdir", "--", fixture, "seccomp-syscalls", x32])
        #expect(run.killedBySignal && run.status == SIGSYS, "status \(run.status): \(run.stdout) \(run.stderr)")
        // -1 is not an x32 call: the kernel answers ENOSYS.
        let minusOne = try runProgram(syshook, ["run", "--deny", "mkdir", "--", fixture, "seccomp-syscalls", "-1"])
        #expect(minusOne.stdout == "-1 result=-1 errno=38\n", "\(minusOne.stderr)")
    }

    @Test func allowOnlyKillsOrFailsEverythingElse() throws {
        let getppid = String(try number("getppid")), getpid = String(try number("getpid"))
        let allowed = try runProgram(syshook, ["run", "--allow-only", "!getppid", "--", fixture, "seccomp-syscalls", getpid])
        #expect(allowed.status == 0 && allowed.stdout.hasPrefix("\(getpid) result="), "\(allowed.stderr)")
        let killed = try runProgram(syshook, ["run", "--allow-only", "!getppid", "--", fixture, "seccomp-syscalls", getppid])
        #expect(killed.killedBySignal && killed.status == SIGSYS)
        let failed = try runProgram(syshook, ["run", "--allow-only", "!getppid=ENOSYS", "--", fixture, "seccomp-syscalls",
                                              getppid])
        #expect(failed.stdout == "\(getppid) result=-1 errno=38\n", "\(failed.stderr)")
    }

    @Test func keepsTheExitStatus() throws {
        let run = try runProgram(syshook, ["run", "--deny", "mkdir", "--", "/bin/sh", "-c", "exit 7"])
        #expect(run.status == 7 && !run.killedBySignal)
        let missing = try runProgram(syshook, ["run", "--deny", "mkdir", "--", "no-such-command-here"])
        #expect(missing.status == 127)
        #expect(missing.stderr.split(separator: "\n").count == 1)
    }

    @Test func badNamesAndErrnosFailInOneLineAndStartNothing() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("syshook-run-\(getpid())").path
        for (options, token, suggestion) in [(["--deny", "opne"], "opne", "open"),
                                             (["--deny", "openat=EPRM"], "EPRM", "EPERM"),
                                             (["--kill", "%fiel"], "%fiel", "%file")] {
            let run = try runProgram(syshook, ["run"] + options + ["--", "/usr/bin/touch", marker])
            #expect(run.status == 1)
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(run.stderr)")
            #expect(run.stderr.contains("'\(token)'") && run.stderr.contains(suggestion), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: marker))
        }
    }

    @Test func dumpFilterPrintsTheCompiledProgramAndRunsNothing() throws {
        let run = try runProgram(syshook, ["run", "--deny", "@open=EACCES", "--kill", "ptrace", "--dump-filter",
                                           "--", "/bin/false"])
        #expect(run.status == 0)
        let policy = SeccompPolicy {
            Rule.deny(.family("open"), errno: .permissionDenied)
            Rule.kill("ptrace")
        }
        #expect(run.stdout == (try policy.compile().disassembly))
        #expect(run.stdout.contains("if (A == openat)"))
        #expect(run.stdout.contains("return ERRNO(EACCES)"))
    }

    @Test func warnsAboutNamesGlibcDoesNotUse() throws {
        guard Architecture.native == .x86_64 else { return }
        let run = try runProgram(syshook, ["run", "--deny", "open", "--dump-filter"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("open: glibc on x86_64 issues openat instead; use @open"), "\(run.stderr)")
    }
}
