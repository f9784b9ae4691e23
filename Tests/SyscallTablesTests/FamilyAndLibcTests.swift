import Testing
import SyscallTables

@Suite struct FamilyTests {
    @Test func openAndForkFamilies() {
        #expect(SyscallFamily.named("open")?.members == ["open", "openat", "openat2", "creat"])
        #expect(SyscallFamily.named("fork")?.members == ["fork", "vfork", "clone", "clone3"])
        #expect(SyscallFamily.named("open")?.members(in: .aarch64).map(\.name) == ["openat", "openat2"])
        #expect(SyscallFamily.containing("newfstatat").map(\.name) == ["stat"])
    }

    @Test func everyFamilyMemberExistsSomewhere() {
        let everyName = Set(Architecture.allCases.flatMap { SyscallTable.forArchitecture($0).entries.map(\.name) })
        for family in SyscallFamily.all {
            for member in family.members {
                #expect(everyName.contains(member), "@\(family.name) member \(member)")
            }
            #expect(!family.members(in: .x86_64).isEmpty, "@\(family.name) is empty on x86_64")
        }
        #expect(Set(SyscallFamily.all.map(\.name)).count == SyscallFamily.all.count)
    }
}

/// glibc 2.36 on x86_64, as observed under strace (Tools/Inputs/glibc-2.36-syscalls.txt).
@Suite struct LibcRouteTests {
    @Test(arguments: [("open", "openat"), ("stat", "newfstatat"), ("lstat", "newfstatat"), ("fstat", "newfstatat"),
                      ("fork", "clone"), ("pipe", "pipe2"), ("select", "pselect6"), ("getdents", "getdents64"),
                      ("mknod", "mknodat"), ("getrlimit", "prlimit64"), ("utimes", "utimensat"),
                      ("eventfd", "eventfd2"), ("signalfd", "signalfd4"), ("waitpid", "wait4")])
    func x86_64Replacements(function: String, syscall: String) {
        #expect(SyscallTable.x86_64.libcReplacement(for: function) == syscall)
        #expect(SyscallTable.x86_64.libcRoute(for: function) == .replaced(by: syscall, legacyExists: function != "waitpid"))
    }

    @Test(arguments: ["creat", "vfork", "access", "mkdir", "rmdir", "unlink", "rename", "link", "symlink",
                      "readlink", "chmod", "chown", "lchown", "dup2", "poll", "epoll_wait", "epoll_create",
                      "alarm", "pause", "inotify_init", "truncate", "statfs"])
    func x86_64StillIssuesTheLegacySyscall(function: String) {
        #expect(SyscallTable.x86_64.libcReplacement(for: function) == nil)
        #expect(SyscallTable.x86_64.libcRoute(for: function) == .sameSyscall)
    }

    @Test func timeComesFromTheVDSO() {
        #expect(SyscallTable.x86_64.libcRoute(for: "time") == .vdso)
        #expect(SyscallTable.x86_64.libcRoute(for: "gettimeofday") == .vdso)
        #expect(SyscallTable.x86_64.libcReplacement(for: "time") == nil)
    }

    @Test func genericTableHasNoLegacySyscalls() {
        let table = SyscallTable.aarch64
        #expect(table.libcRoute(for: "open") == .replaced(by: "openat", legacyExists: false))
        #expect(table.libcRoute(for: "mkdir") == .replaced(by: "mkdirat", legacyExists: false))
        #expect(table.libcRoute(for: "fork") == .replaced(by: "clone", legacyExists: false))
        #expect(table.libcReplacement(for: "creat") == "openat")
        #expect(table.libcReplacement(for: "dup2") == "dup3")
        #expect(table.libcRoute(for: "truncate") == .sameSyscall)
    }

    @Test func unrecordedFunctionsAndI386() {
        #expect(SyscallTable.x86_64.libcRoute(for: "read") == nil)
        #expect(SyscallTable.i386.libcRoute(for: "open") == nil)
    }

    @Test(arguments: [Architecture.x86_64, .aarch64])
    func everyReplacementExistsInItsTable(architecture: Architecture) {
        let table = SyscallTable.forArchitecture(architecture)
        for family in SyscallFamily.all {
            for name in family.members {
                if let replacement = table.libcReplacement(for: name) {
                    #expect(table.entry(named: replacement) != nil, "\(name) → \(replacement)")
                }
            }
        }
    }
}
