import Foundation
import TestSupport
import Testing

/// Why `syshook watch` (eBPF) and `syshook trace` (ptrace) cannot both run here, or nil.
private let watchUnavailableReason: String? = {
    if geteuid() != 0 { return "syshook watch loads eBPF programs: needs root (CAP_BPF and CAP_PERFMON)" }
    if !FileManager.default.fileExists(atPath: "/sys/kernel/btf/vmlinux") {
        return "syshook watch needs kernel BTF (/sys/kernel/btf/vmlinux)"
    }
    return ptraceUnavailableReason()
}()

/// `syshook watch --format json` speaks `syshook trace --format json`'s schema (docs/json-schema.md): the fixture runs
/// under `syshook trace --format json` while `syshook watch --format json` watches it, so both report the very same
/// calls of the same process, and their objects are compared key by key.
@Suite(.serialized, .enabled(if: watchUnavailableReason == nil, Comment(rawValue: watchUnavailableReason ?? "")))
struct WatchJSONSchemaTests {
    typealias Object = [String: Any]

    /// What one run produced: trace's and watch's objects, and the pid of `syshook trace` (the fixture's parent).
    struct Run {
        var trace: [Object]
        var watch: [Object]
        var tracerPID: Int
        var watchErrors: String
        /// The lines the objects came from (JSONSerialization does not keep key order).
        var traceLines: [String]
        var watchLines: [String]
    }

    /// Starts `syshook watch --format json` for the fixture's comm, runs `syshook trace --format json -- fixture
    /// ACTION…` to its end, then stops the watch with SIGTERM.
    func traceUnderWatch(_ action: [String], traceOptions: [String] = []) throws -> Run {
        let base = NSTemporaryDirectory() + "syshook-watch-schema-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let watchFile = base + ".watch.jsonl"
        let traceFile = base + ".trace.jsonl"
        defer {
            unlink(watchFile)
            unlink(traceFile)
        }
        let watch = try startWatcher(["--comm", "syshook-fixture", "--format", "json", "-o", watchFile])
        let tracer = Process()
        tracer.executableURL = URL(fileURLWithPath: Executables.syshook)
        tracer.arguments =
            ["trace", "--format", "json", "-o", traceFile] + traceOptions + ["--", Executables.fixture] + action
        tracer.standardOutput = FileHandle.nullDevice
        try tracer.run()
        tracer.waitUntilExit()
        // Records are committed when a call returns; give the watch's reader a moment before stopping it.
        usleep(300_000)
        let messages = watch.stop()
        let traceLines = try lines(of: traceFile)
        let watchLines = try lines(of: watchFile)
        return Run(
            trace: try traceLines.map(object), watch: try watchLines.map(object),
            tracerPID: Int(tracer.processIdentifier), watchErrors: messages, traceLines: traceLines,
            watchLines: watchLines)
    }

    func lines(of file: String) throws -> [String] {
        try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func object(_ line: String) throws -> Object {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? Object, "not a JSON object: \(line)")
    }

    /// The object's own keys in the order the line has them. The first `"key":` of a top-level key is its own: the
    /// keys before `args` precede every nested object, and no argument of these calls nests a result key.
    func keyOrder(_ object: Object, line: String) -> [String] {
        object.keys.compactMap { key in line.range(of: "\"\(key)\":").map { (key, $0.lowerBound) } }
            .sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// The fixture's pid: the process of trace's first syscall object.
    func fixturePID(_ run: Run) throws -> Int {
        try #require(run.trace.first { $0["type"] as? String == "syscall" }?["pid"] as? Int, "no syscall traced")
    }

    /// Syscall objects of `pid` from the first getppid (the decode actions' start marker) on.
    func callsAfterMarker(_ objects: [Object], pid: Int) -> [Object] {
        callsAfterMarker(objects.map { ($0, "") }, pid: pid).map(\.0)
    }

    /// The same, with each object's line.
    func callsAfterMarker(_ objects: [(Object, String)], pid: Int) -> [(Object, String)] {
        let calls = objects.filter { $0.0["type"] as? String == "syscall" && $0.0["pid"] as? Int == pid }
        guard let start = calls.firstIndex(where: { $0.0["name"] as? String == "getppid" }) else { return [] }
        return Array(calls[start...])
    }

    func equal(_ a: Any?, _ b: Any?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a as NSObject, let b as NSObject): return a.isEqual(b)
        default: return false
        }
    }

    /// True for `{"address": "0x…"}`, what a pointer into memory the record does not hold decodes to.
    func isAddress(_ value: Any?) -> Bool {
        guard let object = value as? Object else { return false }
        return object.count == 1 && (object["address"] as? String)?.hasPrefix("0x") == true
    }

    /// The result keys, which watch must report exactly as trace does.
    static let resultKeys = ["return", "return_decoded", "return_detail", "errno", "errno_name", "error", "restart"]

    @Test func syscallObjectsMatchTraceForTheSameCalls() throws {
        let directory = NSTemporaryDirectory() + "syshook-watch-schema-dir-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try traceUnderWatch(["decode-file", directory])
        #expect(run.watchErrors.contains(" 0 dropped"), "\(run.watchErrors)")
        let pid = try fixturePID(run)
        let traced = callsAfterMarker(run.trace, pid: pid)
        let watched = callsAfterMarker(run.watch, pid: pid)
        let traceLines = callsAfterMarker(Array(zip(run.trace, run.traceLines)), pid: pid)
        let watchLines = callsAfterMarker(Array(zip(run.watch, run.watchLines)), pid: pid)
        #expect(traced.count > 30, "decode-file makes over 30 calls after its marker; trace saw \(traced.count)")
        // A call that never returns (exit_group) has no exit record: watch does not report it.
        #expect(traced.last?["name"] as? String == "exit_group")
        #expect(watched.map { $0["name"] as? String } == traced.dropLast().map { $0["name"] as? String })

        var identical = 0
        for ((theirs, traceLine), (ours, watchLine)) in zip(traceLines, watchLines) {
            let name = theirs["name"] as? String ?? "?"
            // trace's keys in trace's order, with watch's process fields right after `tid`.
            var expectedOrder = keyOrder(theirs, line: traceLine)
            let afterTid = (expectedOrder.firstIndex(of: "tid") ?? 0) + 1
            expectedOrder.insert(contentsOf: ["ppid", "uid", "gid", "comm", "cgroup"], at: afterTid)
            #expect(keyOrder(ours, line: watchLine) == expectedOrder, "\(name): \(watchLine)")
            #expect(equal(ours["number"], theirs["number"]), "\(name)")
            #expect(equal(ours["tid"], theirs["tid"]), "\(name)")
            for key in Self.resultKeys {
                #expect(equal(ours[key], theirs[key]), "\(name) \(key): watch \(ours[key] ?? "-") trace \(theirs[key] ?? "-")")
            }
            #expect((ours["duration"] as? Double).map { $0 >= 0 && $0 < 1 } == true, "\(name)")
            let traceArgs = try #require(theirs["args"] as? Object, "\(name)")
            let watchArgs = try #require(ours["args"] as? Object, "\(name)")
            #expect(Set(watchArgs.keys) == Set(traceArgs.keys), "\(name): \(watchArgs.keys) vs \(traceArgs.keys)")
            var same = true
            for (key, value) in traceArgs where !equal(watchArgs[key], value) {
                same = false
                // Only memory the kernel did not copy may differ: watch then has the pointer itself.
                #expect(isAddress(watchArgs[key]), "\(name) \(key): watch \(watchArgs[key] ?? "-") trace \(value)")
            }
            if same { identical += 1 }
        }
        // Most of decode-file's calls take only registers and paths: those must come out identical.
        #expect(identical >= traced.count * 2 / 3, "only \(identical) of \(traced.count) calls identical")

        // Known calls, with their values spelled out.
        let file = directory + "/file.txt"
        let open = try #require(watched.first { $0["name"] as? String == "openat" })
        let openArgs = try #require(open["args"] as? Object)
        #expect(equal(openArgs["dfd"], ["value": -100, "name": "AT_FDCWD"] as Object))
        #expect(equal(openArgs["filename"], ["string": file] as Object))
        #expect(equal(openArgs["flags"], ["value": 0o2001102, "flags": ["O_RDWR", "O_CREAT", "O_TRUNC", "O_CLOEXEC"]] as Object))
        #expect(equal(openArgs["mode"], 0o640))
        let fd = try #require(open["return"] as? Int)
        #expect(equal(open["return_decoded"], ["fd": fd] as Object))
        #expect(open["errno"] == nil)

        let missing = try #require(watched.first {
            (($0["args"] as? Object)?["filename"] as? Object)?["string"] as? String == directory + "/missing"
        })
        #expect(missing["name"] as? String == "newfstatat")
        #expect(missing["return"] as? Int == -1)
        #expect(missing["errno"] as? Int == Int(ENOENT))
        #expect(missing["errno_name"] as? String == "ENOENT")
        #expect(missing["error"] as? String == "No such file or directory")
        #expect(isAddress((missing["args"] as? Object)?["statbuf"]))

        let badRead = try #require(watched.first { $0["name"] as? String == "read" })
        #expect(equal(badRead["args"], ["fd": ["fd": -1], "buf": ["address": "0x10"], "count": 5] as Object))
        #expect(badRead["errno_name"] as? String == "EBADF")
        let unreadablePath = try #require(watched.last { $0["name"] as? String == "openat" })
        #expect(equal((unreadablePath["args"] as? Object)?["filename"], ["address": "0x10"] as Object))
        #expect(unreadablePath["errno_name"] as? String == "EFAULT")

        // Process fields: the task as the kernel saw it.
        let cgroup = try ownCgroupID()
        for call in watched {
            #expect(call["ppid"] as? Int == run.tracerPID, "the fixture's parent is syshook trace")
            #expect(call["comm"] as? String == "syshook-fixture")
            #expect(call["uid"] as? Int == Int(getuid()))
            #expect(call["gid"] as? Int == Int(getgid()))
            #expect(call["cgroup"] as? Int == cgroup, "children stay in their parent's cgroup")
        }
    }

    @Test func execAndExitObjectsMatchTrace() throws {
        let run = try traceUnderWatch(["raise", "15"])
        let pid = try fixturePID(run)
        let execs = run.watch.filter { $0["type"] as? String == "exec" && $0["pid"] as? Int == pid }
        let exec = try #require(execs.first, "no exec object for \(pid)")
        #expect(exec["filename"] as? String == Executables.fixture)
        #expect(exec["argv"] as? [String] == [Executables.fixture, "raise", "15"])
        #expect(exec["former_tid"] == nil)
        #expect(exec["ppid"] as? Int == run.tracerPID)
        let traceExec = try #require(run.trace.first { $0["type"] as? String == "exec" })
        #expect(equal(traceExec["filename"], (exec["argv"] as? [String])?.first))

        let theirs = try #require(run.trace.first { $0["type"] as? String == "exit" && $0["pid"] as? Int == pid })
        let ours = try #require(run.watch.first { $0["type"] as? String == "exit" && $0["pid"] as? Int == pid })
        #expect(ours["code"] is NSNull)
        #expect(ours["signal"] as? String == "SIGTERM")
        for key in ["code", "signal", "core_dumped"] {
            #expect(equal(ours[key], theirs[key]), "exit \(key): watch \(ours[key] ?? "-") trace \(theirs[key] ?? "-")")
        }
        let summary = try #require(run.watch.last)
        #expect(summary["type"] as? String == "summary")
        #expect(summary["drops"] as? Int == 0)
        #expect(summary["events"] as? Int == run.watch.count - 1)
    }

    @Test func forkObjectsNameTheChild() throws {
        let run = try traceUnderWatch(["bpf-fork", "3"], traceOptions: ["-f"])
        let pid = try fixturePID(run)
        let fork = try #require(run.watch.first { $0["type"] as? String == "fork" && $0["pid"] as? Int == pid })
        let child = try #require(fork["child_pid"] as? Int)
        #expect(child != pid)
        #expect(fork["child_tid"] as? Int == child)
        #expect(fork["comm"] as? String == "syshook-fixture")
        let exit = try #require(run.watch.first { $0["type"] as? String == "exit" && $0["pid"] as? Int == child })
        #expect(exit["code"] as? Int == 3)
        #expect(exit["signal"] is NSNull)
        #expect(exit["ppid"] as? Int == pid)
        // trace saw the same child exit with the same code.
        let theirs = try #require(run.trace.first { $0["type"] as? String == "exit" && $0["pid"] as? Int == child })
        #expect(theirs["code"] as? Int == 3)
    }

    /// The cgroup v2 id of this process: the inode number of its cgroup's directory.
    func ownCgroupID() throws -> Int {
        let text = try String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("0::") }, "no cgroup v2 line: \(text)")
        let path = "/sys/fs/cgroup" + line.dropFirst(3)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require((attributes[.systemFileNumber] as? NSNumber)?.intValue)
    }
}
