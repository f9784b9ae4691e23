import Foundation
import Monitor
import TestSupport
import Testing

/// `syshook watch`'s JSON Lines and text output for a fixture's known syscalls (the renderer writes bytes itself).
@Suite(.serialized, .enabled(if: mayMonitor, rootReason))
struct WatchOutputTests {
    /// Runs `syshook watch ARGUMENTS -o FILE` around the fixture's `bpf-open /etc/hostname MISSING`, stops it with
    /// SIGTERM, and returns the output file's lines and the fixture's printed values.
    func watchFixture(_ arguments: [String]) throws -> (lines: [String], values: [String: String], missing: String) {
        let file = NSTemporaryDirectory() + "syshook-watch-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(file) }
        let watcher = try startWatcher(["--comm", "syshook-fixture", "-o", file] + arguments)
        let missing = "/tmp/syshook-missing-\(getpid())/file"
        let output = try runProgram(Executables.fixture, ["bpf-open", "/etc/hostname", missing]).stdout
        usleep(100_000)
        let text = watcher.stop()
        #expect(text.contains(" 0 dropped"), "\(text)")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        return (lines, fixtureValues(output), missing)
    }

    @Test func jsonLinesCarryPathsResultsAndASummary() throws {
        let (lines, values, missing) = try watchFixture(["-e", "trace=openat,getppid", "--format", "json"])
        let objects = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
        let pid = try #require(values["pid"].flatMap(Int.init))
        let fd = try #require(values["/etc/hostname"].flatMap(Int.init))
        let calls = objects.filter { $0["type"] as? String == "syscall" && $0["pid"] as? Int == pid }
        // trace's schema (docs/json-schema.md): arguments by name, strings as {"string": …}.
        func path(_ call: [String: Any]) -> String? {
            ((call["args"] as? [String: Any])?["filename"] as? [String: Any])?["string"] as? String
        }
        let hostname = try #require(calls.first { path($0) == "/etc/hostname" })
        #expect(hostname["name"] as? String == "openat")
        #expect(hostname["return"] as? Int == fd)
        #expect(hostname["errno"] == nil)
        #expect(((hostname["args"] as? [String: Any])?["dfd"] as? [String: Any])?["name"] as? String == "AT_FDCWD")
        #expect(hostname["ppid"] as? Int == Int(getpid()))
        let failed = try #require(calls.first { path($0) == missing })
        #expect(failed["return"] as? Int == -1)
        #expect(failed["errno"] as? Int == Int(ENOENT))
        #expect(failed["errno_name"] as? String == "ENOENT")
        let getppid = try #require(calls.first { $0["name"] as? String == "getppid" })
        #expect(getppid["return"] as? Int == Int(getpid()))
        #expect((getppid["duration"] as? Double).map { $0 >= 0 && $0 < 1 } == true)
        let summary = try #require(objects.last)
        #expect(summary["type"] as? String == "summary")
        #expect(summary["drops"] as? Int == 0)
        #expect(summary["events"] as? Int == objects.filter { $0["type"] as? String != "summary" }.count)
    }

    @Test func textLinesReadLikeStrace() throws {
        let (lines, values, missing) = try watchFixture(["-e", "trace=openat"])
        let pid = try #require(values["pid"])
        let fd = try #require(values["/etc/hostname"])
        let opens = lines.filter { $0.contains("syshook-fixture[\(pid)] openat(") }
        // HH:MM:SS.uuuuuu comm[pid] openat(AT_FDCWD, "/etc/hostname", O_RDONLY|O_CLOEXEC) = 3 <0.000004>
        let hostname = try #require(opens.first { $0.contains("\"/etc/hostname\"") }, "\(lines)")
        #expect(hostname.range(of: #"^\d\d:\d\d:\d\d\.\d{6} "#, options: .regularExpression) != nil, "\(hostname)")
        #expect(hostname.contains("openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY|O_CLOEXEC) = \(fd) <"), "\(hostname)")
        #expect(hostname.range(of: #" <\d+\.\d{6}>$"#, options: .regularExpression) != nil, "\(hostname)")
        let failed = try #require(opens.first { $0.contains(missing) }, "\(lines)")
        #expect(failed.contains("= -1 ENOENT (No such file or directory) <"), "\(failed)")
    }
}
