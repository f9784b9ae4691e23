import CSysHook

/// readlink(2): reads a symbolic link's target. `nil` when it cannot be read.
internal func system_readlink(_ path: String, _ buffer: inout [UInt8]) -> Int {
    let count = buffer.count
    return path.withCString { cPath in
        buffer.withUnsafeMutableBytes { raw in
            readlink(cPath, raw.baseAddress!.assumingMemoryBound(to: CChar.self), count)
        }
    }
}

/// The target of the symbolic link at `path` (e.g. `/proc/PID/fd/3`), or nil when it cannot be read.
///
/// Used by the decoders for `-y`; link targets longer than 4095 bytes (PATH_MAX - 1) are cut there, as the kernel
/// never produces longer ones for /proc links.
package func readSymbolicLink(_ path: String) -> String? {
    var buffer = [UInt8](repeating: 0, count: 4096)
    guard case .success(let length) = valueOrErrno(retryOnInterrupt: true, { system_readlink(path, &buffer) }) else {
        return nil
    }
    return String(decoding: buffer.prefix(length), as: UTF8.self)
}
