import Foundation

/// Tools/Inputs/glibc-2.36-syscalls.txt: which syscall glibc issues for a libc function, per table.
struct LibcRoutesFile {
    var rows: [(function: String, x86_64: String, generic: String)] = []

    init(paths: Paths, tables: [SyscallTableFile]) throws {
        let url = paths.input("glibc-2.36-syscalls.txt")
        let known = Dictionary(uniqueKeysWithValues: tables.map { ($0.abi, Set($0.entries.map(\.name))) })
        for (lineNumber, text) in try factLines(url) {
            let parts = words(text)
            guard parts.count == 3 else {
                throw GeneratorError("\(url.lastPathComponent):\(lineNumber): expected function x86_64 generic")
            }
            for (abi, issued) in [(ABI.x86_64, parts[1]), (.generic, parts[2])] where issued != "vdso" {
                guard known[abi]?.contains(issued) == true else {
                    throw GeneratorError("\(url.lastPathComponent):\(lineNumber): \(abi) has no syscall \(issued)")
                }
            }
            guard !rows.contains(where: { $0.function == parts[0] }) else {
                throw GeneratorError("\(url.lastPathComponent):\(lineNumber): \(parts[0]) listed twice")
            }
            rows.append((parts[0], parts[1], parts[2]))
        }
    }

    func render() -> String {
        var out = generatedHeader(sources: [
            "Tools/Inputs/glibc-2.36-syscalls.txt: x86_64 observed under strace with glibc 2.36; generic (arm64) from",
            "  the generic table's lack of the legacy syscalls",
        ])
        out += "extension SyscallTable {\n"
        out += "    /// For libc functions named like a syscall: the syscall glibc 2.36 issues for it on x86_64 and on the\n"
        out += "    /// generic table (arm64). `nil` means glibc answers from the vDSO without a syscall.\n"
        out += "    static let glibcRoutes: [String: (x86_64: String?, generic: String?)] = [\n"
        func literal(_ name: String) -> String { name == "vdso" ? "nil" : "\"\(name)\"" }
        for row in rows {
            out += "        \"\(row.function)\": (\(literal(row.x86_64)), \(literal(row.generic))),\n"
        }
        out += "    ]\n}\n"
        return out
    }
}
