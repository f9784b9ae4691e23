import ArgumentParser
import SysHook
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension SysHookCommand {
    /// `syshook trace`: strace's command line, parsed by `StraceArguments`.
    struct Trace: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Trace the system calls of a command or a running process, as strace does.",
            discussion: TraceHelp.text,
            helpNames: [])

        @Argument(parsing: .captureForPassthrough, help: "strace options, then the command to run and its arguments.")
        var arguments: [String] = []

        func run() throws {
            let code = TraceCommand.run(arguments: arguments, programName: "syshook")
            throw ExitCode(code)
        }
    }
}

/// Runs a trace command line and returns the exit code (or re-raises the tracee's killing signal).
enum TraceCommand {
    static func run(arguments: [String], programName: String) -> Int32 {
        let errors = OutputSink(fd: 2)
        func fail(_ message: String, code: Int32 = 1) -> Int32 {
            errors.write(programName + ": " + message + "\n")
            errors.flush()
            return code
        }
        let parsed: StraceArguments
        do {
            parsed = try StraceArguments.parse(arguments)
        } catch {
            return fail(error.description + " (see '\(programName) -h')")
        }
        if parsed.help {
            errors.flush()
            let out = OutputSink(fd: 1)
            out.write(TraceHelp.usage(programName == "syshook" ? "syshook trace" : programName) + "\n" + TraceHelp.text + "\n")
            return 0
        }
        if parsed.version {
            OutputSink(fd: 1).write("\(programName) -- syshook version \(SysHookVersion.current)\n")
            return 0
        }
        let expressions: TraceExpressions
        do {
            expressions = try TraceExpressions.resolve(parsed.expressions)
        } catch {
            return fail(error.description)
        }
        if parsed.command.isEmpty && parsed.attach.isEmpty {
            return fail("must have PROG [ARGS] or -p PID (see '\(programName) -h')")
        }
        if !parsed.command.isEmpty && !parsed.attach.isEmpty {
            return fail("-p and a command are mutually exclusive")
        }
        for warning in expressions.warnings { errors.write(programName + ": warning: " + warning + "\n") }
        errors.flush()

        var output = TraceOutputOptions()
        output.programName = programName
        if let limit = parsed.stringLimit { output.format.stringLimit = limit }
        if let column = parsed.alignmentColumn { output.format.alignmentColumn = column }
        output.format.verbose = parsed.verbose
        output.format.minimalDecoding = parsed.minimalDecoding
        output.format.hexStrings = parsed.hexStrings
        output.format.decodeDescriptors = parsed.decodeFds
        if let style = parsed.xlatStyle ?? expressions.style {
            guard let value = XlatStyle(rawValue: style) else { return fail("invalid -X argument: '\(style)'") }
            output.format.style = value
        }
        output.timestamps = TraceOutputOptions.Timestamps(rawValue: min(parsed.timestamps, 3)) ?? .none
        output.relativeTimestamps = parsed.relative
        output.syscallTimes = parsed.syscallTimes
        output.quiet = parsed.quiet
        output.statuses = expressions.statuses
        output.signals = expressions.signals
        output.following = parsed.followForks > 0
        output.alwaysShowPID = parsed.alwaysShowPID || (parsed.outputFile != nil && parsed.followForks == 1)

        let target: TracerConfiguration.Target
        if parsed.attach.isEmpty {
            let environment = TraceCommand.environment(applying: parsed.environment)
            let executable: String
            do {
                executable = try Spawner.resolve(parsed.command[0], path: getenv("PATH").map { String(cString: $0) })
            } catch {
                return fail("Can't stat '\(parsed.command[0])': \(error)")
            }
            target = .spawn(SpawnRequest(executable: executable, arguments: parsed.command, environment: environment))
        } else {
            for pid in parsed.attach where pid == getpid() {
                return fail("I'm sorry, I can't let you do that, Dave.")
            }
            target = .attach(parsed.attach.map { ProcessID($0) })
        }
        var configuration = TracerConfiguration(target: target)
        configuration.selection = expressions.selection
        configuration.injections = expressions.injections
        for text in parsed.killAfter {
            do {
                configuration.injections.append(
                    try InjectionExpression.killAfter(text, architectures: TraceExpressions.architectures))
            } catch {
                return fail(error.description)
            }
        }
        var redirects: [PathRedirect] = []
        for text in parsed.redirects {
            guard let redirect = PathRedirect(text) else {
                return fail("invalid --redirect '\(text)': expected OLD=NEW with two absolute or relative paths")
            }
            redirects.append(redirect)
        }
        if !redirects.isEmpty { configuration.stopSelection = PathRedirect.syscallsTakingPaths() }
        configuration.followForks = parsed.followForks > 0
        configuration.pinToOneCPU = parsed.pin
        configuration.allowSeccompFilter = parsed.seccompBPF
        configuration.attachAllThreads = parsed.followForks > 0
        configuration.killAttachedOnExit = parsed.killOnExit

        let sink: OutputSink
        let separate = parsed.followForks >= 2 ? parsed.outputFile : nil
        if separate != nil {
            sink = errors
        } else if let path = parsed.outputFile {
            guard let file = OutputSink(path: path, append: parsed.appendOutput) else {
                return fail("Can't fopen '\(path)': \(String(cString: strerror(errno)))")
            }
            sink = file
        } else {
            sink = errors
        }
        guard let format = TraceOutputOptions.Format(rawValue: parsed.format) else {
            return fail("invalid --format '\(parsed.format)' (expected text or json)")
        }
        output.outputFormat = format
        var sortKey = SyscallSummary.SortKey.time
        if let name = parsed.sortBy {
            guard let key = SyscallSummary.SortKey(straceName: name) else {
                return fail("invalid sortby: '\(name)'")
            }
            sortKey = key
        }
        var run = TraceRun(configuration: configuration, output: output, sink: sink, messages: errors,
                           separateFiles: separate, redirects: redirects)
        run.summary = parsed.summaryToo ? .also : parsed.summaryOnly ? .only : .none
        run.sortKey = sortKey
        run.syscallLimit = parsed.syscallLimit
        return run.run()
    }

    /// The tracer's environment with `-E VAR=VAL` set and `-E VAR` removed.
    static func environment(applying changes: [String]) -> [String] {
        var environment: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            environment.append(String(cString: entry))
            pointer += 1
        }
        for change in changes {
            let name = String(change.prefix { $0 != "=" })
            environment.removeAll { $0.hasPrefix(name + "=") }
            if change.contains("=") { environment.append(change) }
        }
        return environment
    }
}

enum SysHookVersion {
    static let current = "0.1.0"
}
