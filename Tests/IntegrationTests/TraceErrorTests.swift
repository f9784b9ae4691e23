import Foundation
import Testing
import TestSupport

/// Bad input: one line saying what and why, a non-zero exit, nothing left running.
struct TraceErrorTests {
    let syshook = Executables.syshook

    @Test func missingCommand() throws {
        let run = try runProgram(syshook, ["trace", "/no/such/dir/program"])
        #expect(run.status == 1)
        #expect(run.stderrLines == ["syshook: Can't stat '/no/such/dir/program': No such file or directory"])
    }

    @Test func missingProcess() throws {
        let run = try runProgram(syshook, ["trace", "-p", "999999"])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1)
        #expect(run.stderr.contains("999999"))
    }

    @Test func unknownSyscallSuggestsTheClosestNames() throws {
        let run = try runProgram(syshook, ["trace", "-e", "trace=opne", "/bin/true"])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1)
        #expect(run.stderr.contains("opne"))
        #expect(run.stderr.contains("open"))
    }

    @Test func badOption() throws {
        let run = try runProgram(syshook, ["trace", "-j", "/bin/true"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("invalid option -- 'j'"))
    }

    @Test func openWarnsThatGlibcUsesOpenat() throws {
        let run = try runProgram(syshook, ["trace", "-e", "trace=open", Executables.fixture, "open", "/etc/hostname"])
        #expect(run.status == 0)
        let warnings = run.stderrLines.filter { $0.contains("warning") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("openat") == true)
        #expect(warnings.first?.contains("@open") == true)
    }

    @Test func familyTracesWhatLibcIssues() throws {
        let run = try runProgram(syshook, ["trace", "-e", "trace=@open", Executables.fixture, "open", "/etc/hostname"])
        #expect(run.stderrLines.contains { $0.hasPrefix("openat(") && $0.contains("\"/etc/hostname\"") })
    }

    @Test func calledAsStraceBehavesAsTrace() throws {
        let link = FileManager.default.temporaryDirectory.appendingPathComponent("strace-link-\(getpid())/strace")
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: link.deletingLastPathComponent()) }
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: syshook)
        let run = try runProgram(link.path, ["-qq", "-e", "trace=exit_group", Executables.fixture, "exit", "4"])
        #expect(run.status == 4)
        #expect(run.stderrLines == ["exit_group(4)                           = ?"])
        let bad = try runProgram(link.path, ["/no/such/dir/program"])
        #expect(bad.stderr.hasPrefix("strace: "))
    }
}

/// Options strace has and syshook does not: refused in one line rather than ignored.
struct TraceUnsupportedOptionTests {
    @Test(arguments: ["-k", "-P", "-u", "-D", "-n", "-i"])
    func unsupportedOptionsAreRefused(option: String) throws {
        let arguments = ["-P", "-u"].contains(option) ? ["trace", option, "x", "/bin/true"] : ["trace", option, "/bin/true"]
        let run = try runProgram(Executables.syshook, arguments)
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1)
        #expect(run.stderr.contains("is not supported"))
    }

    @Test func appendModeKeepsWhatTheFileHad() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("syshook-A-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "first line\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try runProgram(Executables.syshook, ["trace", "-A", "-o", path, "-e", "trace=exit_group", "/bin/true"])
        #expect(run.status == 0)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("first line\nexit_group(0)"))
    }
}
