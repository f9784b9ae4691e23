import SyscallTables

/// The return value of a syscall, decoded as strace's `syscall_exiting_trace` shows it.
enum ResultDecoding {
    /// The kernel-internal errnos a signal turns into a restart; strace prints them as `= ? NAME (message)`.
    static let restartMessages: [Int32: (name: String, message: String)] = [
        512: ("ERESTARTSYS", "To be restarted if SA_RESTART is set"),
        513: ("ERESTARTNOINTR", "To be restarted"),
        514: ("ERESTARTNOHAND", "To be restarted if no handler"),
        516: ("ERESTART_RESTARTBLOCK", "Interrupted by signal"),
    ]

    static func decode(_ outcome: SyscallOutcome, decoder: SyscallDecoder, context: DecodeContext) -> DecodedResult {
        guard case .returned(let value) = outcome else { return .unknown }
        if let errno = outcome.errno {
            if let restart = restartMessages[errno] {
                return .error(errno: errno, name: restart.name, message: restart.message, restart: true)
            }
            return .error(
                errno: errno,
                name: ErrnoTable.name(errno),
                message: ErrnoTable.message(errno),
                restart: false
            )
        }
        let format = decoder.resultFor?(context) ?? decoder.result
        let decoded: DecodedValue
        switch format {
        case .decimal: decoded = .signed(value)
        case .unsignedDecimal: decoded = .unsigned(UInt64(bitPattern: value))
        case .hex: decoded = .hex(UInt64(bitPattern: value))
        case .octal: decoded = .octal(UInt64(bitPattern: value))
        case .descriptor: decoded = context.descriptorValue(Int32(truncatingIfNeeded: value))
        case .noReturn: return .unknown
        }
        return .value(decoded, annotation: decoder.annotation?(context, value))
    }
}

extension StraceRenderer {
    /// The text after `= `: `3`, `-1 ENOENT (No such file or directory)`, `? ERESTARTSYS (…)`, `?`.
    public func renderResult(_ result: DecodedResult) -> String {
        switch result {
        case .unknown:
            return "?"
        case .value(let value, let annotation):
            var out = render(value)
            if let annotation { out += " (" + render(annotation) + ")" }
            return out
        case .error(let errno, let name, let message, let restart):
            let message = message ?? "Unknown error \(errno)"
            if restart { return "? \(name ?? String(errno)) (\(message))" }
            return "-1 \(name ?? String(errno)) (\(message))"
        }
    }
}
