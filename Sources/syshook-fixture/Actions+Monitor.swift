import CSysHook
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension FixtureAction {
    /// Actions the eBPF monitor's tests watch. Each prints `pid=N` and what it learned on stdout, so a test can pick
    /// the fixture's events out of a system-wide stream and compare exact values.
    static let monitorActions: [String: FixtureActionBody] = [
        // bpf-open PATH...: openat(AT_FDCWD, PATH, O_RDONLY|O_CLOEXEC) with the raw syscall for each path, close on
        // success, then getppid. Prints "pid=P" and one "open PATH=RESULT" line per path.
        "bpf-open": { paths in
            var lines = "pid=\(getpid())\n"
            for path in paths {
                let result = path.withCString { name in
                    sh_syscall6(Int(SYS_openat), Int(AT_FDCWD), Int(bitPattern: UnsafeRawPointer(name)),
                                Int(O_RDONLY | O_CLOEXEC), 0, 0, 0)
                }
                let value = result < 0 ? -Int(sh_errno()) : result
                lines += "open \(path)=\(value)\n"
                if result >= 0 { _ = sh_syscall6(Int(SYS_close), result, 0, 0, 0, 0, 0) }
            }
            _ = sh_syscall6(Int(SYS_getppid), 0, 0, 0, 0, 0, 0)
            print(lines, terminator: "")
            return 0
        },
        // bpf-fork CODE: fork a child that exits with CODE; wait for it. Prints "pid=P child=C".
        "bpf-fork": { args in
            let code = Int32(args.first ?? "0") ?? 0
            let child = fork()
            if child == 0 { _exit(code) }
            var status: Int32 = 0
            _ = waitpid(child, &status, 0)
            print("pid=\(getpid()) child=\(child)")
            return 0
        },
        // bpf-loop N: N getppid calls, for overhead benchmarks.
        "bpf-loop": { args in
            let count = Int(args.first ?? "1000000") ?? 1_000_000
            for _ in 0..<count { _ = sh_syscall6(Int(SYS_getppid), 0, 0, 0, 0, 0, 0) }
            return 0
        },
    ]
}
