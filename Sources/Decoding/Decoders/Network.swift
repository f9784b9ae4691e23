/// Decoders of the network family.
extension DecoderRegistry {
    static let networkDecoders: [String: SyscallDecoder] = [
        "socket": .atEntry(.descriptor) { c in socketTriple(c) },
        "socketpair": SyscallDecoder(
            entry: { c in socketTriple(c) },
            exit: { c, outcome in [DecodedArgument("usockvec", pipeDescriptors(c, outcome, at: c[3]))] }
        ),
        "bind": .atEntry { c in addressArguments(c) },
        "connect": .atEntry { c in addressArguments(c) },
        "listen": .atEntry { c in [c.fd("fd", 0), c.int("backlog", 1)] },
        "accept": SyscallDecoder(
            result: .descriptor,
            entry: { c in savingLength(&c, at: c[2]) },
            exit: { c, outcome in returnedAddress(c, outcome, address: c[1], lengthAddress: c[2]) }
        ),
        "accept4": SyscallDecoder(
            result: .descriptor,
            entry: { c in savingLength(&c, at: c[2]) },
            exit: { c, outcome in
                returnedAddress(c, outcome, address: c[1], lengthAddress: c[2]) + [socketTypeFlags(c, 3)]
            }
        ),
        "getsockname": SyscallDecoder(
            entry: { c in savingLength(&c, at: c[2]) },
            exit: { c, outcome in returnedAddress(c, outcome, address: c[1], lengthAddress: c[2]) }
        ),
        "getpeername": SyscallDecoder(
            entry: { c in savingLength(&c, at: c[2]) },
            exit: { c, outcome in returnedAddress(c, outcome, address: c[1], lengthAddress: c[2]) }
        ),
        "sendto": .atEntry { c in
            [
                c.fd("fd", 0), DecodedArgument("buff", c.buffer(at: c[1], count: c[2])), c.ulong("len", 2),
                c.flags("flags", 3, Xlat.messageFlags),
                DecodedArgument("addr", SocketAddress.decode(c, at: c[4], length: Int(c.int(5)))), c.int("addr_len", 5),
            ]
        },
        "recvfrom": SyscallDecoder(
            entry: { c in
                c.saved = [c[5] == 0 ? 0 : c.bytes(at: c[5], count: 4).map { UInt64(ByteReader($0).uint32(0)) } ?? 0]
                return [c.fd("fd", 0)]
            },
            exit: { c, outcome in
                let address: [DecodedArgument]
                if c[4] == 0 {
                    address = [DecodedArgument("addr", .address(0)), c.pointer("addr_len", 5)]
                } else {
                    address = returnedAddress(c, outcome, address: c[4], lengthAddress: c[5])
                }
                return [
                    DecodedArgument("ubuf", returnedBuffer(c, at: c[1], outcome)), c.ulong("size", 2),
                    c.flags("flags", 3, Xlat.messageFlags),
                ] + address
            }
        ),
        "sendmsg": .atEntry { c in
            [
                c.fd("fd", 0), DecodedArgument("msg", messageHeader(c, c[1], data: UInt64.max)),
                c.flags("flags", 2, Xlat.messageFlags),
            ]
        },
        "recvmsg": SyscallDecoder(
            entry: { c in [c.fd("fd", 0)] },
            exit: { c, outcome in
                let received = DecodeContext.success(outcome).map { UInt64(clamping: $0) }
                return [
                    DecodedArgument("msg", received.map { messageHeader(c, c[1], data: $0) } ?? .address(c[1])),
                    c.flags("flags", 2, Xlat.messageFlags),
                ]
            }
        ),
        "setsockopt": .atEntry { c in
            [
                c.fd("fd", 0), socketLevel(c, 1), socketOption(c, level: 1, 2),
                DecodedArgument(
                    "optval",
                    optionValue(c, at: c[3], length: Int(c.int(4)), level: c.int(1), name: c.int(2))
                ),
                c.int("optlen", 4),
            ]
        },
        "getsockopt": SyscallDecoder(
            entry: { c in
                c.saved = [c.bytes(at: c[4], count: 4).map { UInt64(ByteReader($0).uint32(0)) } ?? 0]
                return [c.fd("fd", 0), socketLevel(c, 1), socketOption(c, level: 1, 2)]
            },
            exit: { c, outcome in
                guard DecodeContext.success(outcome) != nil, let bytes = c.bytes(at: c[4], count: 4) else {
                    return [c.pointer("optval", 3), c.pointer("optlen", 4)]
                }
                let after = Int(ByteReader(bytes).int32(0))
                return [
                    DecodedArgument("optval", optionValue(c, at: c[3], length: after, level: c.int(1), name: c.int(2))),
                    DecodedArgument(
                        "optlen",
                        lengthChange(before: c.saved.first ?? 0, after: UInt64(UInt32(truncatingIfNeeded: after)))
                    ),
                ]
            }
        ),
        "shutdown": .atEntry { c in [c.fd("fd", 0), c.constant("how", 1, Xlat.shutdownModes, unknown: "SHUT_???")] },
    ]

    static func socketTriple(_ c: DecodeContext) -> [DecodedArgument] {
        let family = c.int(0)
        let protocolValue: DecodedValue
        switch family {
        case 2, 10: protocolValue = Xlat.ipProtocols.constant(Int64(c.int(2)), format: .hex, unknown: "IPPROTO_???")
        case 16: protocolValue = Xlat.netlinkProtocols.constant(Int64(c.int(2)), format: .hex, unknown: "NETLINK_???")
        default: protocolValue = .signed(Int64(c.int(2)))
        }
        return [
            DecodedArgument("family", Xlat.addressFamilies.constant(Int64(family), format: .hex, unknown: "AF_???")),
            socketType(c, 1), DecodedArgument("protocol", protocolValue),
        ]
    }

    /// `SOCK_STREAM|SOCK_CLOEXEC`.
    static func socketType(_ c: DecodeContext, _ index: Int) -> DecodedArgument {
        let raw = UInt64(c.uint(index))
        let type = Xlat.socketTypes.constant(Int64(raw & 0xF), format: .hex, unknown: "SOCK_???")
        guard raw & ~0xF != 0 else { return DecodedArgument("type", type) }
        return DecodedArgument("type", .combined([type, Xlat.socketTypeFlags.flags(raw & ~0xF)]))
    }

    static func socketTypeFlags(_ c: DecodeContext, _ index: Int) -> DecodedArgument {
        c.flags("flags", index, Xlat.socketTypeFlags)
    }

    static func addressArguments(_ c: DecodeContext) -> [DecodedArgument] {
        [
            c.fd("fd", 0), DecodedArgument("umyaddr", SocketAddress.decode(c, at: c[1], length: Int(c.int(2)))),
            c.int("addrlen", 2),
        ]
    }

    static func savingLength(_ c: inout DecodeContext, at address: UInt64) -> [DecodedArgument] {
        c.saved = [address == 0 ? 0 : c.bytes(at: address, count: 4).map { UInt64(ByteReader($0).uint32(0)) } ?? 0]
        return [c.fd("fd", 0)]
    }

    /// An address the kernel filled, and its value-result length: `{…}, [28 => 16]`.
    static func returnedAddress(_ c: DecodeContext, _ outcome: SyscallOutcome, address: UInt64, lengthAddress: UInt64)
        -> [DecodedArgument]
    {
        guard DecodeContext.success(outcome) != nil, lengthAddress != 0,
            let bytes = c.bytes(at: lengthAddress, count: 4)
        else {
            // A failed call leaves the length as it was: strace shows the value passed in.
            let length: DecodedValue =
                c.bytes(at: lengthAddress, count: 4).map { .pointee(.unsigned(UInt64(ByteReader($0).uint32(0)))) }
                ?? .address(lengthAddress)
            return [DecodedArgument("addr", .address(address)), DecodedArgument("addrlen", length)]
        }
        let after = UInt64(ByteReader(bytes).uint32(0))
        let before = c.saved.first ?? after
        let value = SocketAddress.decode(c, at: address, length: Int(min(before, after)))
        return [DecodedArgument("addr", value), DecodedArgument("addrlen", lengthChange(before: before, after: after))]
    }

    static func lengthChange(before: UInt64, after: UInt64) -> DecodedValue {
        before == after
            ? .pointee(.unsigned(after)) : .pointee(.changed(before: .unsigned(before), after: .unsigned(after)))
    }

    static func pipeDescriptors(_ c: DecodeContext, _ outcome: SyscallOutcome, at address: UInt64) -> DecodedValue {
        guard DecodeContext.success(outcome) != nil, let bytes = c.bytes(at: address, count: 8) else {
            return .address(address)
        }
        let r = ByteReader(bytes)
        return .array([c.descriptorValue(r.int32(0)), c.descriptorValue(r.int32(4))], more: false)
    }

    static func socketLevel(_ c: DecodeContext, _ index: Int) -> DecodedArgument {
        DecodedArgument("level", Xlat.socketLevels.constant(Int64(c.int(index)), format: .hex, unknown: "SOL_???"))
    }

    static func socketOption(_ c: DecodeContext, level: Int, _ index: Int) -> DecodedArgument {
        let table: XlatTable?
        let comment: String
        switch c.int(level) {
        case 1: (table, comment) = (Xlat.socketOptions, "SO_???")
        case 6: (table, comment) = (Xlat.tcpOptions, "TCP_???")
        case 0: (table, comment) = (Xlat.ipOptions, "IP_???")
        case 41: (table, comment) = (Xlat.ipv6Options, "IPV6_???")
        case 270: (table, comment) = (Xlat.netlinkOptions, "NETLINK_???")
        default: (table, comment) = (nil, "")
        }
        guard let table else { return c.int("optname", index) }
        return DecodedArgument("optname", table.constant(Int64(c.int(index)), format: .hex, unknown: comment))
    }

    /// An option value: an `int` as `[1]` when the length says so, else the bytes.
    static func optionValue(_ c: DecodeContext, at address: UInt64, length: Int, level: Int32, name: Int32)
        -> DecodedValue
    {
        guard address != 0 else { return .address(0) }
        if level == 1, Xlat.socketOptions.name(of: UInt64(UInt32(bitPattern: name))) == "SO_LINGER", length >= 8 {
            guard let bytes = c.bytes(at: address, count: 8) else { return .address(address) }
            let r = ByteReader(bytes)
            return .structure([
                .init("l_onoff", .signed(Int64(r.int32(0)))), .init("l_linger", .signed(Int64(r.int32(4)))),
            ])
        }
        if level == 1, Xlat.socketOptions.name(of: UInt64(UInt32(bitPattern: name))) == "SO_PEERCRED", length >= 12 {
            guard let bytes = c.bytes(at: address, count: 12) else { return .address(address) }
            return credentials(ByteReader(bytes), 0)
        }
        if length == 4 { return c.intPointee(at: address) }
        if length <= 0 { return .address(address) }
        return c.buffer(at: address, count: UInt64(length))
    }

    /// `struct msghdr` (56 bytes); `data` is how many bytes of iov content to show.
    static func messageHeader(_ c: DecodeContext, _ address: UInt64, data: UInt64) -> DecodedValue {
        guard let bytes = c.bytes(at: address, count: 56) else { return .address(address) }
        let r = ByteReader(bytes)
        let nameLength = Int(r.uint32(8))
        let controlLength = r.uint64(40)
        var fields: [DecodedValue.Field] = [
            .init("msg_name", SocketAddress.decode(c, at: r.uint64(0), length: nameLength)),
            .init("msg_namelen", .unsigned(UInt64(nameLength))),
            .init("msg_iov", iovecs(c, at: r.uint64(16), count: r.uint64(24), data: data)),
            .init("msg_iovlen", .unsigned(r.uint64(24))),
        ]
        if controlLength > 0 {
            fields.append(.init("msg_control", controlMessages(c, r.uint64(32), length: controlLength)))
        }
        fields.append(.init("msg_controllen", .unsigned(controlLength)))
        fields.append(.init("msg_flags", Xlat.messageFlags.flags(UInt64(r.uint32(48)))))
        return .structure(fields)
    }

    /// `struct ucred {pid_t pid; uid_t uid; gid_t gid}`.
    static func credentials(_ r: ByteReader, _ offset: Int) -> DecodedValue {
        .structure([
            .init("pid", .signed(Int64(r.int32(offset)))), .init("uid", .unsigned(UInt64(r.uint32(offset + 4)))),
            .init("gid", .unsigned(UInt64(r.uint32(offset + 8)))),
        ])
    }

    /// The ancillary data of a msghdr: `[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[3]}]`.
    static func controlMessages(_ c: DecodeContext, _ address: UInt64, length: UInt64) -> DecodedValue {
        guard length <= 65536, let bytes = c.bytes(at: address, count: Int(length)) else { return .address(address) }
        let r = ByteReader(bytes)
        var messages: [DecodedValue] = []
        var offset = 0
        while offset + 16 <= bytes.count && messages.count < c.options.arrayLimit {
            let messageLength = Int(clamping: r.uint64(offset))
            let level = r.int32(offset + 8)
            let type = r.int32(offset + 12)
            let dataLength = max(0, min(messageLength, bytes.count - offset) - 16)
            var fields: [DecodedValue.Field] = [
                .init("cmsg_len", .unsigned(UInt64(messageLength))),
                .init("cmsg_level", Xlat.socketLevels.constant(Int64(level), format: .hex, unknown: "SOL_???")),
            ]
            if level == 1 {
                fields.append(
                    .init("cmsg_type", Xlat.controlMessageTypes.constant(Int64(type), format: .hex, unknown: "SCM_???"))
                )
                switch Xlat.controlMessageTypes.name(of: UInt64(UInt32(bitPattern: type))) {
                case "SCM_RIGHTS":
                    let fds = (0..<(dataLength / 4)).map { c.descriptorValue(r.int32(offset + 16 + $0 * 4)) }
                    fields.append(.init("cmsg_data", .array(fds, more: false)))
                case "SCM_CREDENTIALS" where dataLength >= 12:
                    fields.append(.init("cmsg_data", credentials(r, offset + 16)))
                default:
                    fields.append(
                        .init(
                            "cmsg_data",
                            .string(
                                StringValue(bytes: r.slice(offset + 16, dataLength), truncated: false, forceHex: true)
                            )
                        )
                    )
                }
            } else {
                fields.append(.init("cmsg_type", .hex(UInt64(UInt32(bitPattern: type)))))
                fields.append(
                    .init(
                        "cmsg_data",
                        .string(StringValue(bytes: r.slice(offset + 16, dataLength), truncated: false, forceHex: true))
                    )
                )
            }
            messages.append(.structure(fields))
            guard messageLength >= 16, messageLength <= bytes.count - offset else { break }
            offset += (messageLength + 7) & ~7
        }
        return .array(messages, more: offset + 16 <= bytes.count)
    }
}
