import Foundation

/// Generates every output file in memory, keyed by file name.
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
    var files: [String: String] = [:]
    for table in tables { files[table.fileName] = table.render() }
    files["LibcRoutes.swift"] = try LibcRoutesFile(paths: paths, tables: tables).render()
    files["ErrnoNames.swift"] = try ErrnoFile(paths: paths).render()
    files["SignalNames.swift"] = try SignalFile(paths: paths).render(paths: paths)
    return files
}

func write(_ files: [String: String], to directory: URL) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (name, text) in files {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }
}

/// Writes `files` to a temporary directory and lists how the checked-in directory differs from it.
func compare(_ files: [String: String], with directory: URL) throws -> [String] {
    let temporary = FileManager.default.temporaryDirectory
        .appendingPathComponent("generate-tables-\(ProcessInfo.processInfo.processIdentifier)")
    try write(files, to: temporary)
    defer { try? FileManager.default.removeItem(at: temporary) }
    var problems: [String] = []
    for name in files.keys.sorted() {
        let fresh = try readText(temporary.appendingPathComponent(name))
        let existing = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        if existing == nil {
            problems.append("missing: \(directory.appendingPathComponent(name).path)")
        } else if existing != fresh {
            problems.append("stale: \(directory.appendingPathComponent(name).path)")
            problems.append(contentsOf: diff(old: existing!, new: fresh).prefix(20).map { "  \($0)" })
        }
    }
    let present = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    for name in present.sorted() where name.hasSuffix(".swift") && files[name] == nil {
        problems.append("not generated (remove it or teach the generator): \(name)")
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
