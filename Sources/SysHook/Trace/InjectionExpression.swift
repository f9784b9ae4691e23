import Seccomp
public import SyscallTables
public import Tracer

/// Parses strace's tampering expressions into `InjectionRule`s:
/// `inject=SET:error=ERRNO|retval=N[:signal=SIG][:delay_enter=USEC][:delay_exit=USEC][:when=EXPR]` and
/// `fault=SET[:error=ERRNO][:when=EXPR]` (a fault fails with ENOSYS unless told otherwise).
public enum InjectionExpression {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public static func parse(
        _ text: String, fault: Bool, architectures: [Architecture]
    ) throws(Failure) -> (rule: InjectionRule, warnings: [String]) {
        let kind = fault ? "fault" : "inject"
        var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let setText = parts.first, !setText.isEmpty else {
            throw Failure(description: "invalid \(kind) expression '\(text)': no syscall set")
        }
        parts.removeFirst()
        let parsed: (numbers: [Architecture: Set<Int>], warnings: [String])
        do {
            parsed = try SyscallSetExpression.parse(setText, architectures: architectures)
        } catch {
            throw Failure(description: "invalid \(kind) expression '\(text)': \(error.description)")
        }
        var rule = InjectionRule(syscalls: parsed.numbers)
        for part in parts {
            guard let equals = part.firstIndex(of: "=") else {
                throw Failure(description: "invalid \(kind) expression '\(text)': '\(part)' is not KEY=VALUE")
            }
            let key = String(part[..<equals])
            let value = String(part[part.index(after: equals)...])
            func bad(_ why: String) -> Failure {
                Failure(description: "invalid \(kind) expression '\(text)': \(key)=\(value): \(why)")
            }
            switch key {
            case "error":
                guard let number = ErrnoTable.number(named: value) ?? Int32(value), number > 0, number < 4096 else {
                    throw bad("no such errno")
                }
                if rule.result != nil { throw bad("error= and retval= exclude each other") }
                rule.result = .error(number)
            case "retval":
                guard !fault, let number = Int64(value), number >= 0 else { throw bad("expected a non-negative integer") }
                if rule.result != nil { throw bad("error= and retval= exclude each other") }
                rule.result = .value(number)
            case "signal":
                guard !fault, let number = SignalTable.number(named: value) else { throw bad("no such signal") }
                rule.signal = number
            case "delay_enter", "delay_exit":
                guard !fault, let micros = UInt64(value) else { throw bad("expected microseconds") }
                if key == "delay_enter" { rule.delayEnter = micros } else { rule.delayExit = micros }
            case "when":
                rule.schedule = try schedule(value, bad: bad)
            default:
                throw bad("unknown key (expected error, retval, signal, delay_enter, delay_exit, when)")
            }
        }
        if fault && rule.result == nil { rule.result = .error(38) }  // ENOSYS
        if rule.result == nil && rule.signal == nil && rule.delayEnter == nil && rule.delayExit == nil {
            throw Failure(description: "invalid \(kind) expression '\(text)': says neither error=, retval=, signal= nor delay_*=")
        }
        return (rule, parsed.warnings)
    }

    /// `FIRST`, `FIRST+`, `FIRST+STEP`, `FIRST..LAST`, `FIRST..LAST+STEP`; numbers 1…65535.
    static func schedule(_ text: String, bad: (String) -> Failure) throws(Failure) -> InjectionSchedule {
        func number(_ part: Substring) throws(Failure) -> Int {
            guard let value = Int(part), (1...65535).contains(value) else { throw bad("expected a number from 1 to 65535") }
            return value
        }
        var body = Substring(text)
        var step = 0
        if let plus = body.firstIndex(of: "+") {
            let stepText = body[body.index(after: plus)...]
            step = stepText.isEmpty ? 1 : try number(stepText)
            body = body[..<plus]
        }
        var last: Int?
        var firstText = body
        if let range = body.firstRange(of: "..") {
            firstText = body[..<range.lowerBound]
            last = try number(body[range.upperBound...])
        }
        let first = try number(firstText)
        if let last {
            if last < first { throw bad("the range is empty") }
            if step == 0 { step = 1 }
        }
        return InjectionSchedule(first: first, last: last, step: step)
    }

    /// `--kill-after SET=N`: SIGKILL at the (N+1)th call, which does not run.
    public static func killAfter(_ text: String, architectures: [Architecture]) throws(Failure) -> InjectionRule {
        guard let equals = text.lastIndex(of: "="), let count = Int(text[text.index(after: equals)...]),
              (0...65534).contains(count) else {
            throw Failure(description: "invalid --kill-after '\(text)': expected SET=N, N from 0 to 65534")
        }
        let (rule, _) = try parse(String(text[..<equals]) + ":signal=KILL:when=\(count + 1)", fault: false,
                                  architectures: architectures)
        return rule
    }
}
