/// The command line of `syshook trace`, parsed the way strace parses its own (getopt_long with a leading `+`:
/// options end at the first operand, so `syshook trace ls -la` traces `ls -la`).
///
/// swift-argument-parser cannot express strace's grammar (`-etrace=open`, `-s128`, `-fp 12`, `-ff`, `-tt`
/// mixed with a passthrough command), and scripts written for strace must run unchanged, so this is a small
/// getopt of its own.
struct StraceArguments {
    var followForks = 0                 // -f, -ff
    var outputFile: String?             // -o
    var appendOutput = false            // -A: append to the -o file
    var expressions: [String] = []      // -e EXPR (in order)
    var stringLimit: Int?               // -s
    var alignmentColumn: Int?           // -a
    var timestamps = 0                  // -t count
    var relative = false                // -r
    var syscallTimes = false            // -T
    var quiet = 0                       // -q count
    var attach: [Int32] = []            // -p
    var hexStrings = 0                  // -x count
    var decodeFds = 0                   // -y count
    var verbose = false                 // -v
    var xlatStyle: String?              // -X
    var summaryOnly = false             // -c
    var summaryToo = false              // -C
    var sortBy: String?                 // -S
    var wallClockSummary = false        // -w
    var environment: [String] = []      // -E
    var alwaysShowPID = false           // --always-show-pid
    var seccompBPF = true               // --seccomp-bpf (on by default; --seccomp-bpf=no turns it off)
    var pin = true                      // --no-pin turns the CPU placement off
    var format = "text"                 // --format
    var killAfter: [String] = []        // --kill-after SET=N
    var redirects: [String] = []        // --redirect OLD=NEW
    var minimalDecoding = false         // --decode=minimal: raw arguments only (benchmark baseline)
    var syscallLimit: Int?              // --syscall-limit=N: detach after N printed syscalls
    var killOnExit = false              // --kill-on-exit
    var help = false
    var version = false
    var command: [String] = []

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private static let takesArgument: Set<Character> = ["a", "b", "e", "E", "I", "o", "O", "p", "P", "s", "S", "u", "U", "X"]
    private static let flags: Set<Character> = ["A", "c", "C", "d", "D", "f", "F", "h", "i", "k", "n", "q", "r", "t", "T", "v", "V", "w", "x", "y", "z", "Z"]

    /// Long options and the short option each stands for (`nil` for ours without a short form).
    private static let longOptions: [String: (short: Character?, argument: Bool)] = [
        "follow-forks": ("f", false), "output": ("o", true), "expr": ("e", true), "string-limit": ("s", true),
        "columns": ("a", true), "relative-timestamps": ("r", false), "syscall-times": ("T", false),
        "quiet": ("q", false), "attach": ("p", true), "verbose": ("v", false), "summary-only": ("c", false),
        "summary": ("C", false), "summary-sort-by": ("S", true), "summary-wall-clock": ("w", false),
        "env": ("E", true), "help": ("h", false), "version": ("V", false), "successful-only": ("z", false),
        "failed-only": ("Z", false), "absolute-timestamps": ("t", false), "output-append-mode": ("A", false),
        "trace": (nil, true), "signal": (nil, true), "status": (nil, true), "inject": (nil, true),
        "fault": (nil, true), "raw": (nil, true), "abbrev": (nil, true), "always-show-pid": (nil, false),
        "seccomp-bpf": (nil, false), "no-pin": (nil, false), "format": (nil, true), "output-separately": (nil, false),
        "decode-fds": (nil, true), "kill-after": (nil, true), "redirect": (nil, true), "decode": (nil, true), "syscall-limit": (nil, true), "kill-on-exit": (nil, false), "const-print-style": (nil, true), "string-limit=": (nil, true),
    ]

    static func parse(_ arguments: [String]) throws(Failure) -> StraceArguments {
        var result = StraceArguments()
        var index = 0
        func value(for option: String) throws(Failure) -> String {
            index += 1
            guard index < arguments.count else { throw Failure(description: "option requires an argument -- '\(option)'") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                index += 1
                break
            }
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                var inline: String? = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
                guard let spec = longOptions[name] else {
                    throw Failure(description: "unrecognized option '\(argument)'")
                }
                if spec.argument && inline == nil && !["seccomp-bpf", "absolute-timestamps", "quiet"].contains(name) {
                    inline = try value(for: name)
                }
                try result.applyLong(name, value: inline, short: spec.short)
                index += 1
                continue
            }
            guard argument.hasPrefix("-"), argument.count > 1 else { break }
            var characters = Substring(argument.dropFirst())
            while let option = characters.first {
                characters = characters.dropFirst()
                if takesArgument.contains(option) {
                    let text = characters.isEmpty ? try value(for: String(option)) : String(characters)
                    try result.applyShort(option, value: text)
                    characters = ""
                } else if flags.contains(option) {
                    try result.applyShort(option, value: nil)
                } else {
                    throw Failure(description: "invalid option -- '\(option)'")
                }
            }
            index += 1
        }
        result.command = Array(arguments[index...])
        return result
    }

    private mutating func applyShort(_ option: Character, value: String?) throws(Failure) {
        switch option {
        case "f": followForks += 1
        case "o": outputFile = value
        case "e": expressions.append(value ?? "")
        case "s": stringLimit = try Self.number(value, option: "-s")
        case "a": alignmentColumn = try Self.number(value, option: "-a")
        case "t": timestamps += 1
        case "r": relative = true
        case "T": syscallTimes = true
        case "q": quiet += 1
        case "p":
            for part in (value ?? "").split(whereSeparator: { $0 == "," || $0 == " " }) {
                guard let pid = Int32(part), pid > 0 else { throw Failure(description: "Invalid process id: '\(part)'") }
                attach.append(pid)
            }
        case "x": hexStrings += 1
        case "y": decodeFds += 1
        case "v": verbose = true
        case "X": xlatStyle = value
        case "c": summaryOnly = true
        case "C": summaryToo = true
        case "S": sortBy = value
        case "w": wallClockSummary = true
        case "E": environment.append(value ?? "")
        case "h": help = true
        case "V": version = true
        case "z": expressions.append("status=successful")
        case "Z": expressions.append("status=failed")
        case "A": appendOutput = true
        case "F": followForks += 1  // strace's old spelling of -f
        case "d", "I", "O":
            break  // debug output, interruptibility and overhead hints change nothing a user sees here
        default:
            // Silently ignoring these would print a trace that looks right and is not what was asked for.
            let what: [Character: String] = [
                "D": "running the tracer as a detached grandchild", "i": "printing the instruction pointer",
                "k": "stack traces", "n": "printing syscall numbers", "b": "detaching at a syscall",
                "P": "filtering by path", "u": "running the command as another user",
                "U": "choosing -c columns",
            ]
            throw Failure(description: "-\(option) (\(what[option] ?? "this option")) is not supported")
        }
    }

    private mutating func applyLong(_ name: String, value: String?, short: Character?) throws(Failure) {
        if let short { return try applyShort(short, value: value) }
        switch name {
        case "trace", "signal", "status", "inject", "fault", "raw", "abbrev":
            expressions.append(name + "=" + (value ?? ""))
        case "always-show-pid": alwaysShowPID = true
        case "seccomp-bpf": seccompBPF = value.map { $0 != "no" && $0 != "false" } ?? true
        case "no-pin": pin = false
        case "kill-after": killAfter.append(value ?? "")
        case "redirect": redirects.append(value ?? "")
        case "syscall-limit":
            guard let text = value, let limit = Int(text), limit > 0 else {
                throw Failure(description: "invalid --syscall-limit '\(value ?? "")' (expected a positive number)")
            }
            syscallLimit = limit
        case "kill-on-exit": killOnExit = true
        case "decode":
            guard value == "minimal" || value == "full" else {
                throw Failure(description: "invalid --decode '\(value ?? "")' (expected full or minimal)")
            }
            minimalDecoding = value == "minimal"
        case "format": format = value ?? "text"
        case "output-separately": followForks = max(followForks, 2)
        case "decode-fds": decodeFds = max(decodeFds, (value ?? "path") == "path" ? 1 : 2)
        default: break
        }
    }

    private static func number(_ text: String?, option: String) throws(Failure) -> Int {
        guard let text, let value = Int(text), value >= 0 else {
            throw Failure(description: "invalid \(option) argument: '\(text ?? "")'")
        }
        return value
    }
}
