import Testing
import TestSupport

/// `syshook syscalls` and the help screens.
struct SyscallsCommandTests {
    let syshook = Executables.syshook

    @Test func openNamesTheSyscallGlibcIssuesInstead() throws {
        let run = try runProgram(syshook, ["syscalls", "open"])
        #expect(run.status == 0)
        #expect(run.stdout == """
            open: number 2 on x86_64, 3 arguments (string, flags, flags)
            classes: %desc %file
            families: @open
            glibc on x86_64 never issues open: open() calls openat; trace @open for all of them

            """)
    }

    @Test func familiesClassesAndNumbers() throws {
        let fork = try runProgram(syshook, ["syscalls", "@fork"])
        #expect(fork.stdout.split(separator: "\n").map { $0.split(separator: " ").last.map(String.init) ?? "" }.count == 5)
        #expect(["clone(", "fork(", "vfork(", "clone3("].allSatisfy { fork.stdout.contains($0) })
        let byNumber = try runProgram(syshook, ["syscalls", "257"])
        #expect(byNumber.stdout.hasPrefix("openat: number 257 on x86_64, 4 arguments"))
        let generic = try runProgram(syshook, ["syscalls", "--arch", "aarch64", "open"])
        #expect(generic.stdout.contains("aarch64 has no open syscall"))
        let network = try runProgram(syshook, ["syscalls", "%network"])
        #expect(network.stdout.contains(" connect(") && !network.stdout.contains(" openat("))
    }

    @Test func unknownNameIsOneLineWithSuggestions() throws {
        let run = try runProgram(syshook, ["syscalls", "opne"])
        #expect(run.status == 1)
        #expect(run.stderrLines == ["Error: unknown syscall 'opne' (did you mean open?)"])
    }

    @Test func traceHelpShowsStraceUsage() throws {
        let run = try runProgram(syshook, ["trace", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("Usage: syshook trace [-ACdffhiqqrtttTvVwxxyyzZ]"))
        #expect(run.stdout.contains("syshook trace -f -e trace=%file -- ls /"))
        let root = try runProgram(syshook, ["--help"])
        #expect(["trace", "run", "supervise", "syscalls", "watch"].allSatisfy { root.stdout.contains("  \($0) ") })
    }
}
