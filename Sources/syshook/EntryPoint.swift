import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// Chooses the command before swift-argument-parser sees the arguments: called as `strace` (a symlink),
/// syshook is `syshook trace`; `syshook trace …` itself is parsed by strace's own rules (`StraceArguments`).
@main
enum EntryPoint {
    static func main() async {
        // Start from an empty signal mask whatever the parent left blocked: the tracer is woken by a signal
        // (WakeSignal), and its children must not inherit blocked signals either.
        var empty = sigset_t()
        sigemptyset(&empty)
        sigprocmask(SIG_SETMASK, &empty, nil)
        let arguments = CommandLine.arguments
        let invokedAs = arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? "syshook"
        if invokedAs == "strace" {
            exit(TraceCommand.run(arguments: Array(arguments.dropFirst()), programName: "strace"))
        }
        if arguments.count > 1 && arguments[1] == "trace" {
            exit(TraceCommand.run(arguments: Array(arguments.dropFirst(2)), programName: "syshook"))
        }
        await SysHookCommand.main()
    }
}
