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

    /// Whether this machine runs i386 syscalls from a 64-bit process (x86-64 with ia32 emulation on).
    static let ia32Available: Bool = {
        guard Architecture.native == .x86_64 else { return false }
        let probe = try? runProgram(Executables.fixture, ["seccomp-ia32-syscalls", "20"])  // i386 getpid
        return probe?.status == 0 && probe?.killedBySignal == false
    }()

    /// i386 calls made with `int $0x80` from the 64-bit fixture: the kernel checks the filter's i386 part.
    @Test(.enabled(if: ia32Available, "needs x86-64 with ia32 emulation (int $0x80)"))
    func kernelAgreesWithTheInterpreterForI386Calls() throws {
        let i386 = SyscallTable.i386
        let names = ["getppid", "getuid", "getpid", "getgid32", "geteuid32"]
        let numbers = try names.map { try #require(i386.entry(named: $0)).number }
        let policy = SeccompPolicy {
            Rule.deny("getppid", errno: .notPermitted)
            Rule.deny("getuid,getgid32", errno: .permissionDenied)
        }
        let program = try policy.compile()
        let run = try runProgram(syshook, ["run", "--deny", "getppid", "--deny", "getuid,getgid32=EACCES", "--",
                                           fixture, "seccomp-ia32-syscalls"] + numbers.map(String.init))
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == names.count)
        for (index, line) in lines.enumerated() {
            let data = SeccompData(number: Int32(numbers[index]), architecture: Architecture.i386.auditArch)
            switch try program.action(for: data) {
            case .errno(let code): #expect(line.hasSuffix("result=-1 errno=\(code)"), "\(names[index]): \(line)")
            default: #expect(!line.contains("result=-1"), "\(names[index]): \(line)")
            }
        }
        #expect(lines.first?.hasSuffix("errno=1") == true)
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

    /// A command killed by a signal makes syshook die of the same signal; SIGTERM sent to syshook reaches it.
    @Test func signalsPassThrough() throws {
        let killed = try runProgram(syshook, ["run", "--deny", "mkdir", "--", "/bin/sh", "-c", "kill -TERM $$"])
        #expect(killed.killedBySignal && killed.status == SIGTERM)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: syshook)
        process.arguments = ["run", "--deny", "mkdir", "--", "/bin/sleep", "30"]
        try process.run()
        let started = Date()
        usleep(300_000)  // let it start the command
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM)
        #expect(Date().timeIntervalSince(started) < 20)  // sleep did not run its 30 seconds
    }

    @Test func commandLineShapes() throws {
        // Without `--`, the first non-option starts the command; later options belong to it.
        let plain = try runProgram(syshook, ["run", "--deny", "mkdir", "/bin/sh", "-c", "echo $0 --help", "x"])
        #expect(plain.status == 0 && plain.stdout == "x --help\n", "\(plain.stderr)")
        let missing = try runProgram(syshook, ["run", "--deny", "mkdir"])
        #expect(missing.status == 1 && missing.stderr.split(separator: "\n").count == 1)
        let help = try runProgram(syshook, ["run", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("syshook run --deny openat=EACCES -- cat /etc/hostname"))
        #expect(help.stdout.contains("--allow-only <SET[=ERRNO]>"))
        // A regex may contain '=': when what follows is no errno, the whole item is the set.
        let regex = try runProgram(syshook, ["run", "--deny", "/^getp=EACCES", "--dump-filter"])
        #expect(regex.status == 0 && regex.stdout.contains("return ERRNO(EACCES)"), "\(regex.stderr)")
        let equalsInRegex = try runProgram(syshook, ["run", "--deny", "/a=b", "--dump-filter"])
        #expect(equalsInRegex.status == 1 && equalsInRegex.stderr.contains("no syscall name matches '/a=b'"))
    }

    @Test func warnsAboutNamesGlibcDoesNotUse() throws {
        guard Architecture.native == .x86_64 else { return }
        let run = try runProgram(syshook, ["run", "--deny", "open", "--dump-filter"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("open: glibc on x86_64 issues openat instead; use @open"), "\(run.stderr)")
    }
}
