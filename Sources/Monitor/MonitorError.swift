import BPF

/// Why the monitor could not start.
public struct MonitorError: Error, Sendable, CustomStringConvertible {
    /// A one-line summary.
    public let message: String
    /// The verifier's log when a generated program was refused.
    public let verifierLog: String
    /// The refused program's disassembly, for `--verbose`.
    public let disassembly: String

    init(_ message: String, verifierLog: String = "", disassembly: String = "") {
        self.message = message
        self.verifierLog = verifierLog
        self.disassembly = disassembly
    }

    init(_ error: BPFError, program: [Instruction]? = nil) {
        self.init(
            error.description, verifierLog: error.verifierLog,
            disassembly: program.map { Disassembler.text($0) } ?? "")
    }

    public var description: String { message }
}

/// Linux capability bits (`include/uapi/linux/capability.h`).
enum Capability: Int {
    case systemAdministrator = 21
    case performanceMonitoring = 38
    case bpf = 39

    var name: String {
        switch self {
        case .systemAdministrator: "CAP_SYS_ADMIN"
        case .performanceMonitoring: "CAP_PERFMON"
        case .bpf: "CAP_BPF"
        }
    }

    /// The capabilities tracing programs need that `effective` lacks: CAP_BPF and CAP_PERFMON, both implied by
    /// CAP_SYS_ADMIN.
    static func missingForTracing(effective: UInt64) -> [Capability] {
        func has(_ capability: Capability) -> Bool { effective & (1 << UInt64(capability.rawValue)) != 0 }
        if has(.systemAdministrator) { return [] }
        return [.bpf, .performanceMonitoring].filter { !has($0) }
    }
}
