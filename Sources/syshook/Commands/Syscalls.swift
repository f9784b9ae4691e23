import ArgumentParser
import SysHook

extension SysHookCommand {
    /// `syshook syscalls`: what the tables know about a syscall, a class or a family.
    struct Syscalls: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "syscalls",
            abstract: "Show what syshook knows about syscalls: numbers, arguments, classes, families.",
            discussion: """
                Examples:
                  syshook syscalls open        # number, argument kinds, classes; glibc issues openat instead
                  syshook syscalls 257         # by number
                  syshook syscalls %network    # every syscall of a class
                  syshook syscalls @fork       # a family: fork, vfork, clone, clone3
                  syshook syscalls --arch aarch64 @open
                """)

        @Argument(help: "A name, number, %class or @family.")
        var query: String

        @Option(help: "The architecture's table: x86_64, i386 or aarch64.")
        var arch: String = Architecture.native.rawValue

        func run() throws {
            guard let architecture = Architecture(rawValue: arch) else {
                throw CommandFailure("unknown architecture '\(arch)' (x86_64, i386, aarch64)")
            }
            let table = SyscallTable.forArchitecture(architecture)
            var lines: [String] = []
            if let number = Int(query) {
                guard let entry = table.entry(number: number) else {
                    throw CommandFailure("no syscall number \(number) on \(architecture)")
                }
                lines = describe(entry, table: table)
            } else if query.hasPrefix("%") || query.hasPrefix("@") || query.hasPrefix("/") {
                let set: Set<Int>
                do {
                    set = try SyscallSetExpression.parse(query, architecture: architecture).numbers
                } catch {
                    throw CommandFailure(error.description)
                }
                if query.hasPrefix("@"), let family = SyscallFamily.named(String(query.dropFirst())) {
                    lines.append("@\(family.name): \(family.summary)")
                }
                for number in set.sorted() {
                    if let entry = table.entry(number: number) { lines.append(summaryLine(entry)) }
                }
            } else if let entry = table.entry(named: query) {
                lines = describe(entry, table: table)
            } else {
                lines = libcNote(query, table: table)
                if lines.isEmpty {
                    do {
                        _ = try SyscallSetExpression.parse(query, architecture: architecture)
                    } catch {
                        throw CommandFailure(error.description)
                    }
                    throw CommandFailure("no syscall named '\(query)' on \(architecture)")
                }
            }
            print(lines.joined(separator: "\n"))
        }

        private func summaryLine(_ entry: SyscallEntry) -> String {
            let number = String(entry.number)
            return String(repeating: " ", count: max(0, 5 - number.count)) + number + "  " + entry.name
                + "(" + entry.arguments.map(kindName).joined(separator: ", ") + ")"
        }

        private func describe(_ entry: SyscallEntry, table: SyscallTable) -> [String] {
            var lines = ["\(entry.name): number \(entry.number) on \(table.architecture), \(entry.argumentCount) argument\(entry.argumentCount == 1 ? "" : "s") ("
                + entry.arguments.map(kindName).joined(separator: ", ") + ")"]
            let classes = SyscallClass.byName.filter { entry.classes.contains($0.value) && $0.name != "net" }
                .map { "%" + $0.name }
            if !classes.isEmpty { lines.append("classes: " + classes.joined(separator: " ")) }
            let families = SyscallFamily.containing(entry.name).map { "@" + $0.name }
            if !families.isEmpty { lines.append("families: " + families.joined(separator: " ")) }
            lines += libcNote(entry.name, table: table)
            return lines
        }

        private func libcNote(_ name: String, table: SyscallTable) -> [String] {
            switch table.libcRoute(for: name) {
            case .replaced(let syscall, let legacyExists)?:
                let family = SyscallFamily.containing(name).first.map { "; trace @\($0.name) for all of them" } ?? ""
                let missing = legacyExists ? "" : " (\(table.architecture) has no \(name) syscall)"
                return ["glibc on \(table.architecture) never issues \(name)\(missing): \(name)() calls \(syscall)\(family)"]
            case .vdso?:
                return ["glibc on \(table.architecture) answers \(name)() from the vDSO: usually no syscall at all"]
            case .sameSyscall?, nil:
                return []
            }
        }

        private func kindName(_ kind: ArgumentKind) -> String {
            switch kind {
            case .signed: "int"
            case .unsigned: "unsigned"
            case .hex: "flags"
            case .descriptor: "fd"
            case .string: "string"
            case .pointer: "pointer"
            }
        }
    }
}
