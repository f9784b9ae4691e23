import Foundation
import Testing
import TestSupport

/// Whole traces of programs nobody here wrote, printed by syshook and by strace, line for line.
@Suite(.enabled(if: ptraceUnavailableReason() == nil && Executables.which("strace") != nil,
                "needs ptrace and strace (.ci/run installs strace)"))
struct TraceRealProgramTests {
    /// Addresses, pids and getrandom's bytes differ between any two runs, of strace too.
    func normalized(_ text: String) -> [String] {
        text.split(separator: "\n").map { line in
            var line = String(line)
            line.replace(#/0x[0-9a-f]+/#, with: "0xADDR")
            line.replace(#/\d{4,}/#, with: "N")
            line.replace(#/getrandom\(".*?", /#, with: "getrandom(BYTES, ")
            return line
        }.filter { !$0.hasPrefix("--- SIGCONT ") }  // strace 6.1 sometimes shows the SIGCONT of its own start-up
    }

    @Test(arguments: [
        ["ls", "-la", "/etc/hostname"], ["cat", "/etc/hostname"], ["sh", "-c", "echo hi; true"], ["date", "-u"],
    ])
    func sameTraceAsStrace(command: [String]) throws {
        let strace = try #require(Executables.which("strace"))
        let program = try #require(Executables.which(command[0]))
        let arguments = ["-f", program] + command.dropFirst()
        let ours = try runProgram(Executables.syshook, ["trace"] + arguments)
        let theirs = try runProgram(strace, arguments)
        #expect(ours.status == theirs.status)
        let (a, b) = (normalized(ours.stderr), normalized(theirs.stderr))
        #expect(a.count == b.count)
        for (mine, reference) in zip(a, b) where mine != reference {
            Issue.record("syshook: \(mine)\nstrace:  \(reference)")
        }
    }

    @Test func readmeCommandMatchesStrace() throws {
        let strace = try #require(Executables.which("strace"))
        let ls = try #require(Executables.which("ls"))
        let ours = try runProgram(Executables.syshook, ["trace", "-f", "-e", "trace=%file", "--", ls, "/"])
        let theirs = try runProgram(strace, ["-f", "-e", "trace=%file", "--", ls, "/"])
        #expect(normalized(ours.stderr) == normalized(theirs.stderr))
        #expect(ours.stdout == theirs.stdout)
    }
}
