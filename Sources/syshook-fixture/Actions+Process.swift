import CSysHook
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension FixtureAction {
    /// Process lifecycle actions: exit codes, fork/vfork/clone, threads, signals, exec, loops for benchmarks.
    static let processActions: [String: FixtureActionBody] = [
        // exit CODE: exit_group(CODE).
        "exit": { args in Int32(args.first ?? "0") ?? 0 },
        // getppid-loop N / getuid-loop N: N raw syscalls (benchmarks and filter tests).
        "getppid-loop": { args in loop(SYS_getppid, count: args) },
        "getuid-loop": { args in loop(SYS_getuid, count: args) },
        // fork: the child calls getppid and exits 3; the parent waits with wait4.
        "fork": { _ in
            let child = fork()
            if child == 0 {
                _ = getppid()
                _exit(3)
            }
            return waitChild(child)
        },
        // vfork: the child exits 4 at once (all a vfork child may do).
        "vfork": { _ in
            let child = sh_vfork_exit(4)
            return waitChild(child)
        },
        // clone: a raw clone(SIGCHLD) child that calls getppid and exits 5.
        "clone": { _ in
            let child = pid_t(sh_syscall6(Int(SYS_clone), Int(SIGCHLD), 0, 0, 0, 0, 0))
            if child == 0 {
                _ = sh_syscall6(Int(SYS_getppid), 0, 0, 0, 0, 0, 0)
                _ = sh_syscall6(Int(SYS_exit_group), 5, 0, 0, 0, 0, 0)
            }
            return waitChild(child)
        },
        // clone3: a clone3 child (exit_signal SIGCHLD) that exits 6.
        "clone3": { _ in
            let child = sh_clone3_exit(6)
            return waitChild(child)
        },
        // threads N: N threads, each calling getppid once; joined.
        "threads": { args in
            let count = Int(args.first ?? "2") ?? 2
            var threads: [pthread_t] = []
            for _ in 0..<count {
                var thread = pthread_t()
                pthread_create(&thread, nil, { _ in
                    _ = getppid()
                    return nil
                }, nil)
                threads.append(thread)
            }
            for thread in threads { pthread_join(thread, nil) }
            return 0
        },
        // exec-from-thread PROGRAM ARGS: a second thread execs PROGRAM while the main thread sleeps.
        "exec-from-thread": { args in
            execArguments = args
            var thread = pthread_t()
            pthread_create(&thread, nil, { _ in
                let arguments = FixtureAction.execArguments
                let argv = arguments.map { strdup($0) } + [nil]
                execv(arguments[0], argv)
                _exit(126)
            }, nil)
            while true { pause() }
        },
        // exec PROGRAM ARGS: execv; when it fails, exit with its errno (so tests see an injected error).
        "exec": { args in
            guard let program = args.first else { return 2 }
            let argv = args.map { strdup($0) } + [nil]
            execv(program, argv)
            return errno
        },
        // getppid-report N: N getppid calls; prints "ok" or the errno name's number for each, one per line.
        "getppid-report": { args in
            let count = Int(args.first ?? "3") ?? 3
            var report = ""
            for _ in 0..<count {
                let result = sh_syscall6(Int(SYS_getppid), 0, 0, 0, 0, 0, 0)
                report += result >= 0 ? "ok\n" : "errno \(errno)\n"
            }
            return report.withUTF8 { write(1, $0.baseAddress, $0.count) } >= 0 ? 0 : 1
        },
        // raise SIGNAL: send SIGNAL to itself with kill (default action: e.g. killed by SIGTERM).
        "raise": { args in
            let signal = Int32(args.first ?? "15") ?? 15
            kill(getpid(), signal)
            return 0
        },
        // handle-signal: install a SIGUSR1 handler, raise SIGUSR1, exit 0.
        "handle-signal": { _ in
            signal(SIGUSR1) { _ in }
            kill(getpid(), SIGUSR1)
            return 0
        },
        // sleep-loop MS: sleep MS milliseconds at a time, forever (targets for -p).
        "sleep-loop": { args in
            let milliseconds = Int(args.first ?? "100") ?? 100
            var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
            while true {
                nanosleep(&request, nil)
                _ = getppid()
            }
        },
        // threads-sleep N: N threads that sleep forever, plus the main thread (multi-threaded -p target).
        "threads-sleep": { args in
            let count = Int(args.first ?? "2") ?? 2
            for _ in 0..<count {
                var thread = pthread_t()
                pthread_create(&thread, nil, { _ in
                    while true { pause() }
                }, nil)
            }
            while true { pause() }
        },
        // open PATH: libc open(PATH, O_RDONLY), which glibc implements with openat; prints nothing.
        "open": { args in
            let fd = open(args.first ?? "/etc/hostname", O_RDONLY)
            if fd >= 0 { close(fd) }
            return fd >= 0 ? 0 : 1
        },
        // write TEXT: write(1, TEXT, len).
        "write": { args in
            var text = args.first ?? "hello\n"
            return text.withUTF8 { write(1, $0.baseAddress, $0.count) } >= 0 ? 0 : 1
        },
    ]

    nonisolated(unsafe) static var execArguments: [String] = []

    private static func loop(_ number: Int32, count: [String]) -> Int32 {
        let iterations = Int(count.first ?? "1000") ?? 1000
        for _ in 0..<iterations { _ = sh_syscall6(Int(number), 0, 0, 0, 0, 0, 0) }
        return 0
    }

    private static func waitChild(_ child: pid_t) -> Int32 {
        guard child > 0 else { return 1 }
        var status: Int32 = 0
        _ = wait4(child, &status, 0, nil)
        return 0
    }
}
