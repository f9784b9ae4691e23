import SyscallTables
import SystemPackage

/// A mistake in a policy file: one line naming the file, the line and the token.
public struct PolicyFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int
    /// The offending token as written.
    public let token: String
    /// What is wrong, naming the token.
    public let reason: String

    public var description: String { "\(file):\(line): \(reason)" }
}

extension SupervisionPolicy {
    /// Every directive, as the file spells it.
    static let directives = [
        "default", "allow", "deny", "kill", "log", "return", "notify-log", "delay", "redirect-open",
    ]

    /// Reads a policy file's text (format: docs/policy-format.md).
    /// - Parameter file: the name used in error messages.
    /// - Throws: `PolicyFileError` for the first mistake.
    public init(parsing text: String, file: String) throws(PolicyFileError) {
        self.init()
        var defaultLine: Int? = nil
        var notifyLines = NotifyRuleLines()
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var tokens: [String] = []
            for word in rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }) {
                if word.hasPrefix("#") { break }  // a comment runs to the end of the line
                tokens.append(String(word))
            }
            guard let directive = tokens.first else { continue }
            let line = PolicyLine(file: file, number: lineNumber, tokens: tokens)
            switch directive {
            case "default":
                if let defaultLine {
                    throw line.error(directive, "a second 'default' (the first is on line \(defaultLine))")
                }
                defaultLine = lineNumber
                try parseDefault(line)
            case "allow":
                try line.expectCount(2, usage: "allow SET")
                try addFilterRule(.allow, line)
            case "deny":
                try line.expectCount(2...3, usage: "deny SET [ERRNO]")
                let errno = tokens.count == 3 ? try line.errno(at: 2) : UInt16(Errno.notPermitted.rawValue)
                try addFilterRule(.errno(errno), line)
            case "kill":
                try line.expectCount(2, usage: "kill SET")
                try addFilterRule(.killProcess, line)
            case "log":
                try line.expectCount(2, usage: "log SET")
                try addFilterRule(.log, line)
            case "return":
                try line.expectCount(3, usage: "return SET VALUE")
                guard let value = Int64(tokens[2]) else {
                    throw line.error(tokens[2], "'\(tokens[2])' is not an integer")
                }
                try addNotifyRule(.returnValue(value), line, &notifyLines)
            case "notify-log":
                try line.expectCount(2, usage: "notify-log SET")
                try addNotifyRule(.log, line, &notifyLines)
            case "delay":
                try line.expectCount(3, usage: "delay SET MILLISECONDS")
                guard let milliseconds = Int(tokens[2]), (0...3_600_000).contains(milliseconds) else {
                    throw line.error(tokens[2], "'\(tokens[2])' is not a delay in milliseconds (0 to 3600000)")
                }
                try addNotifyRule(.delay(milliseconds: milliseconds), line, &notifyLines)
            case "redirect-open":
                try line.expectCount(3, usage: "redirect-open OLD-PATH NEW-PATH")
                for index in 1...2 where !tokens[index].hasPrefix("/") {
                    throw line.error(tokens[index], "'\(tokens[index])' is not an absolute path")
                }
                do throws(SupervisionPolicyError) {
                    let first = redirects.isEmpty
                    try addRedirect(from: tokens[1], to: tokens[2])
                    if first { notifyLines.record("@open", line: lineNumber) }
                } catch {
                    throw line.error(tokens[0], "redirect-open needs a supervisor rule for the open family, but "
                        + error.reason + notifyLines.earlier(error.conflict))
                }
            default:
                let hint = SyscallSetExpression.closest(directive, among: Self.directives)
                throw line.error(directive, "unknown directive '\(directive)'" + PolicyLine.hint(hint))
            }
        }
        // The filter is installed before execve: a default that refuses it would stop the program from starting.
        if filter.defaultAction != .allow && filter.defaultAction != .log && filter.defaultAction != .userNotification {
            filter.rules.append(Rule(.allow, ["execve"]))
        }
    }

    private mutating func parseDefault(_ line: PolicyLine) throws(PolicyFileError) {
        try line.expectCount(2...3, usage: "default allow|deny [ERRNO]|kill|log|notify-log")
        let action = line.tokens[1]
        if action != "deny" { try line.expectCount(2, usage: "default \(action)") }
        switch action {
        case "allow": filter.defaultAction = .allow
        case "deny":
            let errno = line.tokens.count == 3 ? try line.errno(at: 2) : UInt16(Errno.notPermitted.rawValue)
            filter.defaultAction = .errno(errno)
        case "kill": filter.defaultAction = .killProcess
        case "log": filter.defaultAction = .log
        case "notify-log":
            filter.defaultAction = .userNotification
            defaultNotifyRule = .log
        default:
            let choices = ["allow", "deny", "kill", "log", "notify-log"]
            throw line.error(action, "unknown default action '\(action)'" + PolicyLine.hint(
                SyscallSetExpression.closest(action, among: choices)))
        }
    }

    private mutating func addFilterRule(_ action: SeccompAction, _ line: PolicyLine) throws(PolicyFileError) {
        let set = line.tokens[1]
        do throws(SyscallSetError) {
            _ = try SyscallSetExpression.parse(set, architectures: Self.architectures)
        } catch {
            throw line.error(error.token, error.description)
        }
        filter.rules.append(Rule(action, [SyscallSelector(set)]))
    }

    private mutating func addNotifyRule(
        _ rule: NotifyRule, _ line: PolicyLine, _ lines: inout NotifyRuleLines
    ) throws(PolicyFileError) {
        do throws(SupervisionPolicyError) {
            try add(rule, for: SyscallSelector(line.tokens[1]))
            lines.record(line.tokens[1], line: line.number)
        } catch {
            throw line.error(error.token, error.reason + lines.earlier(error.conflict))
        }
    }
}

/// Which line gave each syscall its supervisor rule, to point at both lines of a conflict.
private struct NotifyRuleLines {
    private var lines: [String: Int] = [:]

    mutating func record(_ set: String, line: Int) {
        guard let resolved = try? SyscallSetExpression.parse(set, architectures: SupervisionPolicy.architectures) else {
            return
        }
        for (architecture, numbers) in resolved.numbers {
            let table = SyscallTable.forArchitecture(architecture)
            for number in numbers {
                if let name = table.entry(number: number)?.name, lines[name] == nil { lines[name] = line }
            }
        }
    }

    func earlier(_ name: String?) -> String {
        guard let name, let line = lines[name] else { return "" }
        return " on line \(line)"
    }
}

/// One tokenized line, for error messages.
private struct PolicyLine {
    let file: String
    let number: Int
    let tokens: [String]

    func error(_ token: String, _ reason: String) -> PolicyFileError {
        PolicyFileError(file: file, line: number, token: token, reason: reason)
    }

    func expectCount(_ count: Int, usage: String) throws(PolicyFileError) {
        try expectCount(count...count, usage: usage)
    }

    func expectCount(_ range: ClosedRange<Int>, usage: String) throws(PolicyFileError) {
        if tokens.count > range.upperBound {
            let extra = tokens[range.upperBound]
            let before = tokens[..<range.upperBound].joined(separator: " ")
            throw error(extra, "unexpected '\(extra)' after '\(before)' (usage: \(usage))")
        }
        if tokens.count < range.lowerBound {
            throw error(tokens[0], "'\(tokens[0])' is missing an argument (usage: \(usage))")
        }
    }

    func errno(at index: Int) throws(PolicyFileError) -> UInt16 {
        do throws(ErrnoValueError) {
            return try ErrnoValue.parse(tokens[index])
        } catch {
            throw self.error(tokens[index], error.description)
        }
    }

    static func hint(_ suggestions: [String]) -> String {
        suggestions.isEmpty ? "" : " (did you mean \(suggestions.joined(separator: ", "))?)"
    }
}
