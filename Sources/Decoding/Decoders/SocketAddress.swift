/// Socket addresses as strace prints them: AF_UNIX paths, AF_INET/AF_INET6 with htons/inet_addr, AF_NETLINK.
enum SocketAddress {
    static func decode(_ c: DecodeContext, at address: UInt64, length: Int) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard length >= 2 else { return .address(address) }
        guard let bytes = c.bytes(at: address, count: min(length, 128)) else { return .address(address) }
        return decode(bytes)
    }

    static func decode(_ bytes: [UInt8]) -> DecodedValue {
        let r = ByteReader(bytes)
        let family = r.uint16(0)
        let familyValue = Xlat.addressFamilies.constant(Int64(family), format: .hex, unknown: "AF_???")
        var fields: [DecodedValue.Field] = [.init("sa_family", familyValue)]
        switch family {
        case 1:  // AF_UNIX
            let path = r.slice(2, bytes.count - 2)
            if path.isEmpty { break }
            if path[0] == 0 {
                let name = Array(path.dropFirst())
                fields.append(.init("sun_path", .verbatim("@" + StringQuoting.quote(name, hexStrings: 0))))
            } else {
                let name = Array(path.prefix { $0 != 0 })
                fields.append(.init("sun_path", .string(StringValue(bytes: name, truncated: false))))
            }
        case 2 where bytes.count >= 16:  // AF_INET
            fields.append(.init("sin_port", .call("htons", [.unsigned(UInt64(r.uint16BigEndian(2)))])))
            let ip = (4..<8).map { String(r.uint8($0)) }.joined(separator: ".")
            fields.append(
                .init("sin_addr", .call("inet_addr", [.string(StringValue(bytes: Array(ip.utf8), truncated: false))]))
            )
        case 10 where bytes.count >= 24:  // AF_INET6
            fields.append(.init("sin6_port", .call("htons", [.unsigned(UInt64(r.uint16BigEndian(2)))])))
            let flow =
                UInt64(r.uint8(4)) << 24 | UInt64(r.uint8(5)) << 16 | UInt64(r.uint8(6)) << 8 | UInt64(r.uint8(7))
            fields.append(.init("sin6_flowinfo", .call("htonl", [.unsigned(flow)])))
            let text = ipv6(r.slice(8, 16))
            fields.append(
                .init(
                    nil,
                    .call(
                        "inet_pton",
                        [
                            .verbatim("AF_INET6"), .string(StringValue(bytes: Array(text.utf8), truncated: false)),
                            .verbatim("&sin6_addr"),
                        ]
                    )
                )
            )
            if bytes.count >= 28 { fields.append(.init("sin6_scope_id", .unsigned(UInt64(r.uint32(24))))) }
        case 16 where bytes.count >= 12:  // AF_NETLINK
            fields.append(.init("nl_pid", .signed(Int64(r.int32(4)))))
            let groups = String(r.uint32(8), radix: 16)
            fields.append(
                .init("nl_groups", .verbatim(String(repeating: "0", count: max(0, 8 - groups.count)) + groups))
            )
        default:
            let data = r.slice(2, bytes.count - 2)
            let trimmed = Array(data.reversed().drop { $0 == 0 }.reversed())
            fields.append(.init("sa_data", .string(StringValue(bytes: trimmed, truncated: false))))
        }
        return .structure(fields)
    }

    /// RFC 5952 text form: the longest run of two or more zero groups becomes `::`, IPv4-mapped as `::ffff:a.b.c.d`.
    static func ipv6(_ bytes: [UInt8]) -> String {
        guard bytes.count == 16 else { return "" }
        let groups = (0..<8).map { UInt16(bytes[$0 * 2]) << 8 | UInt16(bytes[$0 * 2 + 1]) }
        if groups[0..<5].allSatisfy({ $0 == 0 }) && groups[5] == 0xFFFF {
            return "::ffff:" + bytes[12..<16].map { String($0) }.joined(separator: ".")
        }
        var bestStart = -1
        var bestLength = 0
        var index = 0
        while index < 8 {
            if groups[index] == 0 {
                var end = index
                while end < 8 && groups[end] == 0 { end += 1 }
                if end - index > bestLength && end - index >= 2 {
                    bestStart = index
                    bestLength = end - index
                }
                index = end
            } else {
                index += 1
            }
        }
        func hex(_ range: Range<Int>) -> String { groups[range].map { String($0, radix: 16) }.joined(separator: ":") }
        if bestStart < 0 { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }
}
