import ArgumentParser

extension SysHookCommand {
    /// Every subcommand, in the order `--help` lists them. One line per command; keep it sorted by importance.
    static let allSubcommands: [any ParsableCommand.Type] = [
        Trace.self,
        Run.self,
        Supervise.self,
        Syscalls.self,
        Watch.self,
    ]
}
