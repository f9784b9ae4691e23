// generate-xlat: builds syshook's constant tables (Sources/Decoding/Xlat/Generated/*.swift) from our own spec files
// (Tools/Inputs/xlat/*.xlat) and the values in the installed kernel UAPI and libc headers.
//
// Usage: swift run --package-path Tools generate-xlat [--check]
//
// Spec format, one constant per line:
//   NAME                     value read from the headers named by #From; an error when they lack it
//   NAME VALUE               fallback VALUE (C literal) for headers older than the running kernel
//   NAME VALUE aarch64=V     a different value on aarch64 (asm/ headers differ; we cannot read arm64 headers here)
//   # comment
// Directives: #From <headers...>   #Name swiftName   #Kind plain|sorted|bitflags   #Strip PREFIX (printed name
// drops PREFIX, as in signal sets)   #Rename NAME printed-name
//
// Values are resolved by compiling a small C program per spec with the system C compiler; the output is checked in,
// so building syshook never needs the headers. `--check` regenerates into memory and fails when a file differs.
import Foundation

struct SpecEntry {
    var name: String
    var fallback: String?
    var aarch64: String?
}

struct Spec {
    var file: String
    var swiftName: String
    var kind = "plain"
    var headers: [String] = []
    var entries: [SpecEntry] = []
}

enum GeneratorError: Error, CustomStringConvertible {
    case parse(String)
    case compile(String)
    case missing(String)
    var description: String {
        switch self {
        case .parse(let message), .compile(let message), .missing(let message): message
        }
    }
}

let toolsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let inputDirectory = toolsRoot.appendingPathComponent("Inputs/xlat")
let outputDirectory = toolsRoot.deletingLastPathComponent().appendingPathComponent("Sources/Decoding/Xlat/Generated")

func parseSpec(_ url: URL) throws -> Spec {
    let base = url.deletingPathExtension().lastPathComponent
    var spec = Spec(file: url.lastPathComponent, swiftName: base)
    let text = try String(contentsOf: url, encoding: .utf8)
    for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let line = rawLine.trimmingCharacters(in: .whitespaces)
        if line.isEmpty || line.hasPrefix("# ") || line == "#" { continue }
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        switch words[0] {
        case "#From": spec.headers += words.dropFirst()
        case "#Name": spec.swiftName = words[1]
        case "#Kind":
            guard ["plain", "sorted", "bitflags"].contains(words[1]) else {
                throw GeneratorError.parse("\(spec.file):\(number + 1): unknown kind \(words[1])")
            }
            spec.kind = words[1]
        default:
            if words[0].hasPrefix("#") { throw GeneratorError.parse("\(spec.file):\(number + 1): unknown directive") }
            var entry = SpecEntry(name: words[0])
            for word in words.dropFirst() {
                if word.hasPrefix("aarch64=") { entry.aarch64 = String(word.dropFirst(8)) } else { entry.fallback = word }
            }
            spec.entries.append(entry)
        }
    }
    return spec
}

/// Runs the C compiler on a probe that prints each constant the headers define, and the fallback otherwise.
func resolve(_ spec: Spec) throws -> [(name: String, value: Int64, fromHeader: Bool, aarch64: Int64?)] {
    var source = "#define _GNU_SOURCE\n#include <stdio.h>\n"
    for header in spec.headers { source += "#include <\(header)>\n" }
    source += "int main(void) {\n"
    for entry in spec.entries {
        let fallback = entry.fallback ?? "0"
        source += """
            #ifdef \(entry.name)
            printf("%lld 1\\n", (long long)(\(entry.name)));
            #else
            printf("%lld \(entry.fallback != nil ? 0 : 2)\\n", (long long)(\(fallback)));
            #endif

            """
    }
    source += "return 0; }\n"
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("generate-xlat-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let cFile = directory.appendingPathComponent("probe.c")
    let binary = directory.appendingPathComponent("probe")
    try source.write(to: cFile, atomically: true, encoding: .utf8)
    let compile = try run("/usr/bin/cc", ["-w", "-o", binary.path, cFile.path])
    guard compile.status == 0 else { throw GeneratorError.compile("\(spec.file): cc failed:\n\(compile.output)") }
    let probe = try run(binary.path, [])
    let lines = probe.output.split(separator: "\n")
    guard lines.count == spec.entries.count else { throw GeneratorError.compile("\(spec.file): probe output short") }
    var result: [(String, Int64, Bool, Int64?)] = []
    for (entry, line) in zip(spec.entries, lines) {
        let parts = line.split(separator: " ")
        let value = Int64(parts[0])!
        if parts[1] == "2" {
            throw GeneratorError.missing("\(spec.file): \(entry.name) is not in \(spec.headers) and has no fallback")
        }
        if parts[1] == "1", let fallback = entry.fallback, let fallbackValue = parseCLiteral(fallback),
            fallbackValue != value
        {
            throw GeneratorError.missing("\(spec.file): \(entry.name): headers say \(value), fallback says \(fallback)")
        }
        result.append((entry.name, value, parts[1] == "1", entry.aarch64.flatMap(parseCLiteral)))
    }
    return result
}

func parseCLiteral(_ text: String) -> Int64? {
    var body = text
    var negative = false
    if body.hasPrefix("-") { negative = true; body.removeFirst() }
    let magnitude: UInt64?
    if body.hasPrefix("0x") || body.hasPrefix("0X") {
        magnitude = UInt64(body.dropFirst(2), radix: 16)
    } else if body.hasPrefix("0") && body.count > 1 {
        magnitude = UInt64(body.dropFirst(), radix: 8)
    } else if body.hasPrefix("1<<") {
        magnitude = UInt64(body.dropFirst(3)).map { 1 << $0 }
    } else {
        magnitude = UInt64(body)
    }
    guard let magnitude else { return nil }
    let value = Int64(bitPattern: magnitude)
    return negative ? -value : value
}

func run(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

func headersVersion() -> String {
    (try? run("/usr/bin/dpkg-query", ["-W", "-f=${Version}", "linux-libc-dev"]).output) ?? "unknown"
}

func swiftLiteral(_ value: Int64) -> String {
    value < 0 ? "UInt64(bitPattern: \(value))" : "0x" + String(UInt64(value), radix: 16)
}

func render(_ spec: Spec, _ values: [(name: String, value: Int64, fromHeader: Bool, aarch64: Int64?)], version: String)
    -> String
{
    var out = """
        // Generated by Tools/generate-xlat from Tools/Inputs/xlat/\(spec.file) and the headers \
        \(spec.headers.map { "<\($0)>" }.joined(separator: ", ")) (linux-libc-dev \(version)).
        // Entries marked "fallback" are newer than those headers and come from the spec file.
        // Do not edit. Regenerate: swift run --package-path Tools generate-xlat
        // swift-format-ignore-file

        extension Xlat {

        """
    func declaration(aarch64: Bool) -> String {
        var text = "    static let \(spec.swiftName) = XlatTable(name: \"\(spec.swiftName)\", kind: .\(spec.kind), entries: [\n"
        for item in values {
            let value = aarch64 ? (item.aarch64 ?? item.value) : item.value
            text += "        (\(swiftLiteral(value)), \"\(item.name)\"),\(item.fromHeader ? "" : "  // fallback")\n"
        }
        return text + "    ])\n"
    }
    if values.contains(where: { $0.aarch64 != nil }) {
        // asm/ headers differ between architectures for some of these; the arm64 values come from the spec file.
        out += "#if arch(arm64)\n" + declaration(aarch64: true) + "#else\n" + declaration(aarch64: false) + "#endif\n"
    } else {
        out += declaration(aarch64: false)
    }
    out += "}\n"
    return out
}

func main() -> Int32 {
    let check = CommandLine.arguments.contains("--check")
    do {
        let files = try FileManager.default.contentsOfDirectory(at: inputDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "xlat" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        let version = headersVersion()
        var stale: [String] = []
        var expected: Set<String> = []
        for file in files {
            let spec = try parseSpec(file)
            let text = render(spec, try resolve(spec), version: version)
            let name = "Xlat+\(spec.swiftName).swift"
            expected.insert(name)
            let target = outputDirectory.appendingPathComponent(name)
            let current = try? String(contentsOf: target, encoding: .utf8)
            if current == text { continue }
            if check { stale.append(name) } else { try text.write(to: target, atomically: true, encoding: .utf8) }
        }
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: outputDirectory.path)) ?? []
        for name in existing where name.hasPrefix("Xlat+") && !expected.contains(name) {
            if check { stale.append(name) } else { try FileManager.default.removeItem(at: outputDirectory.appendingPathComponent(name)) }
        }
        if check && !stale.isEmpty {
            print("generate-xlat: stale generated files: \(stale.joined(separator: ", "))")
            return 1
        }
        print("generate-xlat: \(files.count) tables \(check ? "up to date" : "written")")
        return 0
    } catch {
        FileHandle.standardError.write(Data("generate-xlat: \(error)\n".utf8))
        return 1
    }
}

exit(main())
