import CSysHook
#if canImport(Glibc)
import Glibc
#endif

extension FixtureAction {
    /// Targets for the user-notification supervisor tests and benchmark. Each prints what the program saw, so a
    /// test can tell a supervisor's answer from the kernel's.
    static let notifyActions: [String: FixtureActionBody] = [
        // notify-call NR [COUNT]: prints "calling NR", then makes syscall NR (no arguments) COUNT times and
        // prints "result=R errno=E" for the last call.
        "notify-call": { args in
            guard let number = args.first.flatMap({ Int($0) }) else { return usage("notify-call NR [COUNT]") }
            let count = args.dropFirst().first.flatMap { Int($0) } ?? 1
            say("calling \(number)\n")
            var result = 0
            var error: Int32 = 0
            for _ in 0..<max(count, 1) {
                sh_set_errno(0)
                result = sh_syscall6(number, 0, 0, 0, 0, 0, 0)
                error = result == -1 ? sh_errno() : 0
            }
            say("result=\(result) errno=\(error)\n")
            return 0
        },
        // notify-read-file PATH: opens PATH read-only and prints "content=" and the first 4 KiB, or
        // "open failed errno=E" and exits 1.
        "notify-read-file": { args in
            guard let path = args.first else { return usage("notify-read-file PATH") }
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                say("open failed errno=\(sh_errno())\n")
                return 1
            }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let got = read(fd, &buffer, buffer.count)
            close(fd)
            say("fd=\(fd) content=" + String(decoding: buffer[..<max(got, 0)], as: UTF8.self) + "\n")
            return 0
        },
        // notify-bench N: N getppid calls, timed; prints "calls=N ns_per_call=X".
        "notify-bench": { args in
            let count = args.first.flatMap { Int($0) } ?? 10_000
            var start = timespec()
            var end = timespec()
            clock_gettime(CLOCK_MONOTONIC, &start)
            for _ in 0..<count { _ = sh_syscall6(Int(SYS_getppid), 0, 0, 0, 0, 0, 0) }
            clock_gettime(CLOCK_MONOTONIC, &end)
            let nanoseconds = (end.tv_sec - start.tv_sec) * 1_000_000_000 + (end.tv_nsec - start.tv_nsec)
            say("calls=\(count) ns_per_call=\(count > 0 ? nanoseconds / count : 0)\n")
            return 0
        },
    ]

    /// Writes `text` with one write(2) to standard output, or to the descriptor named by the environment variable
    /// SYSHOOK_FIXTURE_OUTPUT_FD (tests that start the fixture in-process cannot redirect its standard output).
    private static func say(_ text: String) {
        let fd = getenv("SYSHOOK_FIXTURE_OUTPUT_FD").flatMap { Int32(String(cString: $0)) } ?? 1
        var copy = text
        copy.withUTF8 { _ = write(fd, $0.baseAddress, $0.count) }
    }

    private static func usage(_ text: String) -> Int32 {
        complain("usage: syshook-fixture \(text)\n")
        return 2
    }
}
