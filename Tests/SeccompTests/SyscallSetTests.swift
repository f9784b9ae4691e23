import SyscallTables
import Testing
@testable import Seccomp

@Suite struct SyscallSetTests {
    func number(_ name: String, _ architecture: Architecture = .x86_64) throws -> Int {
        try #require(SyscallTable.forArchitecture(architecture).entry(named: name)).number
    }

    func parse(_ text: String, _ architecture: Architecture = .x86_64) throws -> Set<Int> {
        try SyscallSetExpression.parse(text, architecture: architecture).numbers
    }

    @Test func namesNumbersAndAll() throws {
        let openatAndClose: Set<Int> = [try number("openat"), try number("close")]
        #expect(try parse("openat,close") == openatAndClose)
        #expect(try parse(" openat , close ") == openatAndClose)
        #expect(try parse("257") == [257])
        let all = Set(SyscallTable.x86_64.entries.map(\.number))
        #expect(try parse("all") == all)
        #expect(try parse("none").isEmpty)
        let getppid = try number("getppid")
        #expect(try parse("!getppid") == all.subtracting([getppid]))
    }

    @Test func classesFamiliesAndRegexes() throws {
        let file = try parse("%file")
        #expect(file.contains(try number("openat")))
        #expect(!file.contains(try number("getppid")))
        let openFamily = Set(try ["open", "openat", "openat2", "creat"].map { try number($0) })
        #expect(try parse("@open") == openFamily)
        let armOpenFamily = Set(try ["openat", "openat2"].map { try number($0, .aarch64) })
        #expect(try parse("@open", .aarch64) == armOpenFamily)
        let regex = try parse("/^getp")
        let getppid = try number("getppid"), getpid = try number("getpid"), getuid = try number("getuid")
        #expect(regex.contains(getppid) && regex.contains(getpid))
        #expect(!regex.contains(getuid))
    }

    @Test func unknownNamesAreOneLineErrorsWithSuggestions() throws {
        do {
            _ = try SyscallSetExpression.parse("opne,close", architecture: .x86_64)
            Issue.record("opne was accepted")
        } catch {
            #expect(error.token == "opne")
            #expect(error.suggestions.contains("open"))
            let expected = "unknown syscall 'opne' (did you mean \(error.suggestions.joined(separator: ", "))?)"
            #expect(error.description == expected)
            #expect(!error.description.contains("\n"))
        }
        #expect(throws: SyscallSetError.self) { try parse("%fiel") }
        #expect(throws: SyscallSetError.self) { try parse("@opn") }
        #expect(throws: SyscallSetError.self) { try parse("/(") }
        #expect(throws: SyscallSetError.self) { try parse("read,,write") }
        #expect(throws: SyscallSetError.self) { try parse("/^nosuchprefix") }
        #expect(throws: SyscallSetError.self) { try parse("99999") }
        #expect(try parse("?/^nosuchprefix,?99999").isEmpty)
        // `?` silences an unknown name.
        let close = try number("close")
        #expect(try parse("?nosuchcall,close") == [close])
    }

    @Test func aNameNeedOnlyExistOnOneArchitecture() throws {
        // fstatat64 is i386-only, newfstatat x86-64-only.
        let result = try SyscallSetExpression.parse("fstatat64,newfstatat", architectures: [.x86_64, .i386])
        let newfstatat = try number("newfstatat")
        let fstatat64 = try number("fstatat64", .i386)
        #expect(result.numbers[.x86_64] == [newfstatat])
        #expect(result.numbers[.i386] == [fstatat64])
        #expect(throws: SyscallSetError.self) { try parse("fstatat64") }
    }

    @Test func warnsWhenGlibcNeverIssuesTheName() throws {
        let result = try SyscallSetExpression.parse("open", architecture: .x86_64)
        let open = try number("open")
        #expect(result.numbers == [open])
        #expect(result.warnings == ["open: glibc on x86_64 issues openat instead; use @open to trace the whole family"])
        #expect(try SyscallSetExpression.parse("openat", architecture: .x86_64).warnings.isEmpty)
        // aarch64 has no open at all: a warning, not an error.
        let arm = try SyscallSetExpression.parse("open", architecture: .aarch64)
        #expect(arm.numbers.isEmpty)
        #expect(arm.warnings.first?.contains("aarch64 has no open syscall") == true)
    }

    /// strace's pre-% class names still work, before syscall names (so `ipc` is the class even on i386).
    @Test func legacyClassNames() throws {
        #expect(try parse("file") == (try parse("%file")))
        #expect(try parse("network,process") == (try parse("%network,%process")))
        #expect(try parse("ipc", .i386) == (try parse("%ipc", .i386)))
    }

    @Test func editDistance() {
        #expect(SyscallSetExpression.editDistance("opne", "open") == 2)
        #expect(SyscallSetExpression.editDistance("", "abc") == 3)
        #expect(SyscallSetExpression.editDistance("getppid", "getppid") == 0)
    }
}
