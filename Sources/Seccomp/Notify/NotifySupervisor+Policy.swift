import LinuxSystem
import SyscallTables

extension NotifySupervisor {
    /// Compiles `policy`'s filter for the architectures this machine runs.
    /// - Returns: the program (`encoded` is what `launch` takes) and the warnings about names glibc never issues
    ///   (see `SyscallSetExpression`).
    public static func program(
        for policy: SupervisionPolicy
    ) throws(NotifyError) -> (program: SeccompProgram, warnings: [String]) {
        let specification: FilterSpecification
        let warnings: [String]
        do throws(SeccompPolicyError) {
            (specification, warnings) = try policy.filter.specification(for: SupervisionPolicy.architectures)
        } catch {
            throw NotifyError(.spawn, message: "bad policy: \(error)")
        }
        do throws(FilterCompilerError) {
            return (try FilterCompiler.compile(specification), warnings)
        } catch {
            throw NotifyError(.spawn, message: "cannot compile the filter: \(error)")
        }
    }

    /// Runs `command` under `policy` to its end: the kernel applies the filter rules, this process answers the
    /// notified calls with the policy's supervisor rules. `report` receives one line per `notify-log` call.
    public static func run(
        _ command: [String], policy: SupervisionPolicy, environment: [String]? = nil,
        report: @escaping @Sendable (String) -> Void
    ) async throws(NotifyError) -> Outcome {
        let supervisor = try launch(
            command, filter: program(for: policy).program.encoded, environment: environment,
            decideInline: policy.inlineDecider(report: report))
        await supervisor.answerAll(with: policy.decider(report: report))
        return await supervisor.outcome()
    }
}
