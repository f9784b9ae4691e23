import Foundation
import Testing
import TestSupport

/// Output modes of `syshook trace`: the `-c` summary, JSON Lines, timestamps and syscall times.
@Suite(.enabled(if: ptraceUnavailableReason() == nil, "ptrace unavailable"))
struct TraceOutputTests {
    let syshook = Executables.syshook
    let fixture = Executables.fixture

    /// The rows of a `-c` table without the timing columns: "calls errors name".
    func summaryRows(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 5, Double(fields[0]) != nil else { return nil }
            // % seconds usecs calls [errors] name
            let errors = fields.count == 6 ? String(fields[4]) : "0"
            return "\(fields[3]) \(errors) \(fields.last!)"
        }
    }

    @Test func summaryCountsCallsAndErrorsAsStraceDoes() throws {
        guard let strace = Executables.which("strace") else {
            Issue.record("strace is not installed (.ci/run installs it)")
            return
        }
        let arguments = ["-c", "-S", "name", fixture, "open", "/no/such/file"]
        let ours = try runProgram(syshook, ["trace"] + arguments)
        let theirs = try runProgram(strace, arguments)
        #expect(summaryRows(ours.stderr) == summaryRows(theirs.stderr))
        #expect(summaryRows(ours.stderr).contains { $0.hasSuffix("openat") })
        let ourRule = ours.stderrLines.first { $0.hasPrefix("------") }
        let theirRule = theirs.stderrLines.first { $0.hasPrefix("------") }
        #expect(ourRule == theirRule)
    }

    @Test func summaryWithLinesPrintsBoth() throws {
        let run = try runProgram(syshook, ["trace", "-C", "-e", "trace=getppid", fixture, "getppid-report", "2"])
        #expect(run.stderrLines.filter { $0.hasPrefix("getppid()") }.count == 2)
        #expect(summaryRows(run.stderr) == ["2 0 getppid", "2 0 total"])
    }

    @Test func jsonLinesCarryStructuredCalls() throws {
        let run = try runProgram(syshook, ["trace", "--format", "json", "-e", "trace=openat,exit_group", fixture,
                                           "open", "/no/such/file"])
        let objects = try run.stderrLines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        }
        let failed = objects.last { ($0["name"] as? String) == "openat" && ($0["errno_name"] as? String) == "ENOENT" }
        #expect(failed != nil)
        #expect(failed?["return"] as? Int == -1)
        #expect(failed?["pid"] as? Int == failed?["tid"] as? Int)
        let arguments = failed?["args"] as? [String: Any]
        let filename = (arguments?["filename"] as? [String: Any])?["string"] as? String
        #expect(filename == "/no/such/file", "\(arguments ?? [:])")
        #expect(objects.contains { ($0["type"] as? String) == "exit" && ($0["code"] as? Int) == 1 })
    }

    @Test func timestampsAndSyscallTimes() throws {
        let run = try runProgram(syshook, ["trace", "-tt", "-T", "-e", "trace=getppid", fixture, "getppid-report", "1"])
        let line = try #require(run.stderrLines.first { $0.contains("getppid()") })
        #expect(line.wholeMatch(of: #/\d\d:\d\d:\d\d\.\d{6} getppid\(\) +=  ?\d+ <\d+\.\d{6}>/#) != nil, "\(line)")
        let epoch = try runProgram(syshook, ["trace", "-ttt", "-e", "trace=getppid", fixture, "getppid-report", "1"])
        #expect(epoch.stderrLines.first { $0.contains("getppid()") }?.wholeMatch(of: #/\d{10}\.\d{6} getppid\(\) += \d+/#) != nil)
        let relative = try runProgram(syshook, ["trace", "-r", "-e", "trace=getppid", fixture, "getppid-report", "1"])
        #expect(relative.stderrLines.first { $0.contains("getppid()") }?.wholeMatch(of: #/ +\d+\.\d{6} getppid\(\) += \d+/#) != nil)
    }

    @Test func separateFilesPerProcess() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("syshook-ff-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = directory.appendingPathComponent("trace").path
        let run = try runProgram(syshook, ["trace", "-ff", "-o", base, "-e", "trace=getppid,exit_group", fixture, "fork"])
        #expect(run.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files.count == 2, "\(files)")
        let contents = try files.map { try String(contentsOfFile: directory.appendingPathComponent($0).path, encoding: .utf8) }
        #expect(contents.contains { $0.contains("getppid()") && $0.contains("+++ exited with 3 +++") && !$0.contains("[pid") })
        #expect(contents.contains { $0.contains("exit_group(0)") })
    }
}

/// Buffered output still reaches the file while the traced program waits.
struct TraceLiveOutputTests {
    @Test func linesAreWrittenWhileTheProgramBlocks() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("syshook-live-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tracer = Process()
        tracer.executableURL = URL(fileURLWithPath: Executables.syshook)
        tracer.arguments = ["trace", "-e", "trace=write", "-o", path, "/bin/sh", "-c", "echo early; sleep 3; echo late"]
        tracer.standardOutput = FileHandle.nullDevice
        try tracer.run()
        defer { tracer.terminate(); tracer.waitUntilExit() }
        var text = ""
        for _ in 0..<40 where !text.contains("early") {
            usleep(50_000)
            text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        }
        #expect(text.contains("write(1, \"early\\n\", 6)"))
        #expect(!text.contains("late"))
        #expect(tracer.isRunning)
    }
}
