import Testing
import SyscallTables

/// Argument counts and kinds against what strace 6.1 prints, and classes against strace's.
@Suite struct SyscallSignatureTests {
    @Test(arguments: [
        ("openat", 4), ("clone", 5), ("execve", 3), ("mmap", 6), ("exit_group", 1), ("getpid", 0), ("read", 3),
        ("preadv", 4), ("pread64", 4), ("wait4", 4), ("futex", 6), ("rt_sigreturn", 0), ("clone3", 2),
        ("arch_prctl", 2), ("mseal", 3), ("fchmodat2", 4), ("statx", 5),
    ])
    func x86_64ArgumentCounts(name: String, count: Int) {
        #expect(SyscallTable.x86_64.entry(named: name)?.argumentCount == count)
    }

    /// 32-bit ABIs pass 64-bit offsets in two registers, and i386 keeps one-pointer forms of mmap and select.
    @Test(arguments: [("preadv", 5), ("pread64", 5), ("fallocate", 6), ("mmap", 1), ("select", 1), ("mmap2", 6),
                      ("_llseek", 5), ("socketcall", 2), ("ipc", 6)])
    func i386ArgumentCounts(name: String, count: Int) {
        #expect(SyscallTable.i386.entry(named: name)?.argumentCount == count)
    }

    @Test func argumentKindsFollowThePrototypes() {
        let table = SyscallTable.x86_64
        #expect(table.entry(named: "openat")?.arguments == [.descriptor, .string, .hex, .hex])
        #expect(table.entry(named: "read")?.arguments == [.descriptor, .pointer, .unsigned])
        #expect(table.entry(named: "execve")?.arguments == [.string, .pointer, .pointer])
        #expect(table.entry(named: "mmap")?.arguments.first == .pointer)
        #expect(table.entry(named: "mmap")?.arguments[4] == .descriptor)
        #expect(table.entry(named: "kill")?.arguments == [.signed, .signed])
        #expect(table.entry(named: "renameat2")?.arguments == [.descriptor, .string, .descriptor, .string, .hex])
        #expect(table.entry(named: "getcwd")?.arguments == [.pointer, .unsigned])
    }

    @Test func classesMatchStrace() {
        let table = SyscallTable.x86_64
        func classes(_ name: String) -> SyscallClass { table.entry(named: name)?.classes ?? [] }
        #expect(classes("openat") == [.descriptor, .file])
        #expect(classes("stat") == [.file, .stat, .statLike])
        #expect(classes("lstat") == [.file, .lstat, .statLike])
        #expect(classes("fstat") == [.descriptor, .fstat, .statLike])
        #expect(classes("newfstatat") == [.descriptor, .file, .fstat, .statLike])
        #expect(classes("statfs") == [.file, .statfs, .statfsLike])
        #expect(classes("fstatfs") == [.descriptor, .fstatfs, .statfsLike])
        #expect(classes("getpid") == [.pure])
        #expect(classes("getuid") == [.pure, .creds])
        #expect(classes("setuid") == [.creds])
        #expect(classes("kill") == [.process, .signal])
        #expect(classes("execve") == [.file, .process])
        #expect(classes("mmap") == [.descriptor, .memory])
        #expect(classes("connect") == [.network])
        #expect(classes("clock_gettime") == [.clock])
        #expect(classes("shmat") == [.ipc, .memory])
        #expect(classes("read") == [.descriptor])
        #expect(classes("futex") == [])
    }

    @Test(arguments: Architecture.allCases)
    func everyStatVariantIsInTheStatLikeClass(architecture: Architecture) {
        for entry in SyscallTable.forArchitecture(architecture).entries
        where !entry.classes.isDisjoint(with: [.stat, .lstat, .fstat]) {
            #expect(entry.classes.contains(.statLike), "\(entry.name)")
        }
    }

    @Test func classNamesParse() {
        #expect(SyscallClass.named("%stat") == .statLike)
        #expect(SyscallClass.named("net") == .network)
        #expect(SyscallClass.named("bogus") == nil)
    }
}
