import SysHook

/// The `-e` expressions of a trace command line, resolved.
struct TraceExpressions {
    var selection: SyscallSelection = .all
    var warnings: [String] = []
    var statuses: StatusFilter = .all
    var signals: Set<Int32>? = nil
    var style: String? = nil
    var injections: [InjectionRule] = []

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The architectures a native x86-64 tracer meets (ia32 programs run beside x86-64 ones).
    static var architectures: [Architecture] {
        Architecture.native == .x86_64 ? [.x86_64, .i386] : [.native]
    }

    static func resolve(_ expressions: [String]) throws(Failure) -> TraceExpressions {
        var result = TraceExpressions()
        var selected: [Architecture: Set<Int>]? = nil
        for expression in expressions {
            let (qualifier, value) = split(expression)
            switch qualifier {
            case "trace", "t":
                let parsed: (numbers: [Architecture: Set<Int>], warnings: [String])
                do {
                    parsed = try SyscallSetExpression.parse(value, architectures: architectures)
                } catch {
                    throw Failure(description: error.description)
                }
                for warning in parsed.warnings where !result.warnings.contains(warning) {
                    result.warnings.append(warning)
                }
                var union = selected ?? [:]
                for (architecture, numbers) in parsed.numbers { union[architecture, default: []].formUnion(numbers) }
                selected = union
            case "status":
                result.statuses = try statusSet(value)
            case "signal", "signals", "s":
                result.signals = try signalSet(value)
            case "abbrev", "a", "verbose", "v", "raw", "x", "read", "r", "write", "w", "quiet", "q", "kvm",
                 "decode-fds", "decode-pids", "trace-fds", "trace-fd", "fd", "fds":
                if qualifier == "raw" || qualifier == "x" { result.style = value == "all" ? "raw" : nil }
            case "inject", "fault":
                do {
                    let parsed = try InjectionExpression.parse(value, fault: qualifier == "fault", architectures: architectures)
                    result.injections.append(parsed.rule)
                    for warning in parsed.warnings where !result.warnings.contains(warning) { result.warnings.append(warning) }
                } catch {
                    throw Failure(description: error.description)
                }
            default:
                throw Failure(description: "invalid filter action '\(qualifier)'")
            }
        }
        if let selected {
            let everything = architectures.allSatisfy {
                (selected[$0] ?? []).isSuperset(of: SyscallTable.forArchitecture($0).entries.map(\.number))
            }
            result.selection = everything ? .all : .only(selected)
        }
        return result
    }

    /// `trace=open` → ("trace", "open"); a bare `open` means `trace=open`.
    private static func split(_ expression: String) -> (String, String) {
        guard let equals = expression.firstIndex(of: "=") else { return ("trace", expression) }
        let qualifier = String(expression[..<equals])
        // A regex or class may itself contain '=': only a known qualifier before it counts.
        if qualifier.contains(where: { !$0.isLetter && $0 != "-" }) { return ("trace", expression) }
        return (qualifier, String(expression[expression.index(after: equals)...]))
    }

    private static func statusSet(_ text: String) throws(Failure) -> StatusFilter {
        var negated = false
        var body = Substring(text)
        if body.hasPrefix("!") {
            negated = true
            body = body.dropFirst()
        }
        var set: StatusFilter = []
        for name in body.split(separator: ",") {
            guard let status = StatusFilter.named(String(name)) else {
                throw Failure(description: "invalid status '\(name)' (expected successful, failed, unfinished, unavailable, detached, all, none)")
            }
            set.formUnion(status)
        }
        return negated ? StatusFilter.all.subtracting(set) : set
    }

    private static func signalSet(_ text: String) throws(Failure) -> Set<Int32> {
        var negated = false
        var body = Substring(text)
        if body.hasPrefix("!") {
            negated = true
            body = body.dropFirst()
        }
        var set: Set<Int32> = []
        let everySignal = Set(Int32(1)...Int32(64))
        for name in body.split(separator: ",") {
            switch name {
            case "all": set.formUnion(everySignal)
            case "none": break
            default:
                guard let number = SignalTable.number(named: String(name)) else {
                    throw Failure(description: "invalid signal '\(name)'")
                }
                set.insert(number)
            }
        }
        return negated ? everySignal.subtracting(set) : set
    }
}
