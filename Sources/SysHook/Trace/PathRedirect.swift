import LinuxSystem
public import SyscallTables
public import Tracer

/// `--redirect OLD=NEW`: every path argument equal to OLD is replaced with NEW at syscall entry, so the program
/// opens, stats or execs NEW while believing it used OLD. Built on `TraceEngine.EntryHook` and `SyscallEdit`.
///
/// Matching is on the string the program passed, not on the resolved file: `./hosts` does not match
/// `/etc/hosts`. The new string is written below the thread's stack pointer for the duration of the call.
public struct PathRedirect: Sendable, Equatable {
    public let old: [UInt8]
    public let new: [UInt8]

    public init?(_ text: String) {
        let parts = text.split(separator: "=", maxSplits: 1).map { Array($0.utf8) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[1].count < 4096 else { return nil }
        old = parts[0]
        new = parts[1]
    }

    /// Every syscall with a string argument, on each architecture the tracer meets.
    public static func syscallsTakingPaths() -> [Architecture: Set<Int>] {
        var result: [Architecture: Set<Int>] = [:]
        for architecture in Architecture.allCases {
            result[architecture] = Set(SyscallTable.forArchitecture(architecture).entries
                .filter { $0.arguments.contains(.string) }.map(\.number))
        }
        return result
    }

    /// An entry hook applying `redirects`.
    public static func hook(_ redirects: [PathRedirect]) -> TraceEngine.EntryHook {
        let longest = redirects.map(\.old.count).max() ?? 0
        return { call, memory in
            guard let entry = SyscallTable.forArchitecture(call.architecture).entry(number: call.number) else {
                return nil
            }
            for (index, kind) in entry.arguments.enumerated() where kind == .string {
                let address = call.arguments[index]
                guard address != 0, let (bytes, truncated) = memory.readCString(address, limit: longest + 1),
                      !truncated, let match = redirects.first(where: { $0.old == bytes }) else { continue }
                var edit = SyscallEdit()
                edit.string = (index, match.new)
                return edit
            }
            return nil
        }
    }
}
