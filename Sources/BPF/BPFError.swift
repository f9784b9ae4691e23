public import SystemPackage

/// Why a BPF object could not be created, loaded or attached.
public struct BPFError: Error, Sendable, CustomStringConvertible {
    /// What was being done.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public static let mapCreate = Code("create map")
        public static let mapAccess = Code("access map")
        public static let assemble = Code("assemble program")
        public static let programLoad = Code("load program")
        public static let attach = Code("attach program")
        public static let ringBuffer = Code("read ring buffer")
        /// The kernel does not offer the mechanism (kprobes compiled out, fentry refused).
        public static let unsupported = Code("use")
        public var description: String { name }
    }

    public let code: Code
    /// The object concerned: a map or program name, a tracepoint.
    public let object: String
    public let underlying: Errno?
    /// The verifier's log for a refused program (empty when the kernel refused before verifying).
    public let verifierLog: String
    /// A hint on what to do instead.
    public let suggestion: String?

    public init(
        _ code: Code, object: String, underlying: Errno? = nil, verifierLog: String = "", suggestion: String? = nil
    ) {
        self.code = code
        self.object = object
        self.underlying = underlying
        self.verifierLog = verifierLog
        self.suggestion = suggestion
    }

    /// One line: what failed, the errno, the verifier's last words, and the suggestion.
    public var description: String {
        var text = "cannot \(code) \(object)"
        if let underlying { text += ": \(underlying)" }
        let lastLines = verifierLog.split(separator: "\n").suffix(2).joined(separator: " / ")
        if !lastLines.isEmpty { text += " (verifier: \(lastLines))" }
        if let suggestion { text += "; \(suggestion)" }
        return text
    }
}
