import BPF
import Foundation
import LinuxSystem
import Monitor
import SyscallTables
import Synchronization
import TestSupport
import Testing

@Suite(.serialized, .enabled(if: mayMonitor, rootReason))
struct MonitorTests {
    let table = SyscallTable.native
    func number(_ name: String) -> Int { table.entry(named: name)!.number }

    @Test(arguments: [
        SyscallMonitor.Options(),
        SyscallMonitor.Options(
            filter: MonitorFilter(
                syscalls: [257, 3], processID: 1, command: "bash", userID: 0, cgroupID: 1, excludedProcessID: 2),
            stringCapacity: 4096),
        SyscallMonitor.Options(stringCapacity: 8, processEvents: false),
        SyscallMonitor.Options(syscallEvents: false),
        SyscallMonitor.Options(filter: MonitorFilter(syscalls: [257, 3]), perSyscallTracepoints: false),
        SyscallMonitor.Options(
            filter: MonitorFilter(syscalls: [257, 3]), perSyscallTracepoints: false, typedTracepoints: false),
        SyscallMonitor.Options(filter: MonitorFilter(command: "bash"), stringCapacity: 8, typedTracepoints: false),
    ])
    func everyGeneratedProgramLoadsAndAttaches(_ options: SyscallMonitor.Options) throws {
        let monitor = try SyscallMonitor(options: options)
        let ids = monitor.programIDs()
        // sys_enter and sys_exit (and sched_switch for the typed programs); exec and fork; and sched_process_exit,
        // which also clears syscall stashes.
        let typed = try SyscallMonitor.generatedPrograms(options: options).contains { $0.btfTypeID != nil }
        let smallSelection = options.perSyscallTracepoints && options.filter.syscalls != nil
        #expect(typed == (options.syscallEvents && options.typedTracepoints && !smallSelection))
        let syscallPrograms = options.syscallEvents ? (typed ? 3 : 2) : 0
        #expect(ids.count == syscallPrograms + (options.processEvents ? 2 : 0) + 1)
        let loaded = try Program.loadedPrograms()
        for id in ids { #expect(loaded.contains { $0.id == id && $0.name.hasPrefix("syshook_") }) }
        monitor.stop()
        #expect(monitor.programIDs().isEmpty)
    }

    @Test func aSmallSelectionAttachesToItsOwnSyscallTracepoints() throws {
        let selected = SyscallMonitor.Options(filter: MonitorFilter(syscalls: [number("openat"), number("close")]))
        let programs = try SyscallMonitor.generatedPrograms(options: selected)
        #expect(programs[0].syscallTracepoints == ["sys_enter_close", "sys_enter_openat"])
        #expect(programs[1].syscallTracepoints == ["sys_exit_close", "sys_exit_openat"])
        var raw = selected
        raw.perSyscallTracepoints = false
        #expect(try SyscallMonitor.generatedPrograms(options: raw)[0].syscallTracepoints.isEmpty)
        #expect(try SyscallMonitor.generatedPrograms(options: SyscallMonitor.Options())[0].tracepoint == "sys_enter")
    }

    @Test(arguments: SyscallHookChoice.allCases)
    func fixtureSyscallsArriveWithExactArgumentsPathsAndResults(hooks: SyscallHookChoice) async throws {
        let missing = "/tmp/syshook-missing-\(getpid())/file"
        var output = ""
        let options = SyscallMonitor.Options(
            filter: MonitorFilter(
                syscalls: [number("openat"), number("close"), number("getppid")], command: "syshook-fixture"),
            processEvents: false, perSyscallTracepoints: hooks.perSyscallTracepoints,
            typedTracepoints: hooks.typedTracepoints)
        let (events, drops) = try await collectEvents(options) {
            output = try runProgram(Executables.fixture, ["bpf-open", "/etc/hostname", missing]).stdout
        }
        let values = fixtureValues(output)
        let pid = try #require(values["pid"].flatMap(Int32.init))
        let fd = try #require(values["/etc/hostname"].flatMap(Int64.init))
        #expect(drops == 0)
        let mine = events.compactMap { event -> SyscallEvent? in
            guard case .syscall(let call) = event, call.process.pid == pid else { return nil }
            return call
        }
        // Only the fixture's process passes the comm filter.
        #expect(events.allSatisfy { $0.process.command == "syshook-fixture".prefix(15) })

        let opens = mine.filter { $0.name == "openat" && $0.strings[1] != nil }
        let hostname = try #require(opens.first { $0.strings[1]?.bytes == Array("/etc/hostname".utf8) })
        #expect(hostname.arguments[0] == UInt64(bitPattern: -100))  // AT_FDCWD
        #expect(hostname.arguments[2] == UInt64(O_RDONLY | O_CLOEXEC))
        #expect(hostname.returnValue == fd)
        #expect(hostname.process.ppid == getpid())
        #expect(hostname.process.tid == pid)
        #expect(hostname.process.uid == geteuid())
        let failed = try #require(opens.first { $0.strings[1]?.bytes == Array(missing.utf8) })
        #expect(failed.returnValue == -Int64(ENOENT))
        #expect(values[missing] == "-\(ENOENT)")

        let close = try #require(mine.first { $0.name == "close" && $0.arguments[0] == UInt64(fd) })
        #expect(close.returnValue == 0)
        let getppid = try #require(mine.first { $0.name == "getppid" })
        #expect(getppid.returnValue == Int64(getpid()))
        #expect(getppid.strings.isEmpty)
        // Per-syscall tracepoints fill only the syscall's own argument slots; the others must not leak kernel stack.
        // The typed programs send only the arguments a call takes (compact records).
        if hooks != .rawTracepoints { #expect(getppid.arguments == [0, 0, 0, 0, 0, 0]) }
        #expect(getppid.entryTime > 0 && getppid.entryTime <= hostname.entryTime + 10_000_000_000)
    }

    @Test func processFilterExcludesEveryOtherProcess() async throws {
        var output = ""
        let me = getpid()
        let options = SyscallMonitor.Options(filter: MonitorFilter(processID: me), processEvents: false)
        let (events, _) = try await collectEvents(options) {
            output = try runProgram(Executables.fixture, ["bpf-open", "/etc/hostname"]).stdout
        }
        let fixture = try #require(fixtureValues(output)["pid"].flatMap(Int32.init))
        #expect(!events.isEmpty, "the test process's own syscalls should be reported")
        #expect(events.allSatisfy { $0.process.pid == me })
        #expect(!events.contains { $0.process.pid == fixture })
    }

    @Test func execForkAndExitEventsDescribeTheProcessTree() async throws {
        var output = ""
        let options = SyscallMonitor.Options(syscallEvents: false)
        let (events, _) = try await collectEvents(options) {
            output = try runProgram(Executables.fixture, ["bpf-fork", "3"]).stdout
        }
        let values = fixtureValues(output)
        let pid = try #require(values["pid"].flatMap(Int32.init))
        let child = try #require(values["child"].flatMap(Int32.init))

        let exec = try #require(events.compactMap { event -> ExecEvent? in
            if case .exec(let exec) = event, exec.process.pid == pid { return exec }
            return nil
        }.first)
        #expect(exec.filename == Executables.fixture)
        #expect(exec.arguments == [Executables.fixture, "bpf-fork", "3"])
        #expect(exec.process.ppid == getpid())

        let fork = try #require(events.compactMap { event -> ForkEvent? in
            if case .fork(let fork) = event, fork.process.pid == pid { return fork }
            return nil
        }.first)
        #expect(fork.childPID == child && fork.childTID == child)

        let exits = events.compactMap { event -> ExitEvent? in
            if case .exit(let exit) = event { return exit }
            return nil
        }
        let childExit = try #require(exits.first { $0.process.pid == child })
        #expect(childExit.exitCode == 3)
        #expect(childExit.process.ppid == pid)
        let parentExit = try #require(exits.first { $0.process.pid == pid })
        #expect(parentExit.exitCode == 0)
    }

    @Test func exitEventsCarryTheKillingSignal() async throws {
        var result: RunResult?
        let (events, _) = try await collectEvents(SyscallMonitor.Options(syscallEvents: false)) {
            result = try runProgram("/bin/sh", ["-c", "echo pid=$$; kill -KILL $$"])
        }
        let values = fixtureValues(result?.stdout ?? "")
        let pid = try #require(values["pid"].flatMap { Int32($0) })
        let exit = try #require(events.compactMap { event -> ExitEvent? in
            if case .exit(let exit) = event, exit.process.pid == pid { return exit }
            return nil
        }.first)
        #expect(exit.signal == SIGKILL)
        #expect(exit.exitCode == nil)
    }

    @Test func nothingStaysLoadedAfterStop() async throws {
        var ids: [UInt32] = []
        do {
            let monitor = try SyscallMonitor(options: SyscallMonitor.Options())
            ids = monitor.programIDs()
            #expect(ids.count == 6)  // typed: sys_enter, sys_exit, sched_switch; exec, fork, exit
            monitor.stop()
        }
        // Program release is deferred by RCU in the kernel: allow it a moment.
        var remaining: [UInt32] = ids
        for _ in 0..<100 where !remaining.isEmpty {
            let loaded = Set(try Program.loadedPrograms().map(\.id))
            remaining = ids.filter(loaded.contains)
            if !remaining.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(remaining.isEmpty, "programs still loaded: \(remaining)")
    }

    @Test func everyCallIsEitherDeliveredOrCountedAsDropped() async throws {
        let me = getpid()
        let calls = 20_000
        // One page of ring buffer holds a handful of records: most of a burst must be dropped, and counted.
        let options = SyscallMonitor.Options(
            filter: MonitorFilter(syscalls: [number("getppid")], processID: me), processEvents: false,
            ringBufferSize: 4096)
        let (events, drops) = try await collectEvents(options) {
            for _ in 0..<calls { _ = getppid() }
        }
        let delivered = events.filter {
            if case .syscall(let call) = $0 { return call.name == "getppid" }
            return false
        }.count
        #expect(delivered + Int(drops) == calls)
        #expect(drops > 0)
    }

    /// Every call of a burst the ring buffer can hold arrives, once, in order, through the batch callback.
    @Test(arguments: SyscallHookChoice.allCases)
    func everyCallOfAModerateBurstArrivesExactlyOnce(hooks: SyscallHookChoice) async throws {
        let me = getpid()
        let calls = 50_000
        let options = SyscallMonitor.Options(
            filter: MonitorFilter(syscalls: [number("getppid")], processID: me), processEvents: false,
            perSyscallTracepoints: hooks.perSyscallTracepoints, typedTracepoints: hooks.typedTracepoints)
        let received = Mutex<[SyscallEvent]>([])
        let monitor = try SyscallMonitor(options: options) { batch in
            let calls = batch.compactMap { event -> SyscallEvent? in
                if case .syscall(let call) = event { return call }
                return nil
            }
            received.withLock { $0 += calls }
        }
        for _ in 0..<calls { _ = getppid() }
        try await Task.sleep(for: .milliseconds(200))
        monitor.stop()
        for await _ in monitor.events {}  // finishes after the reader's last batch
        let events = received.withLock { $0 }
        #expect(monitor.dropCount() == 0)
        #expect(events.count == calls)
        #expect(events.allSatisfy { $0.name == "getppid" && $0.returnValue == Int64(getppid()) && $0.process.pid == me })
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.entryTime <= $1.entryTime })
    }

    /// A process in a cgroup of its own: the kernel-side filter (bpf_get_current_cgroup_id) lets only its calls
    /// through, and the record's cgroup id (typed loads in the tp_btf programs) is that cgroup's inode.
    @Test(arguments: SyscallHookChoice.allCases)
    func aCgroupFilterSelectsTheProcessesInThatCgroup(hooks: SyscallHookChoice) async throws {
        let root = "/sys/fs/cgroup/unified"
        let base = FileManager.default.fileExists(atPath: root + "/cgroup.procs") ? root : "/sys/fs/cgroup"
        let directory = base + "/syshook-test-\(getpid())-\(hooks)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { rmdir(directory) }
        let cgroup = try MonitorFilter.cgroupID(path: directory)
        #expect(cgroup > 1)
        let options = SyscallMonitor.Options(
            filter: MonitorFilter(syscalls: Set([number("openat"), number("getppid"), number("close")]), cgroupID: cgroup),
            processEvents: false, perSyscallTracepoints: hooks.perSyscallTracepoints,
            typedTracepoints: hooks.typedTracepoints)
        let (events, drops) = try await collectEvents(options) {
            // The shell moves itself into the cgroup, then becomes cat, whose openat happens inside it.
            let script = "echo $$ > \(directory)/cgroup.procs && exec cat /etc/hostname"
            let result = try runProgram("/bin/sh", ["-c", script])
            #expect(result.status == 0, "\(result.stderr)")
            _ = getppid()  // ours: outside the cgroup, must not pass
        }
        #expect(drops == 0)
        let calls = events.compactMap { event -> SyscallEvent? in
            if case .syscall(let call) = event { return call }
            return nil
        }
        #expect(calls.contains { $0.name == "openat" && $0.strings[1]?.bytes == Array("/etc/hostname".utf8) })
        #expect(calls.allSatisfy { $0.process.cgroupID == cgroup && $0.process.pid != getpid() })
    }

    /// Calls that sleep leave their CPU mid-call (the typed programs then move the entry from the per-CPU slot to
    /// the hash at sched_switch) while other threads make calls on the same CPUs: every call still arrives once,
    /// with its own thread's arguments and a duration covering its sleep.
    @Test(arguments: SyscallHookChoice.allCases)
    func callsThatBlockKeepTheirOwnArgumentsWhileOtherThreadsRun(hooks: SyscallHookChoice) async throws {
        let me = getpid()
        let threads = 4
        let rounds = 100
        let options = SyscallMonitor.Options(
            filter: MonitorFilter(syscalls: [number("clock_nanosleep"), number("getppid")], processID: me),
            processEvents: false, perSyscallTracepoints: hooks.perSyscallTracepoints,
            typedTracepoints: hooks.typedTracepoints)
        let requests = Mutex<[Int32: UInt64]>([:])
        let (events, drops) = try await collectEvents(options) {
            // Threads of their own (a dispatch pool would run several iterations on one thread).
            let finished = DispatchSemaphore(value: 0)
            for index in 0..<threads {
                Thread {
                    var request = timespec(tv_sec: 0, tv_nsec: 200_000 + 10_000 * index)
                    let address = withUnsafeMutablePointer(to: &request) { UInt64(UInt(bitPattern: $0)) }
                    requests.withLock { $0[Signals.currentThreadID.rawValue] = address }
                    for _ in 0..<rounds {
                        // glibc's nanosleep is clock_nanosleep(CLOCK_REALTIME, 0, request, NULL).
                        _ = nanosleep(&request, nil)
                        for _ in 0..<5 { _ = getppid() }
                    }
                    finished.signal()
                }.start()
            }
            for _ in 0..<threads { finished.wait() }
        }
        #expect(drops == 0)
        let byThread = requests.withLock { $0 }
        let calls = events.compactMap { event -> SyscallEvent? in
            guard case .syscall(let call) = event, byThread[call.process.tid] != nil else { return nil }
            return call
        }
        for (tid, address) in byThread {
            let mine = calls.filter { $0.process.tid == tid }
            let sleeps = mine.filter { $0.name == "clock_nanosleep" }
            #expect(sleeps.count == rounds, "thread \(tid)")
            #expect(mine.filter { $0.name == "getppid" }.count == 5 * rounds, "thread \(tid)")
            #expect(sleeps.allSatisfy { $0.arguments[2] == address && $0.returnValue == 0 && $0.duration >= 200_000 })
        }
    }
}

/// The three ways the monitor can observe syscalls, as test arguments.
enum SyscallHookChoice: CaseIterable, Sendable, CustomTestStringConvertible {
    case perSyscallTracepoints, typedTracepoints, rawTracepoints

    var perSyscallTracepoints: Bool { self == .perSyscallTracepoints }
    var typedTracepoints: Bool { self == .typedTracepoints }
    var testDescription: String { "\(self)" }
}
