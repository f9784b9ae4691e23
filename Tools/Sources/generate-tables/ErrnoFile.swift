import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// errno names from the asm-generic headers, messages from glibc's strerror(3), plus the kernel-internal
/// values strace prints (Tools/Inputs/errno-kernel-internal.txt).
struct ErrnoFile {
    var entries: [(number: Int, name: String, message: String)] = []
    var aliases: [(name: String, number: Int)] = []
    var restartNumbers: [Int] = []

    init(paths: Paths) throws {
        var numbers: [String: Int] = [:]
        var aliasTargets: [(String, String)] = []
        for header in [paths.errnoBase, paths.errno] {
            for line in try headerText(header).split(separator: "\n") {
                let parts = words(line)
                guard parts.count >= 3, parts[0] == "#define", parts[1].hasPrefix("E") else { continue }
                if let number = Int(parts[2]) {
                    numbers[parts[1]] = number
                } else if parts[2].hasPrefix("E") {
                    aliasTargets.append((parts[1], parts[2]))  // #define EWOULDBLOCK EAGAIN
                }
            }
        }
        guard numbers.count > 100 else { throw GeneratorError("too few errno values in the headers") }
        for (name, number) in numbers.sorted(by: { $0.value < $1.value }) {
            entries.append((number, name, Self.strerror(number)))
        }
        for (alias, target) in aliasTargets {
            guard let number = numbers[target] else { throw GeneratorError("errno alias \(alias) → unknown \(target)") }
            aliases.append((alias, number))
        }
        let url = paths.input("errno-kernel-internal.txt")
        for (lineNumber, text) in try factLines(url) {
            let parts = words(text)
            guard parts.count >= 3, let number = Int(parts[0]), ["restart", "-"].contains(parts[2]) else {
                throw GeneratorError("\(url.lastPathComponent):\(lineNumber): expected number NAME restart|- [message]")
            }
            guard numbers[parts[1]] == nil, !entries.contains(where: { $0.number == number }) else {
                throw GeneratorError("\(url.lastPathComponent):\(lineNumber): \(parts[1]) already defined")
            }
            let message = parts.count > 3 ? parts[3...].joined(separator: " ") : Self.strerror(number)
            entries.append((number, parts[1], message))
            if parts[2] == "restart" { restartNumbers.append(number) }
        }
    }

    static func strerror(_ number: Int) -> String {
        String(cString: Glibc.strerror(Int32(number)))
    }

    func render() -> String {
        var out = generatedHeader(sources: [
            "<asm-generic/errno-base.h> and <asm-generic/errno.h> (Debian linux-libc-dev 6.1): names and numbers",
            "strerror(3) of glibc 2.36: messages",
            "Tools/Inputs/errno-kernel-internal.txt: kernel-internal values strace 6.1 prints",
        ])
        out += "extension ErrnoTable {\n"
        out += "    /// Every errno value strace names, ascending. Where two names share a number (EAGAIN/EWOULDBLOCK,\n"
        out += "    /// EDEADLK/EDEADLOCK) this holds the one strace prints; `aliases` holds the other.\n"
        out += "    public static let entries: [(number: Int32, name: String, message: String)] = [\n"
        for entry in entries {
            out += "        (\(entry.number), \"\(entry.name)\", \"\(entry.message)\"),\n"
        }
        out += "    ]\n\n"
        out += "    /// Second names for numbers in `entries`, accepted by `number(named:)`.\n"
        out += "    public static let aliases: [(name: String, number: Int32)] = [\n"
        for alias in aliases { out += "        (\"\(alias.name)\", \(alias.number)),\n" }
        out += "    ]\n\n"
        out += "    /// Values the kernel turns into a restart or EINTR before userspace sees them; strace prints their\n"
        out += "    /// result as `?` rather than `-1`.\n"
        out += "    public static let restartNumbers: Set<Int32> = ["
        out += restartNumbers.map(String.init).joined(separator: ", ")
        out += "]\n}\n"
        return out
    }
}
