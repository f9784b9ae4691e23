import Foundation
import SyscallTables
import SystemPackage
import TestSupport
import Testing

/// `syshook supervise` end to end: the CLI, a policy file and the fixture as the supervised program.
@Suite(
    .enabled(
        if: NotifyFixture.fixtureIsBuilt && NotifyFixture.syshookIsBuilt, "syshook or syshook-fixture is not built"),
    .enabled(if: NotifyFixture.kernelSupportsUserNotification, "the kernel has no seccomp user notification"),
    .timeLimit(.minutes(1)))
struct NotifyCommandTests {
    static let getppid = SyscallTable.native.entry(named: "getppid")!.number
    static let getuid = SyscallTable.native.entry(named: "getuid")!.number

    /// A scratch directory with a policy file in it.
    final class Scratch {
        let directory = NSTemporaryDirectory() + "syshook-supervise-\(UUID().uuidString)"
        init() throws { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: directory) }

        func write(_ name: String, _ text: String) throws -> String {
            let path = directory + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    private func supervise(_ policy: String, _ command: [String]) throws -> RunResult {
        try runProgram(NotifyFixture.syshook, ["supervise", "--policy", policy, "--"] + command)
    }

    @Test func helpDescribesThePolicyOption() throws {
        let help = try runProgram(NotifyFixture.syshook, ["supervise", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--policy <FILE>"))
        #expect(help.stdout.contains("docs/policy-format.md"))
        let missingCommand = try runProgram(NotifyFixture.syshook, ["supervise", "--policy", "/dev/null"])
        #expect(missingCommand.status == 2)
        #expect(missingCommand.stderr.contains("give the command to run"))
    }

    @Test func exitStatusIsTheCommands() throws {
        let scratch = try Scratch()
        let policy = try scratch.write("p", "default allow\n")
        #expect(try supervise(policy, [NotifyFixture.fixture, "exit", "7"]).status == 7)
    }

    @Test func kernelAndSupervisorAnswersReachTheProgram() throws {
        let scratch = try Scratch()
        let policy = try scratch.write("p", "deny getppid EACCES\nreturn getuid 4242\n")
        let denied = try supervise(policy, [NotifyFixture.fixture, "notify-call", String(Self.getppid)])
        #expect(denied.stdout.contains("result=-1 errno=\(Errno.permissionDenied.rawValue)\n"))
        let returned = try supervise(policy, [NotifyFixture.fixture, "notify-call", String(Self.getuid)])
        #expect(returned.stdout.contains("result=4242 errno=0\n"))
        #expect(returned.status == 0)
    }

    @Test func redirectOpenChangesWhatIsRead() throws {
        let scratch = try Scratch()
        let asked = try scratch.write("asked", "the named file")
        let other = try scratch.write("other", "the redirected file")
        // The program names the file relative to its working directory; the policy names it absolutely.
        let policy = try scratch.write("p", "redirect-open \(asked) \(other)\nnotify-log execve\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: NotifyFixture.syshook)
        process.arguments = ["supervise", "--policy", policy, "--", NotifyFixture.fixture, "notify-read-file", "asked"]
        process.currentDirectoryURL = URL(fileURLWithPath: scratch.directory)
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let log = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("content=the redirected file\n"))
        #expect(log.contains("execve(\"\(NotifyFixture.fixture)\""))
    }

    @Test func dumpFilterShowsTheNotifiedCalls() throws {
        let scratch = try Scratch()
        let policy = try scratch.write("p", "return getuid 0\ndeny mkdir EACCES\n")
        let run = try runProgram(NotifyFixture.syshook, ["supervise", "--policy", policy, "--dump-filter"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("USER_NOTIF"))
        #expect(run.stdout.contains("return ERRNO(EACCES)"))
    }

    @Test func mistakeInThePolicyStartsNothing() throws {
        let scratch = try Scratch()
        let marker = scratch.directory + "/started"
        let policy = try scratch.write("p", "default allow\ndeny mkdri EPERM\n")
        let run = try supervise(policy, ["/bin/sh", "-c", "echo yes > \(marker)"])
        #expect(run.status != 0)
        #expect(run.stderr == "syshook supervise: \(policy):2: unknown syscall 'mkdri' (did you mean mkdir?)\n")
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func killedSupervisorReleasesTheBlockedProgram() throws {
        // The supervisor holds getppid for ten minutes; killing it must fail the call with ENOSYS at once.
        let scratch = try Scratch()
        let policy = try scratch.write("p", "delay getppid 600000\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: NotifyFixture.syshook)
        process.arguments = [
            "supervise", "--policy", policy, "--", NotifyFixture.fixture, "notify-call", String(Self.getppid),
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let reader = output.fileHandleForReading
        var text = ""
        while !text.contains("calling") {
            let data = reader.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        #expect(text.contains("calling \(Self.getppid)"))
        usleep(200_000)  // let the call reach the supervisor; if it has not yet, it fails with ENOSYS all the same
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        // The orphaned program finishes on its own and closes the pipe.
        text += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("result=-1 errno=\(Errno.noFunction.rawValue)\n"))
    }
}
