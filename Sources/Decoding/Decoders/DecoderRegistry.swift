import SyscallTables

/// The decoders by syscall name, merged from the per-family tables.
enum DecoderRegistry {
    static let byName: [String: SyscallDecoder] = {
        var merged: [String: SyscallDecoder] = [:]
        for family in families {
            merged.merge(family) { first, _ in first }
        }
        return merged
    }()

    /// One table per family file.
    static var families: [[String: SyscallDecoder]] {
        [
            fileDecoders, statDecoders, fileControlDecoders, processDecoders, waitDecoders, resourceDecoders,
            signalDecoders, memoryDecoders, networkDecoders, timeDecoders, extendedDecoders,
            schedulingDecoders, ipcDecoders,
        ]
    }

    /// The decoder of syscall `number` of `architecture`: what `decoder(named:entry:architecture:)` returns for it,
    /// looked up once per architecture into an array (formatting a call then hashes no name: the watch consumer
    /// formats every syscall of the machine).
    static func decoder(number: Int, architecture: Architecture) -> SyscallDecoder {
        let decoders = byNumber(architecture)
        if number >= 0, number < decoders.count { return decoders[number] }
        return FallbackDecoder.decoder(for: nil)
    }

    private static func byNumber(_ architecture: Architecture) -> [SyscallDecoder] {
        switch architecture {
        case .x86_64: x86_64ByNumber
        case .i386: i386ByNumber
        case .aarch64: aarch64ByNumber
        }
    }

    private static let x86_64ByNumber = table(.x86_64)
    private static let i386ByNumber = table(.i386)
    private static let aarch64ByNumber = table(.aarch64)

    private static func table(_ architecture: Architecture) -> [SyscallDecoder] {
        let table = SyscallTable.forArchitecture(architecture)
        return (0...table.maxNumber).map { number in
            let entry = table.entry(number: number)
            return decoder(named: entry?.name, entry: entry, architecture: architecture)
        }
    }

    static func decoder(named name: String?, entry: SyscallEntry?, architecture: Architecture = .native)
        -> SyscallDecoder
    {
        if let name, let decoder = byName[name], architecture != .i386 || layoutIndependent.contains(name) {
            return decoder
        }
        return FallbackDecoder.decoder(for: entry)
    }

    /// Decoders that read no pointer-sized fields from the tracee (only paths, strings, integers and flags), and so
    /// are right for 32-bit (ia32) tracees too. The struct decoders assume 64-bit layouts; ia32 calls print raw.
    static let layoutIndependent: Set<String> = [
        "open", "openat", "creat", "close", "read", "write", "pread64", "pwrite64", "access", "faccessat", "faccessat2",
        "chmod", "fchmod", "fchmodat", "chown", "lchown", "fchown", "fchownat", "unlink", "unlinkat", "rmdir", "mkdir",
        "mkdirat", "rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat", "readlink",
        "readlinkat", "chdir", "fchdir", "dup", "dup2", "dup3", "umask", "fsync", "fdatasync", "flock", "getcwd",
        "pipe", "pipe2", "kill", "tkill", "tgkill", "exit", "exit_group", "munmap", "mprotect", "brk", "madvise",
        "mlockall", "socket", "socketpair", "listen", "shutdown", "setuid", "setgid", "setreuid", "setregid",
        "setresuid", "setresgid", "inotify_init1", "inotify_add_watch", "inotify_rm_watch", "eventfd2",
        "epoll_create1", "memfd_create", "pidfd_open", "getrandom", "fork", "vfork", "sched_yield", "close_range",
    ]
}
