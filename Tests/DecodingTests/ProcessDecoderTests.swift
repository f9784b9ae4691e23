import Testing

@testable import Decoding

/// Expected lines are strace 6.1's output for the same calls (p1.c/p2.c-style probes run under strace here).
@Suite struct ProcessDecoderTests {
    @Test func execveAbbreviatesEnvironment() {
        var memory = FakeMemory()
        memory.place("/nonexistent", at: 0x1000)
        memory.place("/bin/true", at: 0x1100)
        memory.place("a b", at: 0x1200)
        memory.place("c\"d", at: 0x1300)
        memory.place("A=1", at: 0x1400)
        memory.place("B=2", at: 0x1500)
        memory.place(.le(UInt64(0x1100)) + .le(UInt64(0x1200)) + .le(UInt64(0x1300)) + .le(UInt64(0)), at: 0x2000)
        memory.place(.le(UInt64(0x1400)) + .le(UInt64(0x1500)) + .le(UInt64(0)), at: 0x7ffd8dca73b0)
        let line = straceLine("execve", [0x1000, 0x2000, 0x7ffd8dca73b0], returning: .returned(-13), memory: memory)
        #expect(
            line
                == #"execve("/nonexistent", ["/bin/true", "a b", "c\"d"], 0x7ffd8dca73b0 /* 2 vars */) = -1 EACCES (Permission denied)"#
        )
        var verbose = StraceFormatOptions()
        verbose.verbose = true
        #expect(
            straceLine(
                "execve",
                [0x1000, 0x2000, 0x7ffd8dca73b0],
                returning: .returned(-13),
                memory: memory,
                options: verbose
            )
                == #"execve("/nonexistent", ["/bin/true", "a b", "c\"d"], ["A=1", "B=2"]) = -1 EACCES (Permission denied)"#
        )
        var short = StraceFormatOptions()
        short.stringLimit = 5
        #expect(
            straceLine(
                "execve",
                [0x1000, 0x2000, 0x7ffd8dca73b0],
                returning: .returned(-13),
                memory: memory,
                options: short
            )
                == #"execve("/nonexistent", ["/bin/"..., "a b", "c\"d"], 0x7ffd8dca73b0 /* 2 vars */) = -1 EACCES (Permission denied)"#
        )
    }

    @Test func cloneNamesArgumentsAndExitSignal() {
        #expect(
            straceLine("clone", [0x0120_0011, 0, 0, 0x7fd726fd6a10, 0], returning: .returned(18205))
                == "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fd726fd6a10) = 18205"
        )
        #expect(
            straceLine("clone", [0x3018_000A, 0x1000, 0x2000, 0x3000, 0x4000], returning: .returned(18712))
                == "clone(child_stack=0x1000, flags=CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_NEWUSER|CLONE_NEWPID|SIGUSR1, parent_tid=0x2000, tls=0x4000) = 18712"
        )
    }

    @Test func clone3PrintsUpdatedPidfd() {
        var args = [UInt8](repeating: 0, count: 88)
        args.replaceSubrange(0..<8, with: [UInt8].le(UInt64(0x0100_1000)))
        args.replaceSubrange(8..<16, with: [UInt8].le(UInt64(0x7ffd8dca73fc)))
        args.replaceSubrange(16..<24, with: [UInt8].le(UInt64(0x7ffd8dca73fc)))
        args.replaceSubrange(32..<40, with: [UInt8].le(UInt64(17)))
        let memory = FakeMemory([(0x5000, args), (0x7ffd8dca73fc, .le(Int32(3)))])
        #expect(
            straceLine("clone3", [0x5000, 88], returning: .returned(18245), memory: memory)
                == "clone3({flags=CLONE_PIDFD|CLONE_CHILD_SETTID, pidfd=0x7ffd8dca73fc, child_tid=0x7ffd8dca73fc, exit_signal=SIGCHLD, stack=NULL, stack_size=0} => {pidfd=[3]}, 88) = 18245"
        )
    }

    @Test func wait4DecodesStatusAndRusage() {
        var rusage = [UInt8](repeating: 0, count: 144)
        rusage.replaceSubrange(8..<16, with: [UInt8].le(Int64(202)))
        let memory = FakeMemory([(0x1000, .le(Int32(3 << 8))), (0x2000, rusage)])
        #expect(
            straceLine("wait4", [18205, 0x1000, 0, 0x2000], returning: .returned(18205), memory: memory)
                == "wait4(18205, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, {ru_utime={tv_sec=0, tv_usec=202}, ru_stime={tv_sec=0, tv_usec=0}, ...}) = 18205"
        )
        let signaled = FakeMemory([(0x1000, .le(Int32(15)))])
        #expect(
            straceLine("wait4", [18206, 0x1000, 0x4000_0002, 0], returning: .returned(18206), memory: signaled)
                == "wait4(18206, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGTERM}], WSTOPPED|__WALL, NULL) = 18206"
        )
        #expect(
            straceLine("wait4", [UInt64(bitPattern: -1), 0, 1, 0], returning: .returned(-10))
                == "wait4(-1, NULL, WNOHANG, NULL)          = -1 ECHILD (No child processes)"
        )
        #expect(
            straceLine("wait4", [5, 0x10, 0xE000_000B, 0x20], returning: .returned(-10))
                == "wait4(5, 0x10, WNOHANG|WSTOPPED|WCONTINUED|__WCLONE|__WALL|__WNOTHREAD, 0x20) = -1 ECHILD (No child processes)"
        )
        let stopped = FakeMemory([(0x1000, .le(Int32(0x137f)))])
        #expect(
            straceLine("wait4", [7, 0x1000, 2, 0], returning: .returned(7), memory: stopped)
                == "wait4(7, [{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}], WSTOPPED, NULL) = 7"
        )
    }

    @Test func prlimitShowsMultiplesOf1024() {
        let memory = FakeMemory([(0x1000, .le(UInt64(8192 * 1024)) + .le(UInt64.max))])
        #expect(
            straceLine("prlimit64", [0, 3, 0, 0x1000], returning: .returned(0), memory: memory)
                == "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0"
        )
        #expect(
            straceLine("prlimit64", [0, 99, 0, 0], returning: .returned(-22))
                == "prlimit64(0, 0x63 /* RLIMIT_??? */, NULL, NULL) = -1 EINVAL (Invalid argument)"
        )
    }

    @Test func prctlOptions() {
        var memory = FakeMemory()
        memory.place("myname", at: 0x1000)
        #expect(
            straceLine("prctl", [15, 0x1000], returning: .returned(0), memory: memory)
                == #"prctl(PR_SET_NAME, "myname")            = 0"#
        )
        #expect(
            straceLine("prctl", [3], returning: .returned(1))
                == "prctl(PR_GET_DUMPABLE)                  = 1 (SUID_DUMP_USER)"
        )
        #expect(
            straceLine("prctl", [38, 1, 0, 0, 0], returning: .returned(0))
                == "prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)  = 0"
        )
        #expect(
            straceLine("prctl", [999, 1, 2, 3, 4], returning: .returned(-22))
                == "prctl(0x3e7 /* PR_??? */, 0x1, 0x2, 0x3, 0x4) = -1 EINVAL (Invalid argument)"
        )
        #expect(straceLine("prctl", [1, 9], returning: .returned(0)) == "prctl(PR_SET_PDEATHSIG, SIGKILL)        = 0")
    }

    @Test func smallProcessCalls() {
        #expect(
            straceLine("arch_prctl", [0x1002, 0x7fd22428d800], returning: .returned(0))
                == "arch_prctl(ARCH_SET_FS, 0x7fd22428d800) = 0"
        )
        #expect(
            straceLine("arch_prctl", [0x9999, 0x10], returning: .returned(-22))
                == "arch_prctl(0x9999 /* ARCH_??? */, 0x10) = -1 EINVAL (Invalid argument)"
        )
        #expect(
            straceLine("set_tid_address", [0x7fd22428dad0], returning: .returned(28890))
                == "set_tid_address(0x7fd22428dad0)         = 28890"
        )
        #expect(
            straceLine("rseq", [0x7fd22428e120, 0x20, 0, 0x53053053], returning: .returned(0))
                == "rseq(0x7fd22428e120, 0x20, 0, 0x53053053) = 0"
        )
        #expect(
            straceLine("exit", [0x1_0000_0007], returning: .unknown) == "exit(7)                                 = ?"
        )
        #expect(straceLine("kill", [0, 0], returning: .returned(0)) == "kill(0, 0)                              = 0")
        #expect(
            straceLine(
                "setresuid",
                [UInt64(UInt32.max), UInt64(UInt32.max), UInt64(UInt32.max)],
                returning: .returned(0)
            )
                == "setresuid(-1, -1, -1)                   = 0"
        )
        let ids = FakeMemory([(0x1000, .le(UInt32(0))), (0x1004, .le(UInt32(0))), (0x1008, .le(UInt32(0)))])
        #expect(
            straceLine("getresuid", [0x1000, 0x1004, 0x1008], returning: .returned(0), memory: ids)
                == "getresuid([0], [0], [0])                = 0"
        )
        let random = FakeMemory([(0x1000, [0xf1, 0x7b, 0xb2, 0xf4])])
        #expect(
            straceLine("getrandom", [0x1000, 4, 0], returning: .returned(4), memory: random)
                == #"getrandom("\xf1\x7b\xb2\xf4", 4, 0)     = 4"#
        )
        let cpus = FakeMemory([(0x1000, [3] + [UInt8](repeating: 0, count: 127))])
        #expect(
            straceLine("sched_getaffinity", [0, 128, 0x1000], returning: .returned(32), memory: cpus)
                == "sched_getaffinity(0, 128, [0 1])        = 32"
        )
    }

    @Test func signalActionsAndMasks() {
        var action = [UInt8](repeating: 0, count: 32)
        action.replaceSubrange(0..<8, with: [UInt8].le(UInt64(0x555f7e4c8389)))
        action.replaceSubrange(8..<16, with: [UInt8].le(UInt64(0x1400_0004)))
        action.replaceSubrange(16..<24, with: [UInt8].le(UInt64(0x7fd727015050)))
        action.replaceSubrange(24..<32, with: [UInt8].le(UInt64(1 << 9)))
        let memory = FakeMemory([(0x1000, action)])
        #expect(
            straceLine("rt_sigaction", [12, 0x1000, 0, 8], returning: .returned(0), memory: memory)
                == "rt_sigaction(SIGUSR2, {sa_handler=0x555f7e4c8389, sa_mask=[USR1], sa_flags=SA_RESTORER|SA_RESTART|SA_SIGINFO, sa_restorer=0x7fd727015050}, NULL, 8) = 0"
        )
        var all = [UInt8](repeating: 0, count: 32)
        all.replaceSubrange(0..<8, with: [UInt8].le(UInt64(1)))
        all.replaceSubrange(8..<16, with: [UInt8].le(UInt64(0xffff_ffff)))
        all.replaceSubrange(24..<32, with: [UInt8].le(UInt64.max))
        #expect(
            straceLine(
                "rt_sigaction",
                [10, 0x1000, 0, 8],
                returning: .returned(0),
                memory: FakeMemory([(0x1000, all)])
            )
                == "rt_sigaction(SIGUSR1, {sa_handler=SIG_IGN, sa_mask=~[], sa_flags=SA_RESTORER|SA_ONSTACK|SA_RESTART|SA_INTERRUPT|SA_NODEFER|SA_RESETHAND|SA_SIGINFO|SA_NOCLDSTOP|SA_NOCLDWAIT|0x3fffff8, sa_restorer=NULL}, NULL, 8) = 0"
        )
        let mask = FakeMemory([(0x2000, .le(UInt64(0xffff_fffe_7fff_fefb) & ~UInt64(1 << 18)))])
        let blocked = FakeMemory([(0x2000, .le(UInt64((1 << 1) | (1 << 36))))])
        #expect(
            straceLine("rt_sigprocmask", [0, 0x2000, 0, 8], returning: .returned(0), memory: blocked)
                == "rt_sigprocmask(SIG_BLOCK, [INT RT_5], NULL, 8) = 0"
        )
        _ = mask
        #expect(
            straceLine("rt_sigprocmask", [7, 0, 0, 8], returning: .returned(0))
                == "rt_sigprocmask(0x7 /* SIG_??? */, NULL, NULL, 8) = 0"
        )
    }

    @Test func signalDeliveryText() {
        var info = [UInt8](repeating: 0, count: 128)
        info.replaceSubrange(0..<4, with: [UInt8].le(Int32(17)))
        info.replaceSubrange(8..<12, with: [UInt8].le(Int32(1)))
        info.replaceSubrange(16..<20, with: [UInt8].le(Int32(18205)))
        info.replaceSubrange(24..<28, with: [UInt8].le(Int32(3)))
        let formatter = SyscallFormatter(options: StraceFormatOptions())
        #expect(
            formatter.signalText(signal: 17, siginfo: info)
                == "SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=18205, si_uid=0, si_status=3, si_utime=0, si_stime=0}"
        )
        info.replaceSubrange(8..<12, with: [UInt8].le(Int32(2)))
        info.replaceSubrange(24..<28, with: [UInt8].le(Int32(15)))
        #expect(
            formatter.signalText(signal: 17, siginfo: info)
                == "SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=18205, si_uid=0, si_status=SIGTERM, si_utime=0, si_stime=0}"
        )
        var queued = [UInt8](repeating: 0, count: 128)
        queued.replaceSubrange(0..<4, with: [UInt8].le(Int32(12)))
        queued.replaceSubrange(8..<12, with: [UInt8].le(Int32(-1)))
        queued.replaceSubrange(16..<20, with: [UInt8].le(Int32(18204)))
        queued.replaceSubrange(24..<32, with: [UInt8].le(UInt64(42)))
        #expect(
            formatter.signalText(signal: 12, siginfo: queued)
                == "SIGUSR2 {si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=18204, si_uid=0, si_int=42, si_ptr=0x2a}"
        )
        var fault = [UInt8](repeating: 0, count: 128)
        fault.replaceSubrange(0..<4, with: [UInt8].le(Int32(11)))
        fault.replaceSubrange(8..<12, with: [UInt8].le(Int32(1)))
        #expect(
            formatter.signalText(signal: 11, siginfo: fault)
                == "SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL}"
        )
    }

    @Test func memoryCalls() {
        #expect(
            straceLine("mmap", [0, 8192, 3, 0x22, UInt64(UInt32.max), 0], returning: .returned(0x7fd224543000))
                == "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7fd224543000"
        )
        #expect(
            straceLine("mmap", [0x7fd224513000, 110592, 5, 0x812, 3, 0x7000], returning: .returned(0x7fd224513000))
                == "mmap(0x7fd224513000, 110592, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x7000) = 0x7fd224513000"
        )
        #expect(
            straceLine("mmap", [0, 4096, 0xff, 0xffffff, UInt64(UInt32.max), 0], returning: .returned(-22))
                == "mmap(NULL, 4096, PROT_READ|PROT_WRITE|PROT_EXEC|PROT_SEM|0xf0, 0xf /* MAP_??? */|MAP_FIXED|MAP_ANONYMOUS|MAP_32BIT|MAP_NORESERVE|MAP_POPULATE|MAP_NONBLOCK|MAP_GROWSDOWN|MAP_DENYWRITE|MAP_EXECUTABLE|MAP_LOCKED|MAP_STACK|MAP_HUGETLB|MAP_SYNC|MAP_FIXED_NOREPLACE|0xe00680, -1, 0) = -1 EINVAL (Invalid argument)"
        )
        #expect(
            straceLine("mmap", [0, 4096, 1, 0x40022 | (21 << 26), UInt64(UInt32.max), 0], returning: .returned(-12))
                == "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|21<<MAP_HUGE_SHIFT, -1, 0) = -1 ENOMEM (Cannot allocate memory)"
        )
        #expect(
            straceLine("brk", [0], returning: .returned(0x560159e53000))
                == "brk(NULL)                               = 0x560159e53000"
        )
        #expect(
            straceLine("madvise", [0, 4096, 999], returning: .returned(-22))
                == "madvise(NULL, 4096, 0x3e7 /* MADV_??? */) = -1 EINVAL (Invalid argument)"
        )
        #expect(
            straceLine("mremap", [0x1000, 4096, 8192, 1, 0], returning: .returned(-14))
                == "mremap(0x1000, 4096, 8192, MREMAP_MAYMOVE) = -1 EFAULT (Bad address)"
        )
        #expect(
            straceLine("mprotect", [0, 4096, 0x1000_000f], returning: .returned(-22))
                == "mprotect(NULL, 4096, PROT_READ|PROT_WRITE|PROT_EXEC|PROT_SEM|0x10000000) = -1 EINVAL (Invalid argument)"
        )
        #expect(straceLine("mlockall", [3], returning: .returned(0)) == "mlockall(MCL_CURRENT|MCL_FUTURE)        = 0")
    }
}
