import Foundation

/// Syscall numbers from a kernel `unistd` UAPI header.
enum UnistdHeaders {
    /// Parses `#define __NR_<name> <number>` lines, as in `asm/unistd_64.h` and `asm/unistd_32.h`.
    static func plainDefines(_ url: URL) throws -> [String: Int] {
        var numbers: [String: Int] = [:]
        for line in try headerText(url).split(separator: "\n") {
            let parts = words(line)
            guard parts.count == 3, parts[0] == "#define", parts[1].hasPrefix("__NR_"),
                  let number = Int(parts[2]) else { continue }
            numbers[String(parts[1].dropFirst(5))] = number
        }
        guard !numbers.isEmpty else { throw GeneratorError("no __NR_ defines in \(url.path)") }
        return numbers
    }

    /// The macros an architecture's `asm/unistd.h` defines before including `asm-generic/unistd.h`.
    /// arm64 (arch/arm64/include/uapi/asm/unistd.h, and memfd_secret from its syscall ABI list).
    static let arm64Wants = [
        "__ARCH_WANT_RENAMEAT", "__ARCH_WANT_NEW_STAT", "__ARCH_WANT_SET_GET_RLIMIT",
        "__ARCH_WANT_TIME32_SYSCALLS", "__ARCH_WANT_SYS_CLONE3", "__ARCH_WANT_MEMFD_SECRET",
    ]

    /// Evaluates `asm-generic/unistd.h` with the C preprocessor for a 64-bit architecture and returns its
    /// numbers. The header chooses names with `#if` on these macros and maps `__NR3264_x` to 64-bit names, so
    /// running the real preprocessor is simpler and more faithful than re-implementing it.
    static func genericDefines(_ url: URL, wants: [String]) throws -> [String: Int] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cpp", "-dM", "-D__BITS_PER_LONG=64"] + wants.map { "-D\($0)" } + [url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw GeneratorError("cpp failed on \(url.path)") }
        var raw: [String: String] = [:]
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            let parts = words(line)
            guard parts.count == 3, parts[0] == "#define", parts[1].hasPrefix("__NR") else { continue }
            raw[parts[1]] = parts[2]
        }
        func resolve(_ value: String, depth: Int = 0) -> Int? {
            if let number = Int(value) { return number }
            guard depth < 4, let next = raw[value] else { return nil }
            return resolve(next, depth: depth + 1)
        }
        var numbers: [String: Int] = [:]
        for (macro, value) in raw where macro.hasPrefix("__NR_") {
            let name = String(macro.dropFirst(5))
            // Not syscalls: the table size and the start of the per-architecture range.
            if name == "syscalls" || name == "arch_specific_syscall" { continue }
            guard let number = resolve(value) else { throw GeneratorError("cannot resolve \(macro) \(value)") }
            numbers[name] = number
        }
        return numbers
    }
}
