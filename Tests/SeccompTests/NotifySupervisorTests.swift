import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem
import SyscallTables
import SystemPackage
import Synchronization
import Testing

@testable import Seccomp

/// The supervisor against real processes: the fixture makes the calls, the test answers them.
@Suite(
    .enabled(if: NotifyFixture.fixtureIsBuilt, "syshook-fixture is not built next to the tests"),
    .enabled(if: NotifyFixture.kernelSupportsUserNotification, "the kernel has no seccomp user notification"),
    .timeLimit(.minutes(1)))
struct NotifySupervisorTests {
    static let getppid = SyscallTable.native.entry(named: "getppid")!.number

    /// Launches `notify-call getppid COUNT` with getppid notified.
    private func launchGetppid(count: Int = 1, output: FixtureOutput) throws -> NotifySupervisor {
        try NotifySupervisor.launch(
            [NotifyFixture.fixture, "notify-call", String(Self.getppid), String(count)], notifying: ["getppid"],
            environment: output.environment)
    }

    @Test func failedCallReturnsTheChosenErrno() async throws {
        let output = try FixtureOutput()
        let supervisor = try launchGetppid(output: output)
        var seen: [String?] = []
        for await call in supervisor.notifications {
            seen.append(call.syscallName)
            #expect(call.thread == supervisor.process)
            #expect(call.architecture == .native)
            try call.respond(.fail(.permissionDenied))
        }
        #expect(await supervisor.outcome() == .exited(code: 0))
        #expect(seen == ["getppid"])
        #expect(output.text.contains("result=-1 errno=\(Errno.permissionDenied.rawValue)\n"))
    }

    @Test func returnedValueReplacesTheCall() async throws {
        let output = try FixtureOutput()
        let supervisor = try launchGetppid(output: output)
        for await call in supervisor.notifications { try call.respond(.return(4242)) }
        #expect(await supervisor.outcome() == .exited(code: 0))
        #expect(output.text.contains("result=4242 errno=0\n"))
    }

    @Test func continueRunsTheRealCall() async throws {
        let output = try FixtureOutput()
        let supervisor = try launchGetppid(output: output)
        for await call in supervisor.notifications { try call.respond(.continue) }
        #expect(await supervisor.outcome() == .exited(code: 0))
        // The fixture's parent is this test process.
        #expect(output.text.contains("result=\(getpid()) errno=0\n"))
    }

    @Test func handlerAnswersEveryCall() async throws {
        let output = try FixtureOutput()
        let counter = Counter()
        let outcome = try await NotifySupervisor.run(
            [NotifyFixture.fixture, "notify-call", String(Self.getppid), "5"], notifying: ["getppid"],
            environment: output.environment
        ) { call in
            counter.increment()
            return .return(7)
        }
        #expect(outcome == .exited(code: 0))
        #expect(counter.value == 5)
        #expect(output.text.contains("result=7 errno=0\n"))
    }

    @Test func inlineDecisionsNeverReachTheStream() async throws {
        let output = try FixtureOutput()
        let supervisor = try NotifySupervisor.launch(
            [NotifyFixture.fixture, "notify-call", String(Self.getppid), "3"], notifying: ["getppid", "getuid"],
            environment: output.environment, decideInline: { $0.syscallName == "getppid" ? .return(9) : nil })
        var streamed = 0
        for await call in supervisor.notifications {
            streamed += 1
            try call.respond(.continue)
        }
        #expect(await supervisor.outcome() == .exited(code: 0))
        #expect(streamed == 0)
        #expect(output.text.contains("result=9 errno=0\n"))
    }

    @Test func emulatedOpenInstallsTheSupervisorsDescriptor() async throws {
        let directory = NSTemporaryDirectory() + "syshook-addfd-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let asked = directory + "/asked.txt"
        let substitute = directory + "/substitute.txt"
        try "what the program asked for".write(toFile: asked, atomically: true, encoding: .utf8)
        try "what the supervisor opened".write(toFile: substitute, atomically: true, encoding: .utf8)

        let output = try FixtureOutput()
        let supervisor = try NotifySupervisor.launch(
            [NotifyFixture.fixture, "notify-read-file", asked], notifying: ["openat"], environment: output.environment)
        let redirected = Counter()
        for await call in supervisor.notifications {
            // openat(dirfd, path, flags, mode): the loader's opens run as asked.
            guard (try? call.readString(argument: 1)) == asked else {
                try call.respond(.continue)
                continue
            }
            redirected.increment()
            let descriptor = try FileDescriptor.open(substitute, .readOnly, options: .closeOnExec)
            try call.respond(.returnDescriptor(descriptor, closeOnExec: true))
        }
        #expect(await supervisor.outcome() == .exited(code: 0))
        #expect(redirected.value == 1)
        #expect(output.text.contains("content=what the supervisor opened\n"))
    }

    @Test func descriptorInstalledAtAChosenNumberIsSeenByTheContinuedCall() async throws {
        let directory = NSTemporaryDirectory() + "syshook-setfd-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let handed = directory + "/handed.txt"
        try "handed over at 77".write(toFile: handed, atomically: true, encoding: .utf8)

        // The program opens /proc/self/fd/77, which exists only because the supervisor put a file there first.
        let output = try FixtureOutput()
        let supervisor = try NotifySupervisor.launch(
            [NotifyFixture.fixture, "notify-read-file", "/proc/self/fd/77"], notifying: ["openat"],
            environment: output.environment)
        for await call in supervisor.notifications {
            if (try? call.readString(argument: 1)) == "/proc/self/fd/77" {
                let descriptor = try FileDescriptor.open(handed, .readOnly, options: .closeOnExec)
                defer { try? descriptor.close() }
                #expect(try call.installDescriptor(descriptor, at: 77, closeOnExec: true) == 77)
            }
            try call.respond(.continue)
        }
        #expect(await supervisor.outcome() == .exited(code: 0))
        #expect(output.text.contains("content=handed over at 77\n"))
    }

    @Test func notificationOfADeadCallerIsNoLongerValid() async throws {
        let output = try FixtureOutput()
        let supervisor = try launchGetppid(output: output)
        var iterator = supervisor.notifications.makeAsyncIterator()
        let call = try #require(await iterator.next())
        #expect(call.isPending)
        #expect(try call.readBytes(at: call.instructionPointer, count: 2).count == 2)

        try Signals.send(SIGKILL, to: supervisor.process)
        #expect(await supervisor.outcome() == .killed(signal: SIGKILL))
        #expect(!call.isPending)
        // Reading through a pid that may already belong to someone else is refused after the fact.
        #expect(throws: NotifyError.self) { try call.readBytes(at: call.instructionPointer, count: 2) }
        #expect {
            try call.respond(.return(0))
        } throws: { ($0 as? NotifyError)?.code == .notificationGone }
    }

    @Test func stoppedSupervisorFailsThePendingCallWithENOSYS() async throws {
        let output = try FixtureOutput()
        let supervisor = try launchGetppid(output: output)
        var iterator = supervisor.notifications.makeAsyncIterator()
        let call = try #require(await iterator.next())
        #expect(call.isPending)
        // Never answered: closing the listener must release the target.
        supervisor.stop()
        #expect(await iterator.next() == nil)
        #expect(await supervisor.outcome() == .exited(code: 0))
        #expect(output.text.contains("result=-1 errno=\(Errno.noFunction.rawValue)\n"))
    }

    @Test func notifiedExecveIsAnsweredBeforeTheProgramStarts() async throws {
        let output = try FixtureOutput()
        let supervisor = try NotifySupervisor.launch(
            [NotifyFixture.fixture, "notify-call", String(Self.getppid)], notifying: ["execve"],
            environment: output.environment)
        var paths: [String] = []
        for await call in supervisor.notifications {
            paths.append(try call.readString(argument: 0))
            try call.respond(.continue)
        }
        #expect(await supervisor.outcome() == .exited(code: 0))
        #expect(paths == [NotifyFixture.fixture])
        #expect(output.text.contains("result=\(getpid()) errno=0\n"))
    }

    @Test func notifiedSendmsgDoesNotDeadlockTheLaunch() async throws {
        // The child sends the listener with sendmsg after installing the filter: that very call is notified,
        // so the listener has to be taken from the child instead.
        let output = try FixtureOutput()
        let supervisor = try NotifySupervisor.launch(
            [NotifyFixture.fixture, "notify-call", String(Self.getppid)], notifying: ["sendmsg"],
            environment: output.environment)
        var names: [String?] = []
        for await call in supervisor.notifications {
            names.append(call.syscallName)
            try call.respond(.continue)
        }
        #expect(await supervisor.outcome() == .exited(code: 0))
        #expect(names == ["sendmsg"])
        #expect(output.text.contains("result=\(getpid()) errno=0\n"))
    }

    @Test func threadSupervisesAnotherThreadOfItsOwnProcess() throws {
        // The filter goes on a throw-away thread only (no TSYNC), so the test process itself stays unconfined.
        let filter = try NotifySupervisor.notifyFilter(for: ["getppid"])
        let installed = Mutex<Result<SeccompListener, Errno>?>(nil)
        let confinedThread = Mutex<ProcessID?>(nil)
        let seen = Mutex<Int32?>(nil)
        OSThread.start(name: "notify-confined") {
            let result = Result { () throws(Errno) in try SeccompListener.installFilterOnCurrentThread(filter) }
            confinedThread.withLock { $0 = Signals.currentThreadID }
            installed.withLock { $0 = result }
            guard case .success = result else { return }
            let answer = Glibc.getppid()
            seen.withLock { $0 = answer }
        }
        var listenerResult: Result<SeccompListener, Errno>? = nil
        while listenerResult == nil {
            usleep(1000)
            listenerResult = installed.withLock { $0 }
        }
        let listener = try #require(try listenerResult?.get())
        #expect(try listener.waitForEvent() == .notification)
        let notification = try listener.receive()
        #expect(notification.thread == confinedThread.withLock { $0 })
        #expect(notification.syscallNumber == Int32(Self.getppid))
        #expect(listener.isValid(notification.id))
        try listener.reply(.value(4321), to: notification.id)
        var answer: Int32? = nil
        while answer == nil {
            usleep(1000)
            answer = seen.withLock { $0 }
        }
        #expect(answer == 4321)
        // The confined thread has ended: nothing uses the filter any more.
        #expect(try listener.waitForEvent() == .hangup)
    }

    @Test func filterTheKernelRefusesIsReportedAsAStartFailure() throws {
        // One instruction with an undefined opcode: seccomp(2) fails with EINVAL in the child, before exec.
        let invalid: [UInt8] = [0xFF, 0xFF, 0, 0, 0, 0, 0, 0]
        #expect {
            try NotifySupervisor.launch([NotifyFixture.fixture, "exit", "0"], filter: invalid)
        } throws: { error in
            guard let error = error as? NotifyError else { return false }
            return error.code == .spawn && error.underlying == .invalidArgument
        }
    }

    @Test func unknownCommandIsReportedBeforeAnythingRuns() throws {
        #expect {
            try NotifySupervisor.launch(["/nonexistent/program"], notifying: ["getppid"])
        } throws: { ($0 as? NotifyError)?.code == .spawn }
    }
}

/// A counter shared with handler tasks.
final class Counter: Sendable {
    private let storage = Mutex(0)
    func increment() { storage.withLock { $0 += 1 } }
    var value: Int { storage.withLock { $0 } }
}
