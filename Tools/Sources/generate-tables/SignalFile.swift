import Foundation

/// Signal names from `asm/signal.h`, resolved to the spelling strace prints with Tools/Inputs/signals.txt.
struct SignalFile {
    var entries: [(number: Int, name: String)] = []
    var aliases: [(name: String, number: Int)] = []
    var realtimeFirst = 0
    var realtimeLast = 0

    init(paths: Paths) throws {
        var byName: [String: Int] = [:]
        var aliasTargets: [(String, String)] = []
        for line in try headerText(paths.signal).split(separator: "\n") {
            let parts = words(line)
            guard parts.count >= 3, parts[0] == "#define", parts[1].hasPrefix("SIG"),
                  !parts[1].hasPrefix("SIG_"), !parts[1].hasSuffix("STKSZ") else { continue }
            if let number = Int(parts[2]) {
                byName[parts[1]] = number
            } else if parts[2].hasPrefix("SIG") {
                aliasTargets.append((parts[1], parts[2]))  // #define SIGPOLL SIGIO
            }
        }
        var preferred: Set<String> = []
        var realtimeNames: (first: String, prefix: String)?
        let url = paths.input("signals.txt")
        for (lineNumber, text) in try factLines(url) {
            let parts = words(text)
            switch parts.first {
            case "prefer": preferred.formUnion(parts.dropFirst())
            case "realtime" where parts.count == 5:
                guard let first = Int(parts[1]), let last = Int(parts[2]) else { fallthrough }
                realtimeFirst = first
                realtimeLast = last
                realtimeNames = (parts[3], parts[4])
            default: throw GeneratorError("\(url.lastPathComponent):\(lineNumber): unknown line \(text)")
            }
        }
        guard let realtimeNames else { throw GeneratorError("signals.txt has no realtime line") }
        // The header defines SIGRTMIN as a number too; the realtime range comes from signals.txt.
        byName = byName.filter { $0.value < realtimeFirst }
        var chosen: [Int: String] = [:]
        for (name, number) in byName.sorted(by: { $0.key < $1.key }) {
            if let other = chosen[number] {
                let keep = preferred.contains(name) ? name : other
                guard preferred.contains(name) != preferred.contains(other) else {
                    throw GeneratorError("signals \(name) and \(other) share \(number): list one under prefer")
                }
                chosen[number] = keep
                aliases.append((keep == name ? other : name, number))
            } else {
                chosen[number] = name
            }
        }
        for (alias, target) in aliasTargets {
            guard let number = byName[target] else { throw GeneratorError("signal alias \(alias) → unknown \(target)") }
            aliases.append((alias, number))
        }
        aliases.sort { $0.number < $1.number || ($0.number == $1.number && $0.name < $1.name) }
        entries = chosen.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        entries.append((realtimeFirst, realtimeNames.first))
        for number in (realtimeFirst + 1)...realtimeLast {
            entries.append((number, "\(realtimeNames.prefix)\(number - realtimeFirst)"))
        }
    }

    func render(paths: Paths) -> String {
        var out = generatedHeader(sources: [
            "<asm/signal.h> (Debian linux-libc-dev 6.1, x86_64): standard signal names and numbers",
            "Tools/Inputs/signals.txt: which name strace 6.1 prints for shared numbers, and realtime names",
        ])
        out += "extension SignalTable {\n"
        out += "    /// Every signal by number with the name strace prints, ascending.\n"
        out += "    public static let entries: [(number: Int32, name: String)] = [\n"
        for entry in entries { out += "        (\(entry.number), \"\(entry.name)\"),\n" }
        out += "    ]\n\n"
        out += "    /// Second names for numbers in `entries`, accepted by `number(named:)`.\n"
        out += "    public static let aliases: [(name: String, number: Int32)] = [\n"
        for alias in aliases { out += "        (\"\(alias.name)\", \(alias.number)),\n" }
        out += "    ]\n\n"
        out += "    /// The kernel's first and last realtime signal (strace names them relative to the first).\n"
        out += "    public static let realtimeRange: ClosedRange<Int32> = \(realtimeFirst)...\(realtimeLast)\n"
        out += "}\n"
        return out
    }
}
