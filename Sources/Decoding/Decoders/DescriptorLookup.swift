import LinuxSystem

/// `-y`/`-yy`: what a descriptor refers to. The path comes from the /proc/PID/fd link; `-yy` adds socket endpoints
/// from /proc/PID/net (the tracee's network namespace) and device numbers, in strace's notation.
enum DescriptorLookup {
    static func target(pid: Int32, fd: Int32, details: Bool = false) -> DescriptorTarget? {
        guard fd >= 0, let link = readSymbolicLink("/proc/\(pid)/fd/\(fd)") else { return nil }
        if link.hasSuffix(" (deleted)") {
            return DescriptorTarget(path: String(link.dropLast(10)), deleted: true)
        }
        guard details else { return DescriptorTarget(path: link) }
        if link.hasPrefix("socket:["), let inode = UInt64(link.dropFirst(8).dropLast()) {
            let details =
                socketDetails(pid: pid, inode: inode)
                ?? socketProtocolName("/proc/\(pid)/fd/\(fd)").map { "\($0):[\(inode)]" }
            return DescriptorTarget(path: link, details: details)
        }
        if link.hasPrefix("/"), let device = deviceNumbers("/proc/\(pid)/fd/\(fd)") {
            return DescriptorTarget(
                path: link,
                details: "\(device.isBlock ? "block" : "char") \(device.major):\(device.minor)"
            )
        }
        return DescriptorTarget(path: link)
    }

    /// The working directory of `pid`, for `AT_FDCWD</path>`.
    static func workingDirectory(pid: Int32) -> DescriptorTarget? {
        readSymbolicLink("/proc/\(pid)/cwd").map { DescriptorTarget(path: $0) }
    }

    /// `TCP:[127.0.0.1:45678->127.0.0.1:54842]`, `UNIX-STREAM:[354826]`, `NETLINK:[ROUTE:1234]`; nil when unknown.
    static func socketDetails(pid: Int32, inode: UInt64) -> String? {
        for (file, name, isIPv6) in [
            ("tcp", "TCP", false), ("tcp6", "TCPv6", true), ("udp", "UDP", false), ("udp6", "UDPv6", true),
        ] {
            if let endpoints = inetEndpoints(pid: pid, file: file, inode: inode, isIPv6: isIPv6) {
                return "\(name):[\(endpoints)]"
            }
        }
        if let unix = unixSocket(pid: pid, inode: inode) { return unix }
        if let netlink = netlinkSocket(pid: pid, inode: inode) { return netlink }
        return nil
    }

    /// Rows of a /proc/net table, split on spaces, without the header line.
    static func rows(_ path: String) -> [[Substring]] {
        guard let bytes = readSmallFile(path) else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true) }
    }

    static func inetEndpoints(pid: Int32, file: String, inode: UInt64, isIPv6: Bool) -> String? {
        for row in rows("/proc/\(pid)/net/\(file)") where row.count > 9 && UInt64(row[9]) == inode {
            let local = endpoint(row[1], isIPv6: isIPv6)
            let remote = endpoint(row[2], isIPv6: isIPv6)
            guard let local, local.port != 0 else { return String(inode) }
            guard let remote, remote.port != 0 else { return local.text }
            return local.text + "->" + remote.text
        }
        return nil
    }

    /// `0100007F:B26E` (IPv4, little-endian words) or 32 hex digits (IPv6) and a port.
    static func endpoint(_ field: Substring, isIPv6: Bool) -> (text: String, port: UInt16)? {
        let parts = field.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1], radix: 16) else { return nil }
        let hex = Array(parts[0])
        var bytes: [UInt8] = []
        var index = 0
        while index + 8 <= hex.count {
            guard let word = UInt32(String(hex[index..<(index + 8)]), radix: 16) else { return nil }
            bytes += [UInt8(word & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word >> 16 & 0xFF), UInt8(word >> 24)]
            index += 8
        }
        if isIPv6 {
            guard bytes.count == 16 else { return nil }
            return ("[" + SocketAddress.ipv6(bytes) + "]:\(port)", port)
        }
        guard bytes.count == 4 else { return nil }
        return (bytes.map(String.init).joined(separator: ".") + ":\(port)", port)
    }

    static func unixSocket(pid: Int32, inode: UInt64) -> String? {
        let types: [String: String] = ["0001": "STREAM", "0002": "DGRAM", "0005": "SEQPACKET"]
        for row in rows("/proc/\(pid)/net/unix") where row.count > 6 && UInt64(row[6]) == inode {
            // strace shows the type only for sockets with a peer or a name; others fall back to `UNIX:[inode]`.
            guard row[5] == "03" || row.count > 7 else { return nil }
            var text = "UNIX-\(types[String(row[4])] ?? "STREAM"):[\(inode)"
            if row.count > 7 { text += ",\"" + row[7...].joined(separator: " ") + "\"" }
            return text + "]"
        }
        return nil
    }

    static func netlinkSocket(pid: Int32, inode: UInt64) -> String? {
        for row in rows("/proc/\(pid)/net/netlink") where row.count > 9 && UInt64(row[9]) == inode {
            guard let protocolNumber = UInt64(row[1]), let port = Int64(row[2]), port != 0 else {
                return "NETLINK:[\(inode)]"
            }
            let name =
                Xlat.netlinkProtocols.name(of: protocolNumber).map { String($0.dropFirst(8)) } ?? String(protocolNumber)
            return "NETLINK:[\(name):\(port)]"
        }
        return nil
    }
}
