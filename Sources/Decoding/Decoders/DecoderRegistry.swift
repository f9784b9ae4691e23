import SyscallTables

/// The decoders by syscall name, merged from the per-family tables.
enum DecoderRegistry {
    static let byName: [String: SyscallDecoder] = {
        var merged: [String: SyscallDecoder] = [:]
        for family in families {
            merged.merge(family) { first, _ in first }
        }
        return merged
    }()

    /// One table per family file.
    static var families: [[String: SyscallDecoder]] {
        [
            fileDecoders, statDecoders, fileControlDecoders, processDecoders, waitDecoders, resourceDecoders,
            signalDecoders, memoryDecoders, networkDecoders, timeDecoders, extendedDecoders,
        ]
    }

    static func decoder(named name: String?, entry: SyscallEntry?) -> SyscallDecoder {
        if let name, let decoder = byName[name] { return decoder }
        return FallbackDecoder.decoder(for: entry)
    }
}
