public import SyscallTables

/// A bad syscall set expression: one line naming the token, with the closest real names for a misspelling.
public struct SyscallSetError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The token as written (without `?`).
    public let token: String
    /// Real names close to `token` by edit distance, best first.
    public let suggestions: [String]
    public let reason: String

    public var description: String {
        let hint = suggestions.isEmpty ? "" : " (did you mean \(suggestions.joined(separator: ", "))?)"
        return "\(reason) '\(token)'\(hint)"
    }
}

/// A set of syscalls written as strace's `-e trace=` takes it, plus syshook's `@family`.
///
/// Comma-separated items, each one of: a syscall name (`openat`), a number (`257`), a class (`%file`,
/// `%%stat`; also the old spellings `file`, `process`, `network`, `signal`, `ipc`, `desc`, `memory`), a family
/// (`@open` = open, openat, openat2, creat), a regular expression matched anywhere in the name (`/^sched_`),
/// `all` or `none`. An item that names nothing is an error, unless written with a leading `?`; a
/// `!` before the whole expression takes the complement (`!%file,close`: everything except those).
///
/// Names are resolved per architecture because numbers differ; a name need only exist on one of the
/// architectures asked for. A name that glibc never issues on the primary architecture (such as `open` on
/// x86-64, which glibc implements with `openat`) resolves as written but produces a warning suggesting the
/// family, so nobody waits for calls that never come (seed 000).
public struct SyscallSetExpression: Hashable, Sendable {
    public enum Item: Hashable, Sendable {
        case name(String)
        case number(Int)
        case syscallClass(String)
        case family(String)
        case regex(String)
        case all
        case none
    }

    public let text: String
    /// `!` before the expression: the set is everything except the items.
    public let negated: Bool
    public let items: [(item: Item, optional: Bool)]

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// Class names strace accepted without `%` before version 4.17; still accepted, as strace does.
    static let legacyClassNames: Set<String> = ["desc", "file", "ipc", "memory", "network", "process", "signal"]

    /// Checks the syntax: classes and families must exist and regular expressions must compile. Names are
    /// checked when resolved, because they depend on the architecture.
    public init(parsing text: String) throws(SyscallSetError) {
        self.text = text
        var body = Substring(text)
        negated = body.hasPrefix("!")
        if negated { body = body.dropFirst() }
        var items: [(Item, Bool)] = []
        for rawToken in body.split(separator: ",", omittingEmptySubsequences: false) {
            var token = rawToken.trimmingWhitespace()
            let optional = token.hasPrefix("?")
            if optional { token = token.dropFirst() }
            let spelled = String(token)
            if token.isEmpty {
                throw SyscallSetError(token: text, suggestions: [], reason: "empty item in syscall set")
            } else if token == "all" {
                items.append((.all, optional))
            } else if token == "none" {
                items.append((.none, optional))
            } else if token.hasPrefix("%") {
                let name = String(token.dropFirst())
                guard SyscallClass.named(name) != nil else {
                    if optional { continue }
                    throw SyscallSetError(token: spelled, suggestions: Self.closest(
                        name, among: SyscallClass.byName.map(\.name)).map { "%" + $0 }, reason: "unknown syscall class")
                }
                items.append((.syscallClass(name), optional))
            } else if token.hasPrefix("@") {
                let name = String(token.dropFirst())
                guard SyscallFamily.named(name) != nil else {
                    if optional { continue }
                    throw SyscallSetError(token: spelled, suggestions: Self.closest(
                        name, among: SyscallFamily.all.map(\.name)).map { "@" + $0 }, reason: "unknown syscall family")
                }
                items.append((.family(name), optional))
            } else if token.hasPrefix("/") {
                let pattern = String(token.dropFirst())
                do { _ = try Regex(pattern) } catch {
                    throw SyscallSetError(token: spelled, suggestions: [], reason: "invalid regular expression")
                }
                items.append((.regex(pattern), optional))
            } else if Self.legacyClassNames.contains(spelled) {
                // strace still takes the class names it had before `%` (trace=file), and tries them first.
                items.append((.syscallClass(spelled), optional))
            } else if let number = Int(token), number >= 0 {
                items.append((.number(number), optional))
            } else {
                items.append((.name(spelled), optional))
            }
        }
        self.items = items
    }

    /// The numbers of the set on `architecture`, and the items that named nothing there (names, numbers and
    /// `/regex`es as written; `?` items are never listed).
    public func resolve(for architecture: Architecture) -> (numbers: Set<Int>, unknownNames: [String]) {
        let table = SyscallTable.forArchitecture(architecture)
        var numbers: Set<Int> = []
        var unknown: [String] = []
        for (item, optional) in items {
            switch item {
            case .all: numbers.formUnion(table.entries.map(\.number))
            case .none: break
            case .number(let number):
                // As strace: a number must name a syscall of the architecture.
                if table.entry(number: number) != nil {
                    numbers.insert(number)
                } else if !optional {
                    unknown.append(String(number))
                }
            case .name(let name):
                if let entry = table.entry(named: name) {
                    numbers.insert(entry.number)
                } else if !optional {
                    unknown.append(name)
                }
            case .syscallClass(let name):
                let wanted = SyscallClass.named(name)!
                numbers.formUnion(table.entries.filter { !$0.classes.isDisjoint(with: wanted) }.map(\.number))
            case .family(let name):
                numbers.formUnion(SyscallFamily.named(name)!.members(in: table).map(\.number))
            case .regex(let pattern):
                // Checked in init; a Regex is not Sendable, so it is compiled again here.
                if let regex = try? Regex(pattern) {
                    let matches = table.entries.filter { $0.name.contains(regex) }.map(\.number)
                    numbers.formUnion(matches)
                    if matches.isEmpty && !optional { unknown.append("/" + pattern) }
                }
            }
        }
        if negated {
            numbers = Set(table.entries.map(\.number)).subtracting(numbers)
        }
        return (numbers, unknown)
    }

    /// Warnings about names glibc never issues on `architecture` (see the type's documentation).
    public func warnings(for architecture: Architecture) -> [String] {
        let table = SyscallTable.forArchitecture(architecture)
        var warnings: [String] = []
        for case (.name(let name), _) in items {
            guard let replacement = table.libcReplacement(for: name) else { continue }
            let missing = table.entry(named: name) == nil ? "\(architecture) has no \(name) syscall; " : ""
            let advice: String
            if let family = SyscallFamily.containing(name).first {
                advice = "use @\(family.name) to trace the whole family"
            } else {
                advice = "name \(replacement) as well"
            }
            warnings.append("\(name): \(missing)glibc on \(architecture) issues \(replacement) instead; \(advice)")
        }
        return warnings
    }

    /// Parses `text` and resolves it for one architecture.
    /// - Throws: `SyscallSetError` for bad syntax or a name unknown on `architecture` (unless written `?name`, or
    ///   a name glibc replaces there, which only warns).
    public static func parse(
        _ text: String, architecture: Architecture
    ) throws(SyscallSetError) -> (numbers: Set<Int>, warnings: [String]) {
        let result = try parse(text, architectures: [architecture])
        return (result.numbers[architecture] ?? [], result.warnings)
    }

    /// Parses `text` and resolves it for each architecture; the first is the primary one warnings speak of.
    /// A name must exist on at least one of them.
    public static func parse(
        _ text: String, architectures: [Architecture]
    ) throws(SyscallSetError) -> (numbers: [Architecture: Set<Int>], warnings: [String]) {
        let expression = try SyscallSetExpression(parsing: text)
        var numbers: [Architecture: Set<Int>] = [:]
        var unknownEverywhere: Set<String>? = nil
        for architecture in architectures {
            let resolved = expression.resolve(for: architecture)
            numbers[architecture] = resolved.numbers
            let unknown = Set(resolved.unknownNames)
            unknownEverywhere = unknownEverywhere.map { $0.intersection(unknown) } ?? unknown
        }
        let warnings = architectures.first.map { expression.warnings(for: $0) } ?? []
        let primary = architectures.first.map(SyscallTable.forArchitecture)
        for (item, optional) in expression.items where !optional {
            switch item {
            case .number(let number) where unknownEverywhere?.contains(String(number)) == true:
                throw SyscallSetError(token: String(number), suggestions: [], reason: "no syscall has the number")
            case .regex(let pattern) where unknownEverywhere?.contains("/" + pattern) == true:
                throw SyscallSetError(token: "/" + pattern, suggestions: [], reason: "no syscall name matches")
            default: continue
            }
        }
        for case (.name(let name), _) in expression.items where unknownEverywhere?.contains(name) == true {
            if primary?.libcReplacement(for: name) != nil { continue }  // warned about, not an error
            let everyName = Set(Architecture.allCases.flatMap { SyscallTable.forArchitecture($0).entries.map(\.name) })
            let elsewhere = Architecture.allCases.filter { SyscallTable.forArchitecture($0).entry(named: name) != nil }
            if !elsewhere.isEmpty {
                let names = architectures.map(\.rawValue).joined(separator: " or ")
                throw SyscallSetError(token: name, suggestions: closest(name, among: everyName.subtracting([name])),
                                      reason: "no such syscall on \(names) (only on \(elsewhere.map(\.rawValue).joined(separator: ", ")))")
            }
            throw SyscallSetError(token: name, suggestions: closest(name, among: everyName), reason: "unknown syscall")
        }
        return (numbers, warnings)
    }

    /// Up to three names within a small edit distance of `name`, closest first.
    static func closest<S: Sequence<String>>(_ name: String, among candidates: S) -> [String] {
        let limit = max(2, name.count / 3)
        return candidates
            .map { (candidate: $0, distance: editDistance(name, $0)) }
            .filter { $0.distance <= limit }
            .sorted { ($0.distance, $0.candidate) < ($1.distance, $1.candidate) }
            .prefix(3)
            .map(\.candidate)
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var result = self
        while result.first?.isWhitespace == true { result = result.dropFirst() }
        while result.last?.isWhitespace == true { result = result.dropLast() }
        return result
    }
}
