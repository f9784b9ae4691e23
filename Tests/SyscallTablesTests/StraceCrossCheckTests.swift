import Foundation
import Testing
import SyscallTables
import TestSupport

/// Compares the tables with the strace 6.1 installed on the machine, on real programs.
/// strace, if it is installed and allowed to trace (ptrace may be forbidden in a container).
enum InstalledStrace {
    static let path: String? = {
        #if arch(x86_64)
        guard let path = Executables.which("strace"),
              let result = try? runProgram(path, ["-o", "/dev/null", "/bin/true"]), result.status == 0
        else { return nil }
        return path
        #else
        return nil  // the comparisons name x86_64 syscalls
        #endif
    }()
}

@Suite(.enabled(if: InstalledStrace.path != nil, "strace is not installed or cannot trace here"))
struct StraceCrossCheckTests {
    /// A workload touching files, descriptors, processes, memory and signals.
    static let workload = ["/bin/sh", "-c", "ls -la /etc >/dev/null; cat /etc/hostname >/dev/null; (true) & wait; stat / >/dev/null"]

    /// The syscall names strace printed with `filter`.
    static func tracedNames(_ filter: String) throws -> Set<String> {
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("syscalltables-strace-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try runProgram(InstalledStrace.path!, ["-f", "-qq", "-e", "trace=\(filter)", "-o", output.path] + workload)
        #expect(result.status == 0, "strace failed: \(result.stderr)")
        var names: Set<String> = []
        for line in try String(contentsOf: output, encoding: .utf8).split(separator: "\n") {
            // "1234  openat(AT_FDCWD, ..." — skip "<... read resumed>", "+++ exited", "--- SIGCHLD".
            let text = line.drop(while: { $0.isNumber || $0 == " " })
            guard let paren = text.firstIndex(of: "("), !text.hasPrefix("<"), !text.hasPrefix("+"),
                  !text.hasPrefix("-") else { continue }
            names.insert(String(text[..<paren]))
        }
        return names
    }

    @Test(arguments: ["file", "desc", "process", "memory", "signal", "stat", "fstat", "%stat", "pure", "creds"])
    func classSelectsWhatStraceSelects(className: String) throws {
        let everything = try Self.tracedNames("all")
        let selected = try Self.tracedNames("%" + className)
        let wanted = try #require(SyscallClass.named(className))
        let predicted = everything.filter { name in
            SyscallTable.x86_64.entry(named: name).map { !$0.classes.isDisjoint(with: wanted) } ?? false
        }
        #expect(!everything.isEmpty)
        #expect(selected == predicted, "strace %\(className) chose \(selected.sorted()); table predicts \(predicted.sorted())")
    }

    /// With `-e raw=all` strace prints every argument it counts, undecoded; compare with the table.
    @Test func argumentCountsMatchRawOutput() throws {
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("syscalltables-raw-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try runProgram(InstalledStrace.path!, ["-f", "-qq", "-e", "raw=all", "-o", output.path] + Self.workload)
        #expect(result.status == 0, "strace failed: \(result.stderr)")
        var checked: Set<String> = []
        for line in try String(contentsOf: output, encoding: .utf8).split(separator: "\n") {
            let text = line.drop(while: { $0.isNumber || $0 == " " })
            // Only complete lines: "name(0x1, 0x2) = 0". Raw arguments are bare numbers, so commas split them.
            guard let open = text.firstIndex(of: "("), let close = text.firstIndex(of: ")"), open < close,
                  !text.hasPrefix("<"), !text.contains("unfinished") else { continue }
            let name = String(text[..<open])
            let inside = text[text.index(after: open)..<close]
            let count = inside.isEmpty ? 0 : inside.split(separator: ",").count
            let entry = try #require(SyscallTable.x86_64.entry(named: name), "strace printed unknown \(name)")
            #expect(entry.argumentCount == count, "\(name): strace printed \(count) arguments")
            checked.insert(name)
        }
        #expect(checked.count > 20, "too few syscalls seen: \(checked.sorted())")
    }

    /// glibc 2.36 issues openat for open and clone for fork (Tools/Inputs/glibc-2.36-syscalls.txt).
    @Test func libcRoutesSeenOnRealPrograms() throws {
        let names = try Self.tracedNames("open,openat,fork,clone,stat,newfstatat")
        #expect(names.contains("openat"))
        #expect(names.contains("clone"))
        #expect(!names.contains("open"), "glibc should not issue open on x86_64")
        #expect(!names.contains("fork"), "glibc should not issue fork on x86_64")
        #expect(!names.contains("stat"), "glibc should not issue stat on x86_64")
        for name in ["open", "fork", "stat"] {
            let replacement = try #require(SyscallTable.x86_64.libcReplacement(for: name))
            #expect(names.contains(replacement))
        }
    }
}
