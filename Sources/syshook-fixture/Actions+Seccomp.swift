import CSysHook
#if canImport(Glibc)
import Glibc
#endif

extension FixtureAction {
    /// Targets for seccomp filter tests (`syshook run`) and its benchmark.
    static let seccompActions: [String: FixtureActionBody] = [
        // seccomp-syscalls NR...: makes each raw syscall NR (decimal or 0x-hex) with zero arguments, in order,
        // printing "NR result=R errno=E" per call, so a test can compare the kernel's answer with the filter's.
        // Pick syscalls that are harmless without arguments (getppid, getuid, gettid, ...).
        "seccomp-syscalls": { args in
            var output = ""
            for text in args {
                let number = text.hasPrefix("0x") ? Int(text.dropFirst(2), radix: 16) : Int(text)
                guard let number else {
                    complain("seccomp-syscalls: bad number '\(text)'\n")
                    return 2
                }
                sh_set_errno(0)
                let result = sh_syscall6(number, 0, 0, 0, 0, 0, 0)
                output += "\(text) result=\(result) errno=\(result == -1 ? sh_errno() : 0)\n"
            }
            output.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
            return 0
        },
        // seccomp-ia32-syscalls NR...: as seccomp-syscalls, but through `int $0x80`, so the kernel (and seccomp)
        // see i386 calls with i386 numbers (x86-64 only; prints "unsupported" elsewhere).
        "seccomp-ia32-syscalls": { args in
            #if arch(x86_64)
            var output = ""
            for text in args {
                guard let number = Int(text) else {
                    complain("seccomp-ia32-syscalls: bad number '\(text)'\n")
                    return 2
                }
                let raw = sh_ia32_syscall0(number)
                let (result, error) = raw < 0 && raw > -4096 ? (-1, Int(-raw)) : (raw, 0)
                output += "\(text) result=\(result) errno=\(error)\n"
            }
            output.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
            return 0
            #else
            complain("unsupported\n")
            return 3
            #endif
        },
        // getppid-loop N: N raw getppid calls and nothing else, for the `run --deny` overhead benchmark.
        "getppid-loop": { args in
            let count = args.first.flatMap { Int($0) } ?? 1_000_000
            for _ in 0..<count { _ = sh_syscall6(Int(SYS_getppid), 0, 0, 0, 0, 0, 0) }
            return 0
        },
    ]
}
