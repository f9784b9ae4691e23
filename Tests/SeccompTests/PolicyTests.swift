import SyscallTables
import SystemPackage
import Testing
@testable import Seccomp

@Suite struct PolicyTests {
    func action(_ program: SeccompProgram, _ name: String, _ architecture: Architecture = .x86_64) throws -> SeccompAction {
        let number = try #require(SyscallTable.forArchitecture(architecture).entry(named: name)).number
        return try program.action(for: SeccompData(number: Int32(number), architecture: architecture.auditArch))
    }

    @Test func readsLikeTheRulesItStates() throws {
        let quiet = true
        let policy = SeccompPolicy(default: .allow) {
            Rule.deny("mkdir", errno: .notPermitted)
            Rule.trace(.family("open"))
            Rule.kill(.class(.network))
            if quiet { Rule.log("getppid") } else { Rule.trace("getppid") }
            for name in ["getuid", "getgid"] { Rule.deny(.name(name), errno: .permissionDenied) }
        }
        let program = try policy.compile(for: [.x86_64, .i386])
        #expect(try action(program, "mkdir") == .errno(1))
        #expect(try action(program, "mkdir", .i386) == .errno(1))
        #expect(try action(program, "open") == .trace(0))
        #expect(try action(program, "openat") == .trace(0))
        #expect(try action(program, "creat") == .trace(0))
        #expect(try action(program, "connect") == .killProcess)
        #expect(try action(program, "socket", .i386) == .killProcess)
        #expect(try action(program, "getppid") == .log)
        #expect(try action(program, "getuid") == .errno(13))
        #expect(try action(program, "getgid32", .i386) == .allow)  // only the names given
        #expect(try action(program, "read") == .allow)
        #expect(policy.effectiveUnknownArchitectureAction == .killProcess)
        let (specification, _) = try policy.specification(for: [.x86_64, .i386])
        #expect(FilterCompiler.verify(program, against: specification).isEmpty)
    }

    @Test func theMostRestrictiveActionWinsWhateverTheOrder() throws {
        let first = SeccompPolicy { Rule.allow("getppid"); Rule.log("getppid"); Rule.kill("getppid") }
        let second = SeccompPolicy { Rule.kill("getppid"); Rule.deny("getppid"); Rule.allow("getppid") }
        #expect(try action(first.compile(), "getppid") == .killProcess)
        #expect(try action(second.compile(), "getppid") == .killProcess)
        let byNumber = SeccompPolicy { Rule.deny("getppid", errno: 38) }
        #expect(try action(byNumber.compile(), "getppid") == .errno(38))
        let errnoOverTrace = SeccompPolicy { Rule.trace("%file"); Rule.deny("openat", errno: .noSuchFileOrDirectory) }
        #expect(try action(errnoOverTrace.compile(), "openat") == .errno(2))
        #expect(try action(errnoOverTrace.compile(), "unlinkat") == .trace(0))
    }

    @Test func listsTheSyscallsOfAnAction() throws {
        let policy = SeccompPolicy { Rule.trace(.family("open")); Rule.deny("openat"); Rule.log("getppid") }
        let traced = try policy.syscalls(for: [.x86_64]) { $0 == .trace(0) }
        let names = Set(traced[.x86_64, default: []].compactMap { SyscallTable.x86_64.entry(number: $0)?.name })
        #expect(names == ["open", "openat2", "creat"])  // openat is denied: the stronger action won
    }

    @Test func unknownArchitecturesFailSafe() {
        #expect(SeccompPolicy { Rule.trace("openat") }.effectiveUnknownArchitectureAction == .trace(0))
        #expect(SeccompPolicy { Rule.log("openat") }.effectiveUnknownArchitectureAction == .log)
        #expect(SeccompPolicy { Rule.allow("openat") }.effectiveUnknownArchitectureAction == .allow)
        #expect(SeccompPolicy { Rule.notify("openat") }.effectiveUnknownArchitectureAction == .killProcess)
        #expect(SeccompPolicy(default: .errno(1)) { Rule.allow("read") }.effectiveUnknownArchitectureAction == .killProcess)
        #expect(SeccompPolicy(unknownArchitecture: .errno(38)) { Rule.kill("ptrace") }.effectiveUnknownArchitectureAction
            == .errno(38))
    }

    @Test func aDefaultDenyPolicyAllowsOnlyWhatItNames() throws {
        let policy = SeccompPolicy(default: .errno(38)) { Rule.allow("read,write,exit_group") }
        let program = try policy.compile(for: [.aarch64])
        #expect(try action(program, "read", .aarch64) == .allow)
        #expect(try action(program, "openat", .aarch64) == .errno(38))
        let foreign = SeccompData(number: 63, architecture: Architecture.x86_64.auditArch)
        #expect(try program.action(for: foreign) == .killProcess)
    }

    @Test func badNamesAreOneLineErrors() {
        #expect(throws: SeccompPolicyError.self) { try SeccompPolicy { Rule.deny("mkdri") }.compile() }
        do {
            _ = try SeccompPolicy { Rule.deny("mkdri") }.compile()
        } catch {
            #expect(error.description.contains("'mkdri'") && error.description.contains("mkdir"))
        }
    }

    @Test func errnoValuesByNameOrNumber() throws {
        #expect(try ErrnoValue.parse("EPERM") == 1)
        #expect(try ErrnoValue.parse("eacces") == 13)
        #expect(try ErrnoValue.parse("38") == 38)
        #expect(try ErrnoValue.parse("EWOULDBLOCK") == 11)
        #expect(throws: ErrnoValueError.self) { try ErrnoValue.parse("0") }
        #expect(throws: ErrnoValueError.self) { try ErrnoValue.parse("4096") }
        do {
            _ = try ErrnoValue.parse("EPRM")
            Issue.record("EPRM accepted")
        } catch {
            #expect(error.suggestions.contains("EPERM"))
        }
    }
}
