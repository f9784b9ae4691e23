// The program tests trace: `syshook-fixture ACTION [ARGS…]` performs exactly the syscalls an action names, so
// a test can compare what syshook and strace print for it. Actions are registered per area in Actions+<Area>.swift.
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Writes a message to standard error with one write(2), so traces show a single call.
func complain(_ message: String) {
    var text = message
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

// Tests start the fixture from threads that block most signals; the actions expect default signal behaviour.
var emptySignalSet = sigset_t()
sigemptyset(&emptySignalSet)
sigprocmask(SIG_SETMASK, &emptySignalSet, nil)

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first else {
    let names = FixtureAction.all.keys.sorted().joined(separator: " ")
    complain("usage: syshook-fixture ACTION [ARGS...]\nactions: \(names)\n")
    exit(2)
}
guard let action = FixtureAction.all[name] else {
    complain("syshook-fixture: unknown action '\(name)'\n")
    exit(2)
}
exit(action(Array(arguments.dropFirst())))
