import Foundation

/// Where the generator reads its sources and writes its output.
struct Paths {
    /// The repository root, found from this source file so the tool works from any working directory.
    let repository: URL
    let inputs: URL
    /// Output folders, relative to the repository root.
    static let generatedSwift = "Sources/SyscallTables/Generated/"
    static let generatedHeaderChecks = "Tests/CHeaderChecks/Generated/"

    /// The Debian linux-libc-dev headers (6.1 on Debian 12). Read at generation time only.
    let unistd64 = URL(fileURLWithPath: "/usr/include/x86_64-linux-gnu/asm/unistd_64.h")
    let unistd32 = URL(fileURLWithPath: "/usr/include/x86_64-linux-gnu/asm/unistd_32.h")
    let unistdGeneric = URL(fileURLWithPath: "/usr/include/asm-generic/unistd.h")
    let errnoBase = URL(fileURLWithPath: "/usr/include/asm-generic/errno-base.h")
    let errno = URL(fileURLWithPath: "/usr/include/asm-generic/errno.h")
    let signal = URL(fileURLWithPath: "/usr/include/x86_64-linux-gnu/asm/signal.h")

    init() {
        // Tools/Sources/generate-tables/Paths.swift → repository root is four levels up.
        repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        inputs = repository.appendingPathComponent("Tools/Inputs")
    }

    func input(_ name: String) -> URL { inputs.appendingPathComponent(name) }
}

struct GeneratorError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

func readText(_ url: URL) throws -> String {
    do {
        return try String(contentsOf: url, encoding: .utf8)
    } catch {
        throw GeneratorError("cannot read \(url.path): \(error.localizedDescription)")
    }
}

/// The lines of a fact file with comments (`#` to end of line) and blank lines removed.
func factLines(_ url: URL) throws -> [(number: Int, text: String)] {
    try readText(url).split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap {
        let text = $0.element.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : ($0.offset + 1, trimmed)
    }
}

func words(_ text: some StringProtocol) -> [String] {
    String(text).split(whereSeparator: { (character: Character) in character == " " || character == "\t" }).map(String.init)
}

/// A C header's text with `/* … */` comments removed, so commented-out defines are not read.
func headerText(_ url: URL) throws -> String {
    var text = try readText(url)
    while let open = text.range(of: "/*") {
        guard let close = text.range(of: "*/", range: open.upperBound..<text.endIndex) else {
            throw GeneratorError("unterminated comment in \(url.path)")
        }
        text.replaceSubrange(open.lowerBound..<close.upperBound, with: " ")
    }
    return text
}
