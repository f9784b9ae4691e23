import ArgumentParser
import LinuxSystem
import Seccomp
import Synchronization
import SystemPackage
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension SysHookCommand {
    /// `syshook supervise`: a seccomp filter plus a supervisor in this process that answers the syscalls the
    /// filter hands it (SECCOMP_RET_USER_NOTIF), following a policy file.
    struct Supervise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a command under a seccomp user-notification supervisor that follows a policy file.",
            discussion: """
                Example:
                  syshook supervise --policy sandbox.policy -- cat /etc/hosts

                with sandbox.policy:
                  default allow
                  deny mkdir,mkdirat EACCES      # the kernel answers: mkdir fails with EACCES
                  return getuid,geteuid 0        # the supervisor answers: the program sees uid 0
                  notify-log @exec               # the supervisor prints each call, then lets it run
                  delay connect 500              # the supervisor waits 500 ms, then lets it run
                  redirect-open /etc/hosts /tmp/other-hosts

                The format is described in docs/policy-format.md. A mistake in the file is reported as FILE:LINE and the token, and nothing is started. The command's exit status becomes syshook's (128 + N when killed by signal N, 127 when it could not start). If syshook dies, the command's pending and later supervised calls fail with ENOSYS instead of hanging. Letting a call run after looking at its arguments is not a security boundary: another thread can change them in between.
                """)

        @Option(name: .customLong("policy"), help: ArgumentHelp("The policy file.", valueName: "FILE"))
        var policyFile: String

        @Flag(name: .customLong("pin"), help: ArgumentHelp(
            "Keep syshook and the command on the current CPU.",
            discussion: "A decision then costs ~8 µs instead of ~48 µs on a VM whose idle vCPUs must be woken "
                + "(Benchmarks/README.md); the command and its threads share that one CPU."))
        var pin = false

        @Flag(name: .customLong("dump-filter"), help: "Print the compiled filter, disassembled, and exit.")
        var dumpFilter = false

        @Argument(parsing: .captureForPassthrough, help: "The command to run and its arguments.")
        var command: [String] = []

        func validate() throws {
            // captureForPassthrough also captures a -h/--help written after the options (style.md, CLI notes).
            if let first = command.first, ["-h", "--help"].contains(first) { throw CleanExit.helpRequest(self) }
        }

        func run() async throws {
            throw ExitCode(await SuperviseCommand(options: self).execute())
        }
    }
}

/// The work of `syshook supervise`, returning the exit code.
struct SuperviseCommand {
    let options: SysHookCommand.Supervise

    func execute() async -> Int32 {
        let text: String
        do {
            text = try readFile(options.policyFile)
        } catch {
            report("syshook supervise: cannot read \(options.policyFile): \(error)")
            return 2
        }
        let policy: SupervisionPolicy
        let program: SeccompProgram
        do {
            policy = try SupervisionPolicy(parsing: text, file: options.policyFile)
            let compiled = try NotifySupervisor.program(for: policy)
            program = compiled.program
            for warning in compiled.warnings { report("syshook supervise: warning: \(warning)") }
        } catch {
            report("syshook supervise: \(error)")
            return 2
        }
        if options.dumpFilter {
            print(program.disassembly, terminator: "")
            return 0
        }
        var arguments = options.command
        if arguments.first == "--" { arguments.removeFirst() }
        guard !arguments.isEmpty else {
            report("syshook supervise: give the command to run after the options, e.g. "
                + "syshook supervise --policy FILE -- ls")
            return 2
        }
        // Like system(3): the terminal's SIGINT/SIGQUIT reach the command directly; syshook keeps supervising
        // until the command is gone. SIGTERM and SIGHUP sent to syshook alone are passed on, as `syshook run`
        // does. The child resets all of these before exec (sh_spawn).
        signal(SIGINT, SIG_IGN)
        signal(SIGQUIT, SIG_IGN)
        ForwardedSignals.start()
        if options.pin {
            // Threads and children created from here on inherit the mask: the receiving thread and the command.
            Affinity.pin(ProcessID(0), to: Affinity.currentCPU)
        }
        let supervisor: NotifySupervisor
        do {
            supervisor = try NotifySupervisor.launch(
                arguments, filter: program.encoded, decideInline: policy.inlineDecider(report: { report($0) }))
        } catch {
            report("syshook supervise: \(error)")
            return error.underlying == .noSuchFileOrDirectory ? 127 : 126
        }
        ForwardedSignals.child.store(supervisor.process.rawValue, ordering: .sequentiallyConsistent)
        await supervisor.answerAll(with: policy.decider(report: { report($0) }))
        let outcome = await supervisor.outcome()
        if case .failedToStart(let failure) = outcome {
            report("syshook supervise: \(arguments[0]): \(failure)")
        }
        return outcome.shellStatus
    }

    private func readFile(_ path: String) throws -> String {
        let descriptor = try FileDescriptor.open(path, .readOnly, options: .closeOnExec)
        defer { try? descriptor.close() }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try descriptor.read(into: $0) }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Writes one line to standard error with a single write(2), so lines from concurrent decisions never mix.
private func report(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
