import SyscallTables

/// How the per-architecture part of a filter finds the action of a syscall number.
public enum FilterGenerator: String, Hashable, Sendable, CaseIterable {
    /// Runs of consecutive numbers with the same action: one `jeq` for a single number, a `jge`/`jgt` pair for a
    /// range, in ascending order. Short for small sets.
    case linear
    /// A 32-bit bitmap word per 32 syscall numbers: `A = nr >> 5`, `X = 1 << (nr & 31)`, then per word one
    /// `jeq` on the index and per action a `jset` on its mask; full words collapse to one `jeq`, empty words
    /// vanish. Short for large sets (strace's "binary match" generator).
    case bitmap
}

/// The labels generated code jumps to: one return per distinct action.
struct ActionLabels {
    private(set) var used: [SeccompAction] = []

    mutating func label(_ action: SeccompAction) -> Label {
        if !used.contains(action) { used.append(action) }
        return Self.name(action)
    }

    static func name(_ action: SeccompAction) -> Label { Label("return.\(action)") }
}

extension FilterGenerator {
    /// The instructions that decide the action of a syscall of `architecture` once its audit arch matched.
    /// Loads the number itself; ends with a terminal instruction; jumps to `labels` for actions.
    func body(
        for architecture: Architecture, of specification: FilterSpecification, labels: inout ActionLabels
    ) -> [Instruction] {
        let rules = specification.effectiveRules(for: architecture)
        let defaultLabel = labels.label(specification.defaultAction)
        var code: [Instruction] = [.loadAbsolute(offset: SeccompData.numberOffset)]
        if architecture == .x86_64 {
            // x32 numbers go to the unknown-architecture action; only -1 escapes (see FilterSpecification.isX32).
            code += [
                .jumpIfGreaterOrEqual(Architecture.x32SyscallBit, ifFalse: Self.searchLabel),
                .jumpIfEqual(UInt32.max, ifTrue: defaultLabel,
                             ifFalse: labels.label(specification.unknownArchitectureAction)),
                .label(Self.searchLabel),
            ]
        }
        if rules.isEmpty {
            code.append(.jump(to: defaultLabel))
        } else {
            switch self {
            case .linear: code += linear(rules, defaultLabel: defaultLabel, labels: &labels)
            case .bitmap: code += bitmap(rules, of: architecture, defaultLabel: defaultLabel, labels: &labels)
            }
        }
        return code
    }

    static let searchLabel: Label = "x86_64.search"

    private func linear(
        _ rules: [(number: UInt32, action: SeccompAction)], defaultLabel: Label, labels: inout ActionLabels
    ) -> [Instruction] {
        var runs: [(low: UInt32, high: UInt32, action: SeccompAction)] = []
        for rule in rules {
            if let last = runs.last, last.action == rule.action, last.high &+ 1 == rule.number {
                runs[runs.count - 1].high = rule.number
            } else {
                runs.append((rule.number, rule.number, rule.action))
            }
        }
        var code: [Instruction] = []
        for run in runs {
            let target = labels.label(run.action)
            if run.low == run.high {
                code.append(.jumpIfEqual(run.low, ifTrue: target))
            } else {
                // Runs are ascending and every earlier number was tested, so A < low means no rule matches.
                code.append(.jumpIfGreaterOrEqual(run.low, ifFalse: defaultLabel))
                code.append(.jumpIfGreater(run.high, ifFalse: target))
            }
        }
        code.append(.jump(to: defaultLabel))
        return code
    }

    private func bitmap(
        _ rules: [(number: UInt32, action: SeccompAction)], of architecture: Architecture, defaultLabel: Label,
        labels: inout ActionLabels
    ) -> [Instruction] {
        // word index -> [(action, mask)] in first-seen order.
        var words: [UInt32: [(action: SeccompAction, mask: UInt32)]] = [:]
        for rule in rules {
            let word = rule.number >> 5
            let bit = UInt32(1) << (rule.number & 31)
            var groups = words[word] ?? []
            if let index = groups.firstIndex(where: { $0.action == rule.action }) {
                groups[index].mask |= bit
            } else {
                groups.append((rule.action, bit))
            }
            words[word] = groups
        }
        var code: [Instruction] = [
            .alu(.and, .constant(31)), .tax, .loadImmediate(1), .alu(.leftShift, .x), .tax,  // X = 1 << (nr & 31)
            .loadAbsolute(offset: SeccompData.numberOffset), .alu(.rightShift, .constant(5)),  // A = nr >> 5
        ]
        for word in words.keys.sorted() {
            let groups = words[word]!
            if groups.count == 1 && groups[0].mask == UInt32.max {
                code.append(.jumpIfEqual(word, ifTrue: labels.label(groups[0].action)))
                continue
            }
            let next = Label("\(architecture).word.\(word)")
            code.append(.jumpIfEqual(word, ifFalse: next))
            for (index, group) in groups.enumerated() {
                let isLast = index == groups.count - 1
                code.append(.loadImmediate(group.mask))
                code.append(.jumpIf(.bitsSet, .x, ifTrue: labels.label(group.action), ifFalse: isLast ? defaultLabel : nil))
            }
            code.append(.label(next))
        }
        code.append(.jump(to: defaultLabel))
        return code
    }
}
