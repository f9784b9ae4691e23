import Testing
import SyscallTables

@Suite struct SyscallNumberTests {
    @Test(arguments: [
        ("read", 0), ("open", 2), ("mmap", 9), ("clone", 56), ("fork", 57), ("execve", 59), ("getpid", 39),
        ("exit_group", 231), ("openat", 257), ("newfstatat", 262), ("seccomp", 317), ("clone3", 435),
        ("openat2", 437), ("set_mempolicy_home_node", 450), ("cachestat", 451), ("fchmodat2", 452),
        ("map_shadow_stack", 453), ("statmount", 457), ("mseal", 462), ("file_setattr", 469), ("uretprobe", 335),
    ])
    func x86_64Numbers(name: String, number: Int) {
        #expect(SyscallTable.x86_64.entry(named: name)?.number == number)
        #expect(SyscallTable.x86_64.entry(number: number)?.name == name)
    }

    @Test(arguments: [
        ("exit", 1), ("fork", 2), ("open", 5), ("socketcall", 102), ("mmap2", 192), ("fstat64", 197),
        ("openat", 295), ("clone3", 435), ("fchmodat2", 452), ("mseal", 462), ("file_setattr", 469),
    ])
    func i386Numbers(name: String, number: Int) {
        #expect(SyscallTable.i386.entry(named: name)?.number == number)
    }

    @Test(arguments: [
        ("io_setup", 0), ("renameat", 38), ("openat", 56), ("newfstatat", 79), ("fstat", 80), ("exit_group", 94),
        ("clone", 220), ("execve", 221), ("mmap", 222), ("clone3", 435), ("memfd_secret", 447),
        ("fchmodat2", 452), ("map_shadow_stack", 453), ("mseal", 462), ("file_setattr", 469),
    ])
    func aarch64Numbers(name: String, number: Int) {
        #expect(SyscallTable.aarch64.entry(named: name)?.number == number)
    }

    @Test func legacySyscallsAreAbsentFromTheGenericTable() {
        for name in ["open", "creat", "stat", "lstat", "fork", "vfork", "pipe", "dup2", "poll", "select", "mkdir",
                     "epoll_wait", "time", "alarm", "uretprobe"] {
            #expect(SyscallTable.aarch64.entry(named: name) == nil, "\(name) should not exist on aarch64")
        }
    }

    @Test func abiSpecificSyscalls() {
        #expect(SyscallTable.i386.entry(named: "map_shadow_stack") == nil, "i386 has no map_shadow_stack")
        #expect(SyscallTable.i386.entry(named: "uretprobe") == nil)
        #expect(SyscallTable.x86_64.entry(named: "socketcall") == nil)
        #expect(SyscallTable.x86_64.entry(named: "arch_prctl")?.number == 158)
    }

    @Test(arguments: Architecture.allCases)
    func namesAndNumbersAreUnique(architecture: Architecture) {
        let table = SyscallTable.forArchitecture(architecture)
        #expect(table.architecture == architecture)
        #expect(Set(table.entries.map(\.name)).count == table.entries.count)
        #expect(Set(table.entries.map(\.number)).count == table.entries.count)
        #expect(table.entries.allSatisfy { $0.argumentCount <= 6 })
        #expect(table.entries.map(\.number) == table.entries.map(\.number).sorted())
        for entry in table.entries {
            #expect(table.entry(number: entry.number)?.name == entry.name)
        }
    }

    @Test func tableSizesMatchTheKernelThroughLinux6_18() {
        #expect(SyscallTable.x86_64.maxNumber == 469)
        #expect(SyscallTable.aarch64.maxNumber == 469)
        #expect(SyscallTable.i386.maxNumber == 469)
        // The 6.1 x86_64 header has 0...334 and 424...450; 6.18 adds 335, 336 and 451...469.
        #expect(SyscallTable.x86_64.entries.count == 335 + 27 + 2 + 19)
    }

    @Test func nativeTableMatchesTheBuildArchitecture() {
        #if arch(x86_64)
        #expect(SyscallTable.native.architecture == .x86_64)
        #elseif arch(arm64)
        #expect(SyscallTable.native.architecture == .aarch64)
        #endif
    }
}
