import CSysHook

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

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

/// The contents of a small file (such as /proc/PID/net/tcp), at most `limit` bytes; nil when it cannot be read.
package func readSmallFile(_ path: String, limit: Int = 1 << 22) -> [UInt8]? {
    let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
    guard fd >= 0 else { return nil }
    defer { _ = close(fd) }
    var contents: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while contents.count < limit {
        let count = chunk.withUnsafeMutableBytes { raw in
            valueOrErrno { read(fd, raw.baseAddress, raw.count) }
        }
        guard case .success(let length) = count else { return nil }
        if length == 0 { break }
        contents += chunk.prefix(length)
    }
    return contents
}

/// Device numbers of the character or block device at `path` (following symlinks), or nil.
package func deviceNumbers(_ path: String) -> (isBlock: Bool, major: UInt32, minor: UInt32)? {
    var info = stat()
    let result = path.withCString { stat($0, &info) }
    guard result == 0 else { return nil }
    let type = info.st_mode & S_IFMT
    guard type == S_IFCHR || type == S_IFBLK else { return nil }
    let device = UInt64(info.st_rdev)
    let major = UInt32(truncatingIfNeeded: ((device >> 8) & 0xFFF) | ((device >> 32) & ~UInt64(0xFFF)))
    let minor = UInt32(truncatingIfNeeded: (device & 0xFF) | ((device >> 12) & ~UInt64(0xFF)))
    return (type == S_IFBLK, major, minor)
}

/// The protocol name of the socket behind a /proc/PID/fd link (`TCP`, `UNIX`, `NETLINK`, `UDPv6`), from the
/// `system.sockprotoname` attribute sockfs provides; nil for non-sockets.
package func socketProtocolName(_ path: String) -> String? {
    var buffer = [UInt8](repeating: 0, count: 64)
    // getxattr(2) through the raw syscall: glibc's declaration is in <sys/xattr.h>, which the shim does not import.
    let length = buffer.withUnsafeMutableBytes { raw in
        path.withCString { cPath in
            "system.sockprotoname".withCString { name in
                sh_syscall6(
                    Int(SYS_getxattr),
                    Int(bitPattern: cPath),
                    Int(bitPattern: name),
                    Int(bitPattern: raw.baseAddress),
                    raw.count,
                    0,
                    0
                )
            }
        }
    }
    guard length > 0 else { return nil }
    return String(decoding: buffer.prefix(length).prefix { $0 != 0 }, as: UTF8.self)
}
