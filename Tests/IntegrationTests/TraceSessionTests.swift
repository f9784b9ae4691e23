import Foundation
import SysHook
import Testing
import TestSupport

/// The library API: `TraceSession` events and an entry hook that changes calls.
@Suite(.enabled(if: ptraceUnavailableReason() == nil, "ptrace unavailable"))
struct TraceSessionTests {
    /// Seed 002's example: trace `connect` in a shell and everything it starts.
    @Test func connectCallsOfAShellAndItsChildren() async throws {
        // Port 9 (discard) is closed here: each redirection makes one connect that fails with ECONNREFUSED.
        let script = ": </dev/tcp/127.0.0.1/9 2>/dev/null; /bin/bash -c ': </dev/tcp/127.0.0.1/9' 2>/dev/null; true"
        let request = SpawnRequest(executable: "/bin/bash", arguments: ["bash", "-c", script],
                                   environment: ["PATH=/usr/bin:/bin"])
        let session = try TraceSession(spawning: request, tracing: "connect")
        var connects: [TracedSyscall] = []
        var pids: Set<ProcessID> = []
        for await event in session.events {
            switch event {
            case .syscall(let call):
                #expect(call.name == "connect")
                connects.append(call)
            case .created(_, let child): pids.insert(child)
            default: break
            }
        }
        // bash may also look its user up through nscd (AF_UNIX connects); the TCP ones are the script's.
        let tcp = connects.filter { $0.text.contains("sa_family=AF_INET,") }
        #expect(tcp.count == 2, "\(connects.map(\.text))")
        #expect(tcp.allSatisfy { $0.text.contains("sin_port=htons(9)") && $0.text.contains("ECONNREFUSED") })
        #expect(Set(tcp.map(\.pid)).count == 2, "the second connect comes from a child shell")
        #expect(await session.exitStatus == .exited(code: 0))
    }

    @Test func entryHookRedirectsAPath() async throws {
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("syshook-session-\(getpid())")
        try "from the hook\n".write(to: other, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: other) }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("syshook-session-out-\(getpid())")
        defer { try? FileManager.default.removeItem(at: output) }
        let replacement = Array(other.path.utf8)
        let request = SpawnRequest(executable: "/bin/sh", arguments: ["sh", "-c", "cat /etc/hostname > \(output.path)"],
                                   environment: ["PATH=/usr/bin:/bin"])
        let session = try TraceSession(spawning: request, tracing: "openat") { call, memory in
            guard call.number == 257,
                  memory.readCString(call.arguments[1], limit: 64)?.bytes == Array("/etc/hostname".utf8) else {
                return nil
            }
            var edit = SyscallEdit()
            edit.string = (1, replacement)
            return edit
        }
        var opened: [String] = []
        for await event in session.events {
            if case .syscall(let call) = event { opened.append(call.text) }
        }
        #expect(await session.exitStatus == .exited(code: 0))
        #expect(try String(contentsOf: output, encoding: .utf8) == "from the hook\n")
        #expect(opened.contains { $0.contains(other.path) })
    }
}

/// One `SeccompPolicy` value drives the tracer as it drives `syshook run`.
@Suite(.enabled(if: ptraceUnavailableReason() == nil, "ptrace unavailable"))
struct TracePolicyTests {
    @Test func policyDeniesAndTracesInTheTracer() async throws {
        let policy = SeccompPolicy(default: .allow) {
            Rule.deny("getppid", errno: UInt16(13))  // EACCES
            Rule.trace("exit_group")
        }
        let configuration = try TracerConfiguration(
            target: .spawn(SpawnRequest(executable: Executables.fixture,
                                        arguments: ["syshook-fixture", "getppid-report", "2"], environment: [])),
            policy: policy)
        let session = TraceSession(configuration: configuration)
        var lines: [String] = []
        for await event in session.events {
            if case .syscall(let call) = event { lines.append(call.text) }
        }
        #expect(lines.filter { $0.hasPrefix("getppid()") }.count == 2)
        #expect(lines.filter { $0.hasSuffix("= -1 EACCES (Permission denied) (INJECTED)") }.count == 2)
        #expect(lines.last?.hasPrefix("exit_group(0)") == true)
        #expect(!lines.contains { $0.hasPrefix("write(") }, "allowed calls run untraced")
    }
}
