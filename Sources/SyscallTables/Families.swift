/// Groups of syscalls that do one libc-level job, selectable as `@name`.
///
/// glibc implements `open` with `openat` and `fork` with `clone` (seed 000), so a user asking for `open`
/// means the family, not the one syscall number that libc never issues.
public struct SyscallFamily: Sendable, Hashable {
    public let name: String
    public let members: [String]
    public let summary: String

    public static let all: [SyscallFamily] = [
        SyscallFamily(name: "open", members: ["open", "openat", "openat2", "creat"],
                      summary: "opening or creating a file by name"),
        SyscallFamily(name: "fork", members: ["fork", "vfork", "clone", "clone3"],
                      summary: "creating a process or thread"),
        SyscallFamily(name: "exec", members: ["execve", "execveat"], summary: "running a program"),
        SyscallFamily(name: "stat", members: ["stat", "lstat", "fstat", "newfstatat", "statx", "fstatat64", "stat64", "lstat64", "fstat64"],
                      summary: "file status"),
        SyscallFamily(name: "statfs", members: ["statfs", "fstatfs", "statfs64", "fstatfs64"],
                      summary: "file system status"),
        SyscallFamily(name: "access", members: ["access", "faccessat", "faccessat2"], summary: "permission checks"),
        SyscallFamily(name: "chmod", members: ["chmod", "fchmod", "fchmodat", "fchmodat2"], summary: "changing file mode"),
        SyscallFamily(name: "chown", members: ["chown", "fchown", "lchown", "fchownat", "chown32", "fchown32", "lchown32"],
                      summary: "changing file owner"),
        SyscallFamily(name: "unlink", members: ["unlink", "unlinkat", "rmdir"], summary: "removing a name"),
        SyscallFamily(name: "rename", members: ["rename", "renameat", "renameat2"], summary: "renaming a file"),
        SyscallFamily(name: "mkdir", members: ["mkdir", "mkdirat"], summary: "creating a directory"),
        SyscallFamily(name: "link", members: ["link", "linkat"], summary: "creating a hard link"),
        SyscallFamily(name: "symlink", members: ["symlink", "symlinkat"], summary: "creating a symbolic link"),
        SyscallFamily(name: "readlink", members: ["readlink", "readlinkat"], summary: "reading a symbolic link"),
        SyscallFamily(name: "mknod", members: ["mknod", "mknodat"], summary: "creating a special file"),
        SyscallFamily(name: "dup", members: ["dup", "dup2", "dup3"], summary: "duplicating a descriptor"),
        SyscallFamily(name: "pipe", members: ["pipe", "pipe2"], summary: "creating a pipe"),
        SyscallFamily(name: "wait", members: ["wait4", "waitid", "waitpid"], summary: "waiting for a child"),
        SyscallFamily(name: "kill", members: ["kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_send_signal"],
                      summary: "sending a signal"),
        SyscallFamily(name: "exit", members: ["exit", "exit_group"], summary: "ending a thread or process"),
        SyscallFamily(name: "read", members: ["read", "readv", "pread64", "preadv", "preadv2"], summary: "reading a descriptor"),
        SyscallFamily(name: "write", members: ["write", "writev", "pwrite64", "pwritev", "pwritev2"],
                      summary: "writing a descriptor"),
        SyscallFamily(name: "select", members: ["select", "pselect6", "_newselect"], summary: "waiting on descriptors"),
        SyscallFamily(name: "poll", members: ["poll", "ppoll"], summary: "waiting on descriptors"),
        SyscallFamily(name: "epoll_wait", members: ["epoll_wait", "epoll_pwait", "epoll_pwait2"], summary: "waiting on an epoll set"),
        SyscallFamily(name: "epoll_create", members: ["epoll_create", "epoll_create1"], summary: "creating an epoll set"),
        SyscallFamily(name: "sleep", members: ["nanosleep", "clock_nanosleep"], summary: "sleeping"),
        SyscallFamily(name: "accept", members: ["accept", "accept4"], summary: "accepting a connection"),
        SyscallFamily(name: "signal", members: ["rt_sigaction", "sigaction", "signal"], summary: "setting a signal handler"),
        SyscallFamily(name: "sigprocmask", members: ["rt_sigprocmask", "sigprocmask"], summary: "changing the signal mask"),
        SyscallFamily(name: "time", members: ["time", "gettimeofday", "clock_gettime"], summary: "reading the time"),
        SyscallFamily(name: "truncate", members: ["truncate", "ftruncate", "truncate64", "ftruncate64"], summary: "truncating a file"),
        SyscallFamily(name: "getdents", members: ["getdents", "getdents64"], summary: "reading a directory"),
        SyscallFamily(name: "eventfd", members: ["eventfd", "eventfd2"], summary: "creating an eventfd"),
        SyscallFamily(name: "signalfd", members: ["signalfd", "signalfd4"], summary: "creating a signalfd"),
        SyscallFamily(name: "inotify_init", members: ["inotify_init", "inotify_init1"], summary: "creating an inotify instance"),
        SyscallFamily(name: "utime", members: ["utime", "utimes", "futimesat", "utimensat"], summary: "changing file times"),
        SyscallFamily(name: "rlimit", members: ["getrlimit", "setrlimit", "prlimit64", "ugetrlimit"], summary: "resource limits"),
        SyscallFamily(name: "mmap", members: ["mmap", "mmap2"], summary: "mapping memory"),
        SyscallFamily(name: "sendfile", members: ["sendfile", "sendfile64"], summary: "copying between descriptors"),
    ]

    public static func named(_ name: String) -> SyscallFamily? {
        all.first { $0.name == name }
    }

    /// The family whose libc-level name is `name` (e.g. "open"), if any.
    public static func containing(_ syscall: String) -> [SyscallFamily] {
        all.filter { $0.members.contains(syscall) }
    }

    /// The members of this family that `table` has.
    public func members(in table: SyscallTable) -> [SyscallEntry] {
        members.compactMap { table.entry(named: $0) }
    }
}

/// What glibc does when a program calls the libc function named like a syscall.
public enum LibcRoute: Sendable, Hashable {
    /// glibc issues the syscall of the same name.
    case sameSyscall
    /// glibc issues `syscall` instead. `legacyExists` is false when this table has no syscall named like the
    /// function at all (the generic table used by aarch64 has no open, stat, fork, ...).
    case replaced(by: String, legacyExists: Bool)
    /// glibc answers from the vDSO; no syscall happens, so a tracer sees nothing (time, gettimeofday, ...).
    case vdso
}

extension SyscallTable {
    /// What glibc 2.36 issues for the libc function `function` on this architecture, or nil when not recorded
    /// (functions not in Tools/Inputs/glibc-2.36-syscalls.txt, and every function on i386).
    ///
    /// The x86_64 answers were observed under strace on Debian 12; the aarch64 ones follow from the generic
    /// table, which lacks the legacy syscalls. See Tools/Inputs/README.md.
    public func libcRoute(for function: String) -> LibcRoute? {
        guard let route = Self.glibcRoutes[function] else { return nil }
        let issued: String?
        switch architecture {
        case .x86_64: issued = route.x86_64
        case .aarch64: issued = route.generic
        case .i386: return nil
        }
        guard let issued else { return .vdso }
        if issued == function { return .sameSyscall }
        return .replaced(by: issued, legacyExists: entry(named: function) != nil)
    }

    /// For a syscall that glibc on this architecture never issues when a program calls the libc function of the
    /// same name, the syscall it issues instead (x86_64: open → openat, stat → newfstatat, fork → clone,
    /// pipe → pipe2; aarch64 additionally mkdir → mkdirat and every other legacy call). Nil when glibc issues
    /// the syscall itself, answers from the vDSO, or the function is not recorded.
    public func libcReplacement(for name: String) -> String? {
        if case .replaced(let syscall, _) = libcRoute(for: name) { return syscall }
        return nil
    }
}
