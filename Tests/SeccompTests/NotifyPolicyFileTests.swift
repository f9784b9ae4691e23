import SyscallTables
import SystemPackage
import Testing

@testable import Seccomp

/// The policy file format of `syshook supervise` (docs/policy-format.md): what it means and how mistakes are
/// reported.
struct NotifyPolicyFileTests {
    private func number(_ name: String) throws -> Int {
        try #require(SyscallTable.native.entry(named: name)).number
    }

    private func action(_ program: SeccompProgram, _ name: String) throws -> SeccompAction {
        try program.action(for: SeccompData(number: Int32(number(name)), architecture: Architecture.native.auditArch))
    }

    @Test func rulesBecomeFilterActionsAndSupervisorRules() throws {
        let policy = try SupervisionPolicy(parsing: """
            # a comment line
            default allow
            deny mkdir,mkdirat EACCES   # trailing comment
            kill ptrace
            return getuid 0
            notify-log @exec
            delay getppid 25
            redirect-open /etc/hosts /tmp/../tmp/other-hosts

            """, file: "test.policy")
        let program = try NotifySupervisor.program(for: policy).program
        #expect(try action(program, "mkdirat") == .errno(UInt16(Errno.permissionDenied.rawValue)))
        #expect(try action(program, "ptrace") == .killProcess)
        #expect(try action(program, "getuid") == .userNotification)
        #expect(try action(program, "openat") == .userNotification)
        #expect(try action(program, "read") == .allow)
        #expect(policy.rule(for: .native, number: try number("getuid")) == .returnValue(0))
        #expect(policy.rule(for: .native, number: try number("execve")) == .log)
        #expect(policy.rule(for: .native, number: try number("getppid")) == .delay(milliseconds: 25))
        #expect(policy.rule(for: .native, number: try number("openat")) == .redirectOpen)
        #expect(policy.rule(for: .native, number: try number("read")) == nil)
        #expect(policy.redirects == ["/etc/hosts": "/tmp/other-hosts"])
    }

    @Test func restrictiveDefaultStillLetsTheProgramStart() throws {
        let policy = try SupervisionPolicy(parsing: "default kill\nallow read,write,exit_group\n", file: "p")
        let program = try NotifySupervisor.program(for: policy).program
        #expect(try action(program, "execve") == .allow)
        #expect(try action(program, "getpid") == .killProcess)
    }

    @Test func defaultNotifyLogNotifiesEverythingElse() throws {
        let policy = try SupervisionPolicy(parsing: "default notify-log\nallow read\n", file: "p")
        let program = try NotifySupervisor.program(for: policy).program
        #expect(try action(program, "getpid") == .userNotification)
        #expect(try action(program, "read") == .allow)  // a rule overrides the default
        #expect(policy.rule(for: .native, number: try number("getpid")) == .log)
    }

    /// Each mistake: the file text, the line and token reported, and words the message must contain.
    static let mistakes: [(text: String, line: Int, token: String, words: [String])] = [
        ("default allow\ndeny mkdri\n", 2, "mkdri", ["unknown syscall", "mkdir"]),
        ("deny mkdir EPRM\n", 1, "EPRM", ["unknown errno", "EPERM"]),
        ("deny mkdir 0\n", 1, "0", ["unknown errno"]),
        ("dny mkdir\n", 1, "dny", ["unknown directive", "deny"]),
        ("# ok\n\nreturn getuid zero\n", 3, "zero", ["not an integer"]),
        ("kill getuid now\n", 1, "now", ["unexpected 'now'"]),
        ("deny\n", 1, "deny", ["missing an argument"]),
        ("default allow\ndefault kill\n", 2, "default", ["second 'default'", "line 1"]),
        ("default alow\n", 1, "alow", ["unknown default action", "allow"]),
        ("return getuid 0\nnotify-log getuid,getpid\n", 2, "getuid", ["already has a supervisor rule", "line 1"]),
        ("notify-log openat\nredirect-open /a /b\n", 2, "redirect-open", ["openat", "line 1"]),
        ("redirect-open etc/hosts /tmp/x\n", 1, "etc/hosts", ["not an absolute path"]),
        ("delay getppid soon\n", 1, "soon", ["milliseconds"]),
        ("allow %files\n", 1, "%files", ["unknown syscall class", "%file"]),
        ("notify-log @opne\n", 1, "@opne", ["unknown syscall family", "@open"]),
    ]

    @Test(arguments: mistakes.indices)
    func mistakeNamesTheLineAndToken(_ index: Int) {
        let mistake = Self.mistakes[index]
        #expect {
            try SupervisionPolicy(parsing: mistake.text, file: "bad.policy")
        } throws: { error in
            guard let error = error as? PolicyFileError else { return false }
            let message = error.description
            #expect(error.line == mistake.line, "\(message)")
            #expect(error.token == mistake.token, "\(message)")
            #expect(message.hasPrefix("bad.policy:\(mistake.line): "))
            #expect(!message.contains("\n"))
            for word in mistake.words { #expect(message.contains(word), "\(message)") }
            return true
        }
    }
}
