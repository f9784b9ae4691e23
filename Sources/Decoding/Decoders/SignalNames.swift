import SyscallTables

/// Signal names as strace prints them: `SIGCHLD`, real-time signals as `SIGRTMIN`, `SIGRT_1`…, unknown numbers in
/// decimal.
enum SignalNames {
    /// The kernel's first real-time signal (glibc reserves 32 and 33 for itself and moves its SIGRTMIN up).
    static let kernelRealtimeMinimum: Int32 = 32
    static let kernelRealtimeMaximum: Int32 = 64

    static func name(_ signal: Int32) -> String {
        if let name = SignalTable.name(signal) { return name }
        if signal == kernelRealtimeMinimum { return "SIGRTMIN" }
        if signal > kernelRealtimeMinimum && signal <= kernelRealtimeMaximum {
            return "SIGRT_\(signal - kernelRealtimeMinimum)"
        }
        return String(signal)
    }

    /// The name without `SIG`, as in signal sets (`[INT TERM]`).
    static func shortName(_ signal: Int32) -> String {
        let full = name(signal)
        return full.hasPrefix("SIG") ? String(full.dropFirst(3)) : full
    }

    /// A signal number argument: `SIGTERM`, or the number when unknown (strace prints it in decimal).
    static func value(_ signal: Int32) -> DecodedValue {
        let full = name(signal)
        return .constant(ConstantValue(raw: Int64(signal), name: full == String(signal) ? nil : full, format: .decimal))
    }
}
