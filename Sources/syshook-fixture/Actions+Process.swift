import CSysHook
#if canImport(Glibc)
import Glibc
#endif

extension FixtureAction {
    /// Process lifecycle actions: exit codes, fork/vfork/clone, threads, signals, exec.
    static let processActions: [String: FixtureActionBody] = [
        "exit": { args in Int32(args.first ?? "0") ?? 0 },
    ]
}
