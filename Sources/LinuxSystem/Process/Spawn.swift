import CSysHook
public import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Starts a program the way a tracer or supervisor needs: optionally stopped before exec, with a seccomp filter
/// installed just before `execve`. The child side is C (`sh_spawn`), because between fork and exec only
/// async-signal-safe code may run.
public struct SpawnRequest: Sendable {
    /// The program to execute; use `Spawner.resolve` to search PATH first.
    public var executable: String
    /// argv, including argv[0].
    public var arguments: [String]
    /// The environment as `NAME=value` strings.
    public var environment: [String]
    /// The child stops itself with SIGSTOP before installing the filter, so a tracer can seize it.
    public var stopBeforeExec = false
    /// The encoded `struct sock_filter` array to install before exec, or nil.
    public var seccompFilter: [UInt8]? = nil
    /// seccomp(2) flags (e.g. `SECCOMP_FILTER_FLAG_NEW_LISTENER` = 8). 0 installs with prctl like strace.
    public var seccompFlags: UInt32 = 0
    /// With a listener flag: the socket the child sends the listener descriptor over.
    public var listenerSocket: CInt = -1
    /// Pin the child (and so its descendants) to this CPU before exec.
    public var pinnedCPU: Int32? = nil

    public init(executable: String, arguments: [String], environment: [String]) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }
}

/// A spawned child and the pipe that reports whether it reached `execve`.
public struct SpawnedProcess: ~Copyable, Sendable {
    public let pid: ProcessID
    /// Readable end of the close-on-exec report pipe.
    let report: OwnedFileDescriptor

    /// Blocks until the child exec'd (returns nil) or failed before exec (returns the failure). Call it only
    /// when the child cannot be waiting on you: after it exited, or when it was not stopped for a tracer.
    public consuming func failure() -> SpawnFailure? {
        var childErrno: CInt = 0
        let stage = sh_spawn_result(report.release(), &childErrno)
        guard stage != 0 else { return nil }
        return SpawnFailure(stage: SpawnFailure.Stage(rawValue: stage) ?? .exec, error: Errno(rawValue: childErrno))
    }
}

/// Why a child failed between fork and exec.
public struct SpawnFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Stage: CInt, Sendable { case seccomp = 1, exec = 2, affinity = 3, sendListener = 4 }
    public let stage: Stage
    public let error: Errno

    public var description: String {
        switch stage {
        case .seccomp: "cannot install the seccomp filter: \(error)"
        case .exec: "exec failed: \(error)"
        case .affinity: "cannot set CPU affinity: \(error)"
        case .sendListener: "cannot pass the seccomp listener: \(error)"
        }
    }
}

public enum Spawner {
    /// Forks and starts `request`. Returns once fork succeeded; the child's later failure is reported through
    /// `SpawnedProcess.failure()`.
    public static func spawn(_ request: SpawnRequest) throws(Errno) -> SpawnedProcess {
        let argv = CStringArray(request.arguments)
        let envp = CStringArray(request.environment)
        defer {
            argv.free()
            envp.free()
        }
        var reportFD: CInt = -1
        let pid: pid_t = request.executable.withCString { path in
            withFilter(request.seccompFilter) { filter in
                var c = sh_spawn_request(
                    path: path, argv: argv.pointer, envp: envp.pointer,
                    stop_before_exec: request.stopBeforeExec ? 1 : 0, filter: filter,
                    filter_flags: request.seccompFlags, listener_socket: request.listenerSocket,
                    pin_cpu: request.pinnedCPU ?? -1)
                return sh_spawn(&c, &reportFD)
            }
        }
        if pid < 0 { throw Errno(rawValue: system_errno) }
        return SpawnedProcess(pid: ProcessID(pid), report: OwnedFileDescriptor(adopting: reportFD))
    }

    private static func withFilter<R>(_ bytes: [UInt8]?, _ body: (UnsafePointer<sock_fprog>?) -> R) -> R {
        guard let bytes, !bytes.isEmpty else { return body(nil) }
        var copy = bytes
        return copy.withUnsafeMutableBytes { buffer in
            var program = sock_fprog(
                len: UInt16(buffer.count / 8),
                filter: buffer.baseAddress!.assumingMemoryBound(to: sock_filter.self))
            return withUnsafePointer(to: &program) { body($0) }
        }
    }

    /// Finds `command` as execvp(3) would: a name with a slash is used as is, otherwise each PATH entry is tried.
    /// - Throws: `Errno.noSuchFileOrDirectory` when nothing executable is found, or the error of the last
    ///   candidate that exists but cannot be executed (as execvp reports EACCES).
    public static func resolve(_ command: String, path: String?) throws(Errno) -> String {
        if command.contains("/") {
            if access(command, F_OK) != 0 { throw Errno(rawValue: system_errno) }
            return command
        }
        var deniedCandidate: String? = nil
        let searchPath = path ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let base = directory.isEmpty ? "." : String(directory)
            let candidate = base + "/" + command
            var info = stat()
            guard stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            if access(candidate, X_OK) == 0 { return candidate }
            deniedCandidate = deniedCandidate ?? candidate
        }
        if deniedCandidate != nil { throw Errno.permissionDenied }
        throw Errno.noSuchFileOrDirectory
    }
}

/// A NULL-terminated array of C strings that outlives a call into C.
private struct CStringArray {
    let pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointer = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { pointer[index] = strdup(string) }
        pointer[strings.count] = nil
    }

    func free() {
        for index in 0..<count { Glibc.free(pointer[index]) }
        pointer.deallocate()
    }
}
