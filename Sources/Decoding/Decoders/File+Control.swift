/// fcntl, flock, ioctl, inotify, utimensat, sendfile and copy_file_range.
extension DecoderRegistry {
    static let fileControlDecoders: [String: SyscallDecoder] = [
        "fcntl": SyscallDecoder(
            entry: { c in fcntlArguments(c) },
            annotation: { c, value in fcntlAnnotation(c, value) },
            resultFor: { c in
                switch Xlat.fcntlCommands.name(of: UInt64(c.uint(1))) {
                case "F_DUPFD", "F_DUPFD_CLOEXEC": .descriptor
                case "F_GETFL", "F_GETFD", "F_GET_SEALS": .hex
                default: .decimal
                }
            }
        ),
        "flock": .atEntry { c in [c.fd("fd", 0), c.flags("cmd", 1, Xlat.flockOperations)] },
        "ioctl": SyscallDecoder(
            entry: { c in [c.fd("fd", 0), DecodedArgument("cmd", ioctlRequest(c.uint(1)))] },
            exit: { c, outcome in [DecodedArgument("arg", ioctlArgument(c, outcome))] }
        ),
        "inotify_init": .atEntry(.descriptor) { _ in [] },
        "inotify_init1": .atEntry(.descriptor) { c in [c.flags("flags", 0, Xlat.inotifyInitFlags)] },
        "inotify_add_watch": .atEntry { c in
            [c.fd("fd", 0), c.path("pathname", 1), c.flags("mask", 2, Xlat.inotifyMask)]
        },
        "inotify_rm_watch": .atEntry { c in [c.fd("fd", 0), c.int("wd", 1)] },
        "utimensat": .atEntry { c in
            [
                c.dirfd("dfd", 0), c.path("filename", 1), DecodedArgument("utimes", utimes(c, c[2])),
                c.flags("flags", 3, Xlat.atFlags),
            ]
        },
        "sendfile": SyscallDecoder(
            entry: { c in
                c.saved = [c.bytes(at: c[2], count: 8).map { ByteReader($0).uint64(0) } ?? 0]
                return [c.fd("out_fd", 0), c.fd("in_fd", 1)]
            },
            exit: { c, outcome in
                [
                    DecodedArgument("offset", changedOffset(c, at: c[2], before: c.saved.first ?? 0, outcome)),
                    c.ulong("count", 3),
                ]
            }
        ),
        "copy_file_range": .atEntry { c in
            [
                c.fd("fd_in", 0), DecodedArgument("off_in", c.int64Pointee(at: c[1])), c.fd("fd_out", 2),
                DecodedArgument("off_out", c.int64Pointee(at: c[3])), c.ulong("len", 4), c.uint("flags", 5),
            ]
        },
    ]

    /// strace 7.x prints an offset the call moved as `[0 => 35499]`; unchanged or failed as `[0]`.
    static func changedOffset(_ c: DecodeContext, at address: UInt64, before: UInt64, _ outcome: SyscallOutcome)
        -> DecodedValue
    {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 8) else { return .address(address) }
        let after = ByteReader(bytes).int64(0)
        let beforeValue = DecodedValue.signed(Int64(bitPattern: before))
        if DecodeContext.success(outcome) != nil && after != Int64(bitPattern: before) {
            return .pointee(.changed(before: beforeValue, after: .signed(after)))
        }
        return .pointee(beforeValue)
    }

    static func fcntlArguments(_ c: DecodeContext) -> [DecodedArgument] {
        let command = c.uint(1)
        let name = Xlat.fcntlCommands.name(of: UInt64(command))
        var arguments = [c.fd("fd", 0), c.constant("cmd", 1, Xlat.fcntlCommands, unknown: "F_???")]
        switch name {
        case "F_GETFD", "F_GETFL", "F_GETOWN", "F_GETSIG", "F_GETLEASE", "F_GETPIPE_SZ", "F_GET_SEALS":
            break
        case "F_SETFD": arguments.append(c.flags("arg", 2, Xlat.fdFlags))
        case "F_SETFL": arguments.append(DecodedArgument("arg", FileValues.openFlags(UInt64(c.uint(2)))))
        case "F_DUPFD", "F_DUPFD_CLOEXEC", "F_SETOWN", "F_SETPIPE_SZ", "F_NOTIFY": arguments.append(c.int("arg", 2))
        case "F_SETSIG": arguments.append(DecodedArgument("arg", SignalNames.value(c.int(2))))
        case "F_DUPFD_QUERY": arguments.append(c.fd("arg", 2))
        case "F_SETLK", "F_SETLKW", "F_GETLK", "F_OFD_SETLK", "F_OFD_SETLKW", "F_OFD_GETLK":
            arguments.append(DecodedArgument("arg", flock(c, c[2])))
        default: arguments.append(c.hex("arg", 2))
        }
        return arguments
    }

    static func fcntlAnnotation(_ c: DecodeContext, _ value: Int64) -> DecodedValue? {
        switch Xlat.fcntlCommands.name(of: UInt64(c.uint(1))) {
        case "F_GETFL": .labelled("flags", .symbolic(FileValues.openFlags(UInt64(bitPattern: value))))
        // strace leaves a zero F_GETFD result bare, but names even a zero F_GETFL (O_RDONLY), always symbolically.
        case "F_GETFD": value == 0 ? nil : .labelled("flags", Xlat.fdFlags.flags(UInt64(bitPattern: value)))
        default: nil
        }
    }

    /// `struct flock {short l_type; short l_whence; off_t l_start; off_t l_len; pid_t l_pid}` (32 bytes).
    static func flock(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard let bytes = c.bytes(at: address, count: 32) else { return .address(address) }
        let r = ByteReader(bytes)
        var fields: [DecodedValue.Field] = [
            .init("l_type", Xlat.lockTypes.constant(Int64(r.int16(0)), format: .hex, unknown: "F_???")),
            .init("l_whence", Xlat.seekWhence.constant(Int64(r.int16(2)), format: .hex, unknown: "SEEK_???")),
            .init("l_start", .signed(r.int64(8))), .init("l_len", .signed(r.int64(16))),
        ]
        if Xlat.fcntlCommands.name(of: UInt64(c.uint(1)))?.contains("GETLK") == true {
            fields.append(.init("l_pid", .signed(Int64(r.int32(24)))))
        }
        return .structure(fields)
    }

    /// `utimensat`'s two timespecs: `[{tv_sec=1, tv_nsec=2} /* date */, UTIME_NOW]`.
    static func utimes(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 32) else { return .address(address) }
        let r = ByteReader(bytes)
        let elements: [DecodedValue] = [0, 16].map { offset in
            let seconds = r.int64(offset)
            let nanoseconds = r.int64(offset + 8)
            if let special = Xlat.utimeSpecial.name(of: UInt64(bitPattern: nanoseconds)) { return .verbatim(special) }
            let value = DecodedValue.structure([
                .init("tv_sec", .signed(seconds)), .init("tv_nsec", .signed(nanoseconds)),
            ])
            return FileValues.time(seconds: seconds, nanoseconds: nanoseconds).map { .commented(value, $0) } ?? value
        }
        return .array(elements, more: false)
    }

    /// A request number: its name, or strace's `_IOC(dir, type, nr, size)` decomposition.
    static func ioctlRequest(_ request: UInt32) -> DecodedValue {
        if let name = Xlat.ioctlTerminal.name(of: UInt64(request)) {
            return .constant(ConstantValue(raw: Int64(request), name: name, format: .hex))
        }
        let direction = request >> 30
        let directionName = ["_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE"][Int(direction)]
        return .call(
            "_IOC",
            [
                .verbatim(directionName), .hex(UInt64((request >> 8) & 0xFF)), .hex(UInt64(request & 0xFF)),
                .hex(UInt64((request >> 16) & 0x3FFF)),
            ]
        )
    }

    static func ioctlArgument(_ c: DecodeContext, _ outcome: SyscallOutcome) -> DecodedValue {
        let address = c[2]
        let name = Xlat.ioctlTerminal.name(of: UInt64(c.uint(1)))
        switch name {
        case "FIONREAD", "TIOCOUTQ", "TIOCGPGRP", "TIOCGSID", "TIOCGPTN", "TIOCGETD":
            return DecodeContext.success(outcome) != nil ? c.intPointee(at: address) : .address(address)
        case "TIOCSPGRP", "FIONBIO", "FIOASYNC", "TIOCSPTLCK", "TIOCSETD":
            return c.intPointee(at: address)
        case "TIOCGWINSZ", "TIOCSWINSZ":
            if name == "TIOCGWINSZ" && DecodeContext.success(outcome) == nil { return .address(address) }
            guard let bytes = c.bytes(at: address, count: 8) else { return .address(address) }
            let r = ByteReader(bytes)
            return .structure([
                .init("ws_row", .unsigned(UInt64(r.uint16(0)))), .init("ws_col", .unsigned(UInt64(r.uint16(2)))),
                .init("ws_xpixel", .unsigned(UInt64(r.uint16(4)))), .init("ws_ypixel", .unsigned(UInt64(r.uint16(6)))),
            ])
        case "TCGETS":
            return DecodeContext.success(outcome) != nil ? Terminal.termios(c, address) : .address(address)
        case "TCSETS", "TCSETSW", "TCSETSF":
            return Terminal.termios(c, address)
        case "FIONCLEX", "FIOCLEX", "TIOCNOTTY", "TIOCEXCL", "TIOCNXCL", "TIOCCONS", "FIFREEZE", "FITHAW":
            return .address(address)
        case "TCSBRK", "TCXONC", "TCFLSH", "TIOCSCTTY":
            return .signed(Int64(c.int(2)))
        default:
            return .address(address)
        }
    }
}
