import Foundation

/// Generates every output file in memory, keyed by path relative to the repository root.
func generateAll(paths: Paths) throws -> [String: String] {
    let facts = try SignatureFacts(paths.input("syscall-signatures.txt"))
    let newer = try NewerSyscalls(paths.input("syscalls-after-6.1.txt"))
    let tables = [
        try SyscallTableFile(
            abi: .x86_64, headerNumbers: try UnistdHeaders.plainDefines(paths.unistd64),
            headerDescription: "<asm/unistd_64.h> (Debian linux-libc-dev 6.1): names and numbers",
            newer: newer.numbers[.x86_64] ?? [:], facts: facts),
        try SyscallTableFile(
            abi: .i386, headerNumbers: try UnistdHeaders.plainDefines(paths.unistd32),
            headerDescription: "<asm/unistd_32.h> (Debian linux-libc-dev 6.1): names and numbers",
            newer: newer.numbers[.i386] ?? [:], facts: facts),
        try SyscallTableFile(
            abi: .generic,
            headerNumbers: try UnistdHeaders.genericDefines(paths.unistdGeneric, wants: UnistdHeaders.arm64Wants),
            headerDescription: "<asm-generic/unistd.h> (Debian linux-libc-dev 6.1) run through cpp with arm64's "
                + "__ARCH_WANT_* macros: names and numbers",
            newer: newer.numbers[.generic] ?? [:], facts: facts),
    ]
    let errno = try ErrnoFile(paths: paths)
    let signals = try SignalFile(paths: paths)
    var files: [String: String] = [:]
    let swift = Paths.generatedSwift
    let c = Paths.generatedHeaderChecks
    for table in tables {
        files[swift + table.fileName] = table.render()
        let check = HeaderChecksFile.syscalls(table)
        files[c + check.name] = check.text
    }
    files[swift + "LibcRoutes.swift"] = try LibcRoutesFile(paths: paths, tables: tables).render()
    files[swift + "ErrnoNames.swift"] = errno.render()
    files[swift + "SignalNames.swift"] = signals.render(paths: paths)
    let check = HeaderChecksFile.errnoAndSignals(errno: errno, signals: signals)
    files[c + check.name] = check.text
    return files
}

/// Writes `files` (paths relative to `root`), creating folders as needed.
func write(_ files: [String: String], to root: URL) throws {
    for (name, text) in files {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}

/// Writes `files` to a temporary directory and lists how the checked-in tree under `root` differs from it.
func compare(_ files: [String: String], with root: URL) throws -> [String] {
    let temporary = FileManager.default.temporaryDirectory
        .appendingPathComponent("generate-tables-\(ProcessInfo.processInfo.processIdentifier)")
    try write(files, to: temporary)
    defer { try? FileManager.default.removeItem(at: temporary) }
    var problems: [String] = []
    for name in files.keys.sorted() {
        let fresh = try readText(temporary.appendingPathComponent(name))
        let existing = try? String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
        if existing == nil {
            problems.append("missing: \(name)")
        } else if existing != fresh {
            problems.append("stale: \(name)")
            problems.append(contentsOf: diff(old: existing!, new: fresh).prefix(20).map { "  \($0)" })
        }
    }
    for folder in [Paths.generatedSwift, Paths.generatedHeaderChecks] {
        let present = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
        for name in present.sorted() where files[folder + name] == nil {
            problems.append("not generated (remove it or teach the generator): \(folder + name)")
        }
    }
    return problems
}

/// A line-level summary of what changed: lines only in the old file, then lines only in the new one.
func diff(old: String, new: String) -> [String] {
    let oldLines = old.split(separator: "\n", omittingEmptySubsequences: false)
    let newLines = new.split(separator: "\n", omittingEmptySubsequences: false)
    let oldSet = Set(oldLines)
    let newSet = Set(newLines)
    return oldLines.filter { !newSet.contains($0) }.map { "- \($0)" } + newLines.filter { !oldSet.contains($0) }.map { "+ \($0)" }
}
