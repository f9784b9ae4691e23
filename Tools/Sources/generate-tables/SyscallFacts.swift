import Foundation

/// The ABIs the generator emits, with the names the fact files use for them.
enum ABI: String, CaseIterable {
    case x86_64
    case i386
    /// asm-generic/unistd.h, used by arm64 (`aarch64` in syshook).
    case generic

    var swiftArchitecture: String {
        switch self {
        case .x86_64: "x86_64"
        case .i386: "i386"
        case .generic: "aarch64"
        }
    }
}

/// One line of Tools/Inputs/syscall-signatures.txt.
struct Signature {
    /// Swift spellings of `ArgumentKind` cases.
    var arguments: [String]
    /// Swift spellings of `SyscallClass` members.
    var classes: [String]
}

/// The per-syscall facts: argument kinds and strace classes, keyed by name, with per-ABI argument overrides.
struct SignatureFacts {
    private var plain: [String: Signature] = [:]
    private var overrides: [String: [String]] = [:]  // "name@abi" → arguments

    static let kinds: [String: String] = [
        "fd": ".descriptor", "str": ".string", "ptr": ".pointer", "uint": ".unsigned", "int": ".signed", "hex": ".hex",
    ]
    static let classes: [String: String] = [
        "desc": ".descriptor", "file": ".file", "network": ".network", "process": ".process", "signal": ".signal",
        "memory": ".memory", "ipc": ".ipc", "stat": ".stat", "lstat": ".lstat", "fstat": ".fstat",
        "%stat": ".statLike", "statfs": ".statfs", "fstatfs": ".fstatfs", "%statfs": ".statfsLike", "pure": ".pure",
        "creds": ".creds", "clock": ".clock",
    ]

    init(_ url: URL) throws {
        for (lineNumber, text) in try factLines(url) {
            let halves = text.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            var left = words(halves[0])
            let key = left.removeFirst()
            let arguments = try left.map { kind in
                guard let swift = Self.kinds[kind] else {
                    throw GeneratorError("\(url.lastPathComponent):\(lineNumber): unknown kind \(kind)")
                }
                return swift
            }
            let classes = try (halves.count > 1 ? words(halves[1]) : []).map { name in
                guard let swift = Self.classes[name] else {
                    throw GeneratorError("\(url.lastPathComponent):\(lineNumber): unknown class \(name)")
                }
                return swift
            }
            guard arguments.count <= 6 else {
                throw GeneratorError("\(url.lastPathComponent):\(lineNumber): more than 6 arguments")
            }
            if key.contains("@") {
                guard classes.isEmpty else {
                    throw GeneratorError("\(url.lastPathComponent):\(lineNumber): an @abi line carries no classes")
                }
                overrides[key] = arguments
            } else {
                guard plain[key] == nil else {
                    throw GeneratorError("\(url.lastPathComponent):\(lineNumber): \(key) listed twice")
                }
                plain[key] = Signature(arguments: arguments, classes: classes)
            }
        }
    }

    func signature(of name: String, abi: ABI) -> Signature? {
        guard var signature = plain[name] else { return nil }
        if let arguments = overrides["\(name)@\(abi.rawValue)"] { signature.arguments = arguments }
        return signature
    }
}

/// Tools/Inputs/syscalls-after-6.1.txt: numbers of syscalls newer than the installed headers.
struct NewerSyscalls {
    var numbers: [ABI: [String: Int]] = [:]

    init(_ url: URL) throws {
        for (lineNumber, text) in try factLines(url) {
            let parts = words(text)
            guard parts.count == 5 else {
                throw GeneratorError("\(url.lastPathComponent):\(lineNumber): expected name x86_64 i386 generic version")
            }
            for (abi, column) in zip([ABI.x86_64, .i386, .generic], parts[1...3]) where column != "-" {
                guard let number = Int(column) else {
                    throw GeneratorError("\(url.lastPathComponent):\(lineNumber): bad number \(column)")
                }
                numbers[abi, default: [:]][parts[0]] = number
            }
        }
    }
}
