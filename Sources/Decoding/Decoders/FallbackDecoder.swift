import SyscallTables

/// Prints the raw arguments of a syscall no decoder knows, by the kind its kernel prototype gives each parameter.
enum FallbackDecoder {
    static let parameterNames = ["arg0", "arg1", "arg2", "arg3", "arg4", "arg5"]

    static func decoder(for entry: SyscallEntry?) -> SyscallDecoder {
        guard let entry else {
            // An unknown number: strace prints all six arguments in hex.
            return .atEntry(.decimal) { context in
                context.arguments.enumerated().map { DecodedArgument(parameterNames[$0.offset], .hex($0.element)) }
            }
        }
        let kinds = entry.arguments
        // In a %file syscall the first string is a path name: strace prints those whole (printpath), other strings
        // (xattr names, …) cut at -s.
        let pathIndex = entry.classes.contains(.file) ? kinds.firstIndex(of: .string) : nil
        return .atEntry(.decimal) { context in
            kinds.prefix(6).enumerated().map { index, kind in
                DecodedArgument(parameterNames[index], value(context, index, kind, isPath: index == pathIndex))
            }
        }
    }

    static func value(_ context: DecodeContext, _ index: Int, _ kind: ArgumentKind, isPath: Bool = false)
        -> DecodedValue
    {
        let raw = context[index]
        switch kind {
        case .signed: return .signed(Int64(bitPattern: raw))
        case .unsigned: return .unsigned(raw)
        case .hex: return .hex(raw)
        case .descriptor: return context.descriptor(index)
        case .string: return isPath ? context.path(at: raw) : context.string(at: raw)
        case .pointer: return .address(raw)
        }
    }
}
