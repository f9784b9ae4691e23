import ArgumentParser

/// The root command: subcommands only. Called under the name `strace`, syshook behaves as `syshook trace`
/// (see `StraceEntryPoint`).

struct SysHookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "syshook",
        abstract: "Trace and hook Linux system calls.",
        discussion: """
            Examples:
              syshook trace -f -e trace=%file -- ls /
              syshook syscalls @open
            """,
        // Each subcommand lives in Commands/<Name>.swift. Add new ones to this list.
        subcommands: SysHookCommand.allSubcommands
    )
}
