import CSysHook
public import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Installing classic-BPF seccomp filters on the calling process, and what the running kernel supports.
///
/// A filter cannot be removed and is inherited by every child and kept across execve; installing one in a
/// long-running process (a test runner, a server) changes it for good. To confine another program, start it
/// with `SpawnRequest.seccompFilter` instead, which installs the filter in the child just before execve.
public enum SeccompFilterInstaller {
    /// seccomp(2) flags for `install`.
    public struct Flags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// Install on every thread of the process at once (`SECCOMP_FILTER_FLAG_TSYNC`).
        public static let synchronizeThreads = Flags(rawValue: 1 << 0)
        /// Log every action except allow (`SECCOMP_FILTER_FLAG_LOG`).
        public static let log = Flags(rawValue: 1 << 1)
        /// Disable speculative store bypass mitigation (`SECCOMP_FILTER_FLAG_SPEC_ALLOW`).
        public static let allowSpeculation = Flags(rawValue: 1 << 2)
    }

    /// Installs `filter` (a `struct sock_filter` array as bytes) on the calling thread, or on all threads with
    /// `.synchronizeThreads`.
    ///
    /// The corresponding C call is `seccomp(SECCOMP_SET_MODE_FILTER, flags, &(struct sock_fprog){...})`.
    /// Without CAP_SYS_ADMIN the kernel demands no_new_privs first; with `setNoNewPrivilegesIfNeeded` this sets
    /// it only after an EACCES, so root keeps setuid semantics (strace does the same).
    /// - Throws: `Errno.invalidArgument` for a program the kernel's checker rejects; `Errno.permissionDenied`
    ///   when no_new_privs is needed but could not be set; `Errno.resourceBusy` when, with TSYNC, another thread
    ///   could not take the filter (the kernel returns that thread's id).
    public static func install(
        _ filter: [UInt8], flags: Flags = [], setNoNewPrivilegesIfNeeded: Bool = true
    ) throws(Errno) {
        precondition(filter.count % 8 == 0 && !filter.isEmpty, "a filter is a non-empty array of 8-byte sock_filter")
        var result = installOnce(filter, flags)
        if case .failure(.permissionDenied) = result, setNoNewPrivilegesIfNeeded {
            try setNoNewPrivileges()
            result = installOnce(filter, flags)
        }
        switch result {
        case .success(let value) where value > 0 && flags.contains(.synchronizeThreads):
            throw Errno.resourceBusy  // a thread could not be synchronized; `value` is its id
        case .success: return
        case .failure(let error): throw error
        }
    }

    private static func installOnce(_ filter: [UInt8], _ flags: Flags) -> Result<Int, Errno> {
        var bytes = filter
        return bytes.withUnsafeMutableBytes { buffer in
            var program = sock_fprog(
                len: UInt16(buffer.count / 8), filter: buffer.baseAddress!.assumingMemoryBound(to: sock_filter.self))
            return withUnsafeMutablePointer(to: &program) { pointer in
                valueOrErrno { system_seccomp(CUnsignedInt(SECCOMP_SET_MODE_FILTER), flags.rawValue, pointer) }
            }
        }
    }

    /// Sets no_new_privs on the calling thread: execve can no longer grant privileges (setuid bits, file
    /// capabilities). Irreversible and inherited. The corresponding C call is `prctl(PR_SET_NO_NEW_PRIVS, 1)`.
    public static func setNoNewPrivileges() throws(Errno) {
        try nothingOrErrno { system_seccompPrctl(PR_SET_NO_NEW_PRIVS, 1) }.get()
    }

    /// Whether the kernel knows the seccomp action with this return value (the action bits of
    /// `SECCOMP_RET_*`). The corresponding C call is `seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action)`.
    public static func isActionAvailable(_ actionValue: UInt32) -> Bool {
        var action = actionValue
        return withUnsafeMutablePointer(to: &action) { pointer in
            (try? valueOrErrno { system_seccomp(CUnsignedInt(SECCOMP_GET_ACTION_AVAIL), 0, pointer) }.get()) != nil
        }
    }

    /// The seccomp state of a process, from the `Seccomp:` and `Seccomp_filters:` lines of /proc/PID/status.
    public struct Status: Sendable, Hashable {
        /// 0 disabled, 1 strict, 2 filter.
        public let mode: Int
        /// How many filters are attached (Linux 5.9+; nil when the kernel does not report it).
        public let filterCount: Int?
    }

    /// Reads the seccomp state of `pid` (the calling process when nil).
    public static func status(of pid: ProcessID? = nil) -> Status? {
        let path = "/proc/\(pid.map { String($0.rawValue) } ?? "self")/status"
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var mode: Int? = nil
        var filters: Int? = nil
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let text = String(cString: line)
            let value = text.split(separator: ":").last.flatMap { Int($0.filter { !$0.isWhitespace }) }
            if text.hasPrefix("Seccomp:") { mode = value }
            if text.hasPrefix("Seccomp_filters:") { filters = value }
        }
        return mode.map { Status(mode: $0, filterCount: filters) }
    }
}
