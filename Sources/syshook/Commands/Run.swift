import ArgumentParser
import LinuxSystem
import Seccomp
import Synchronization
import SyscallTables
import SystemPackage
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension SysHookCommand {
    /// `syshook run`: a seccomp filter alone, no tracer. The command runs at native speed; syshook only compiles
    /// the filter, starts the command with it installed, waits, and exits as the command did.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a command under a seccomp filter alone, with no tracer and at native speed.",
            discussion: """
                Examples:
                  syshook run --deny openat=EACCES -- cat /etc/hostname
                  syshook run --deny @open,%network=EPERM --kill ptrace -- make
                  syshook run --deny mkdir --dump-filter

                SET is written as for `syshook trace -e trace=`: names (openat), numbers, classes (%file, %network, %%stat), families (@open, @fork), regular expressions (/^sched_), `all`, `none`, `?name` for a name that may not exist, and a leading `!` for the complement. Names are resolved for the native architecture and, on x86-64, for i386 programs too.

                When several options name the same syscall, the most restrictive action wins (kill, then deny, then log). With --allow-only, every other syscall kills the command (or fails with ERRNO when given); execve is always allowed so the command can start. A syscall from an architecture the filter does not know (an x32 call on x86-64) kills the command, unless the filter only logs. The filter stays installed for the command and all its children; syshook exits with the command's status.
                """)

        @Option(name: .customLong("deny"), help: ArgumentHelp(
            "Make these syscalls fail with ERRNO (a name or number, default EPERM) without running.",
            valueName: "SET[=ERRNO]"))
        var deny: [String] = []

        @Option(name: .customLong("kill"), help: ArgumentHelp(
            "Kill the command with SIGSYS when it makes one of these syscalls.", valueName: "SET"))
        var kill: [String] = []

        @Option(name: .customLong("log"), help: ArgumentHelp(
            "Let these syscalls run and record them in the kernel audit log.", valueName: "SET"))
        var log: [String] = []

        @Option(name: .customLong("allow-only"), help: ArgumentHelp(
            "Allow only these syscalls (and execve); others kill the command, or fail with ERRNO if given.",
            valueName: "SET[=ERRNO]"))
        var allowOnly: [String] = []

        @Flag(name: .customLong("dump-filter"), help: "Print the compiled filter, disassembled, and exit.")
        var dumpFilter = false

        @Argument(parsing: .captureForPassthrough, help: "The command to run and its arguments.")
        var command: [String] = []

        func validate() throws {
            // captureForPassthrough also captures a -h/--help written after the options (style.md, CLI notes).
            if let first = command.first, ["-h", "--help"].contains(first) { throw CleanExit.helpRequest(self) }
        }

        func run() throws {
            throw ExitCode(RunCommand(options: self).execute())
        }
    }
}

/// The work of `syshook run`, returning the exit code.
struct RunCommand {
    let options: SysHookCommand.Run

    func execute() -> Int32 {
        let policy: SeccompPolicy
        let program: SeccompProgram
        do {
            policy = try makePolicy()
            let (specification, warnings) = try policy.specification()
            for warning in warnings { say(2, "syshook run: warning: \(warning)\n") }
            program = try FilterCompiler.compile(specification)
        } catch {
            say(2, "syshook run: \(error)\n")
            return 1
        }
        if options.dumpFilter {
            say(1, program.disassembly)
            return 0
        }
        var arguments = options.command
        if arguments.first == "--" { arguments.removeFirst() }
        guard let name = arguments.first else {
            say(2, "syshook run: give the command to run after the options, e.g. syshook run --deny mkdir -- sh\n")
            return 1
        }
        let executable: String
        do {
            executable = try Spawner.resolve(name, path: getenv("PATH").map { String(cString: $0) })
        } catch {
            say(2, "syshook run: cannot run '\(name)': \(error)\n")
            return error == .noSuchFileOrDirectory ? 127 : 126
        }
        return spawnAndWait(executable: executable, arguments: arguments, program: program)
    }

    /// Turns the options into a policy. `--allow-only`'s own errno (if any) becomes the default action.
    func makePolicy() throws -> SeccompPolicy {
        var rules: [Rule] = []
        for item in options.deny {
            let (set, errno) = try Self.split(item)
            rules.append(Rule(.errno(errno ?? UInt16(EPERM)), [SyscallSelector(set)]))
        }
        for set in options.kill { rules.append(Rule(.killProcess, [SyscallSelector(set)])) }
        for set in options.log { rules.append(Rule(.log, [SyscallSelector(set)])) }
        var defaultAction = SeccompAction.allow
        if !options.allowOnly.isEmpty {
            var otherwise: UInt16? = nil
            for item in options.allowOnly {
                let (set, errno) = try Self.split(item)
                rules.append(Rule(.allow, [SyscallSelector(set)]))
                otherwise = errno ?? otherwise
            }
            defaultAction = otherwise.map { .errno($0) } ?? .killProcess
            // The filter is installed before execve: without it the command could not start.
            rules.append(Rule(.allow, ["execve"]))
        }
        return SeccompPolicy(default: defaultAction, rules: rules)
    }

    /// `SET=ERRNO` into its parts, split at the last `=`. A regular expression may itself contain `=`: when the
    /// text after it is no errno and the set has a `/regex`, the whole item is the set.
    static func split(_ item: String) throws -> (set: String, errno: UInt16?) {
        guard let equals = item.lastIndex(of: "=") else { return (item, nil) }
        let set = String(item[..<equals])
        do {
            return (set, try ErrnoValue.parse(String(item[item.index(after: equals)...])))
        } catch {
            if set.contains("/") { return (item, nil) }
            throw error
        }
    }

    /// Forks, installs the filter in the child just before execve, waits and mirrors the child's end.
    func spawnAndWait(executable: String, arguments: [String], program: SeccompProgram) -> Int32 {
        // Like system(3): the terminal's SIGINT/SIGQUIT reach the command directly; syshook outlives them to
        // report the status. SIGTERM and SIGHUP sent to syshook alone are passed on. The child resets all of
        // these before exec (sh_spawn).
        signal(SIGINT, SIG_IGN)
        signal(SIGQUIT, SIG_IGN)
        ForwardedSignals.start()
        var request = SpawnRequest(executable: executable, arguments: arguments, environment: Self.environment())
        request.seccompFilter = program.encoded
        let pid: ProcessID
        do {
            let child = try Spawner.spawn(request)
            pid = child.pid
            ForwardedSignals.child.store(pid.rawValue, ordering: .sequentiallyConsistent)
            if let failure = child.failure() {
                _ = try? Wait.wait(pid, options: [])
                say(2, "syshook run: \(arguments[0]): \(failure)\(Self.execveHint(failure, program))\n")
                return failure.stage == .exec ? (failure.error == .noSuchFileOrDirectory ? 127 : 126) : 1
            }
        } catch {
            say(2, "syshook run: cannot start \(arguments[0]): \(error)\n")
            return 1
        }
        while true {
            let status: WaitStatus
            do {
                guard let (_, waited) = try Wait.wait(pid, options: []) else { continue }
                status = waited
            } catch {
                say(2, "syshook run: waiting for \(pid): \(error)\n")
                return 1
            }
            switch status {
            case .exited(let code):
                return code
            case .killed(let signal, _):
                // Die of the same signal, as strace does, without a core file of our own.
                var limit = rlimit(rlim_cur: 0, rlim_max: 0)
                setrlimit(Int32(RLIMIT_CORE.rawValue), &limit)
                Glibc.signal(signal, SIG_DFL)
                var set = sigset_t()
                sigemptyset(&set)
                sigaddset(&set, signal)
                pthread_sigmask(SIG_UNBLOCK, &set, nil)
                // Thread-directed, to this thread that just unblocked it: other threads may block the signal.
                raise(signal)
                return 128 + signal
            case .stopped, .continued:
                continue
            }
        }
    }

    /// Explains an exec failure that the filter itself caused (execve was in a denied set).
    static func execveHint(_ failure: SpawnFailure, _ program: SeccompProgram) -> String {
        guard failure.stage == .exec, let execve = SyscallTable.native.entry(named: "execve") else { return "" }
        let data = SeccompData(number: Int32(execve.number), architecture: Architecture.native.auditArch)
        guard let action = try? program.action(for: data), action != .allow, action != .log else { return "" }
        return " (the filter gives execve \(action), so the command cannot start)"
    }

    static func environment() -> [String] {
        var result: [String] = []
        var cursor = environ
        while let entry = cursor.pointee {
            result.append(String(cString: entry))
            cursor += 1
        }
        return result
    }
}

/// SIGTERM and SIGHUP sent to syshook go on to the command.
///
/// A handler, not a sigwait thread: `run()` may execute on any thread of the concurrency pool, and blocking the
/// signals there would leave the main thread to die of them. The handler only loads an atomic and calls kill(2)
/// or _exit(2), both async-signal-safe.
enum ForwardedSignals {
    static let child = Atomic<Int32>(0)

    static func start() {
        child.store(0, ordering: .sequentiallyConsistent)  // initialized here, never first in the handler
        let forward: @convention(c) (Int32) -> Void = { signal in
            let pid = ForwardedSignals.child.load(ordering: .sequentiallyConsistent)
            if pid > 0 {
                _ = Glibc.kill(pid, signal)
            } else {
                _exit(128 + signal)  // nothing started yet
            }
        }
        Glibc.signal(SIGTERM, forward)
        Glibc.signal(SIGHUP, forward)
        // A mask inherited blocked (test runners, some supervisors) would leave the signals pending forever; this
        // thread, which waits for the command, takes them.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGHUP)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}

/// Writes `text` to a descriptor with plain write(2) calls.
private func say(_ fd: Int32, _ text: String) {
    var text = text
    text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}
