import CSysHook
public import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// What a supervisor needs to do a target's work itself: open files as the target asked, and resolve the
/// target's relative paths.
public enum NotifyEmulation {
    /// `O_CLOEXEC`, as a target passes it in open flags.
    public static let closeOnExecFlag = Int32(O_CLOEXEC)
    /// The flags `creat(path, mode)` stands for: `O_CREAT | O_WRONLY | O_TRUNC`.
    public static let creatFlags = Int32(O_CREAT | O_WRONLY | O_TRUNC)
    /// `AT_FDCWD`: a dirfd meaning "the current directory".
    public static let currentDirectoryDescriptor = Int32(AT_FDCWD)

    /// Opens `path` in this process with a target's `flags` and `mode`, always close-on-exec here so the copy
    /// does not leak into this process's own children.
    ///
    /// The corresponding C call is `open(path, flags | O_CLOEXEC, mode)`.
    /// - Throws: the errno open(2) fails with; the target should see the same one.
    public static func open(_ path: String, flags: Int32, mode: UInt32) throws(Errno) -> FileDescriptor {
        let fd = try valueOrErrno { path.withCString { system_notifyOpen($0, flags | O_CLOEXEC, mode_t(mode)) } }.get()
        return FileDescriptor(rawValue: fd)
    }

    /// The current directory of `pid` (readlink of /proc/PID/cwd), nil when it cannot be read.
    public static func workingDirectory(of pid: ProcessID) -> String? {
        readLink("/proc/\(pid.rawValue)/cwd")
    }

    /// The path descriptor `fd` of `pid` refers to (readlink of /proc/PID/fd/FD), nil when it cannot be read.
    public static func path(ofDescriptor fd: Int32, in pid: ProcessID) -> String? {
        readLink("/proc/\(pid.rawValue)/fd/\(fd)")
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let length = system_notifyReadlink(path, &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
