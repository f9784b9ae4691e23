import Foundation
import TestSupport
import Testing

/// Runs the decoder fixture actions under Debian's strace and under `syshook trace` and compares the lines, after
/// the action's `getppid()` marker. Addresses and pids differ between runs and are normalised; strace 6.1's epoll
/// `data={u32=…, u64=…}` is rewritten to the 7.x form `data=0x…` that syshook prints (notes.md, "Which strace").
@Suite(.enabled(if: ptraceUnavailableReason() == nil && Executables.which("strace") != nil, "needs ptrace and strace"))
struct DecodingComparisonTests {
    @Test(arguments: ["decode-file", "decode-memory", "decode-signals", "decode-network", "decode-time"])
    func syshookPrintsWhatStracePrints(action: String) throws {
        try compare(action: action, options: [])
    }

    /// The same actions with `-y` (paths of descriptors, AT_FDCWD's directory) and `-X verbose`.
    @Test(arguments: ["decode-file", "decode-network"], [["-y"], ["-X", "verbose"]])
    func optionsChangeLinesAsInStrace(action: String, options: [String]) throws {
        try compare(action: action, options: options)
    }

    func compare(action: String, options: [String]) throws {
        let strace = try #require(Executables.which("strace"))
        let expected = try lines(strace, options, action: action)
        let actual = try lines(Executables.syshook, ["trace"] + options, action: action)
        #expect(expected.count > 5, "strace printed too little:\n\(expected.joined(separator: "\n"))")
        #expect(actual == expected)
        for (index, (mine, theirs)) in zip(actual, expected).enumerated() where mine != theirs {
            Issue.record("line \(index): syshook \(mine)\n         strace  \(theirs)")
        }
    }

    /// The trace lines after the marker, normalised.
    func lines(_ tracer: String, _ prefix: [String], action: String) throws -> [String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "syshook-decoding-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Same path length for both runs keeps stat sizes and sockaddr lengths equal.
        let run = try runProgram(tracer, prefix + [Executables.fixture, action, directory.path])
        #expect(run.status == 0, "\(tracer) failed: \(run.stderr)")
        let all = run.stderrLines.map { $0.replacingOccurrences(of: directory.path, with: "DIR") }
        guard let marker = all.lastIndex(where: { $0.hasPrefix("getppid()") }) else { return all }
        let pids = pidsMentioned(in: Array(all[marker...])).union(getpidResults(all))
        // Under the test runner strace's child starts with SIGCONT pending and blocked (strace passes its own signal
        // state on); unblocking it delivers a SIGCONT that syshook's child never had. Not a decoding difference.
        return all[(marker + 1)...].filter { !$0.hasPrefix("getpid()") && !$0.hasPrefix("--- SIGCONT ") }.map { line in
            normalizeAddresses(normalizePIDs(epollData(line), pids))
        }
    }

    func getpidResults(_ lines: [String]) -> Set<String> {
        Set(lines.compactMap { $0.firstMatch(of: #/^getpid\(\) += (\d+)$/#).map { String($0.1) } })
    }

    /// Addresses (six or more hex digits) and inode numbers (`pipe:[661390]`) vary from run to run.
    func normalizeAddresses(_ line: String) -> String {
        line.replacing(#/0x[0-9a-f]{6,}/#, with: "ADDR").replacing(#/:\[\d+\]/#, with: ":[INODE]")
    }

    func epollData(_ line: String) -> String {
        line.replacing(#/data=\{u32=\d+, u64=(\d+)\}/#) { match in
            "data=0x" + String(UInt64(match.1) ?? 0, radix: 16)
        }
    }
}
