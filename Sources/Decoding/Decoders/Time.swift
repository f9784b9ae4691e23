import SyscallTables

/// Decoders of time and waiting: sleeps, clocks, poll/select, epoll, eventfd/timerfd/signalfd, futex.
extension DecoderRegistry {
    static let timeDecoders: [String: SyscallDecoder] = [
        "nanosleep": SyscallDecoder(
            entry: { c in [DecodedArgument("rqtp", TimeValues.timespec(c, c[0]))] },
            exit: { c, outcome in [DecodedArgument("rmtp", remaining(c, c[1], outcome))] }
        ),
        "clock_nanosleep": SyscallDecoder(
            entry: { c in
                [
                    clock(c, 0), c.flags("flags", 1, Xlat.timerFlags),
                    DecodedArgument("rqtp", TimeValues.timespec(c, c[2])),
                ]
            },
            exit: { c, outcome in [DecodedArgument("rmtp", remaining(c, c[3], outcome))] }
        ),
        "clock_gettime": SyscallDecoder(
            entry: { c in [clock(c, 0)] },
            exit: { c, outcome in
                [
                    DecodedArgument(
                        "tp",
                        DecodeContext.success(outcome) != nil ? TimeValues.timespec(c, c[1]) : .address(c[1])
                    )
                ]
            }
        ),
        "clock_getres": SyscallDecoder(
            entry: { c in [clock(c, 0)] },
            exit: { c, outcome in
                [
                    DecodedArgument(
                        "tp",
                        DecodeContext.success(outcome) != nil ? TimeValues.timespec(c, c[1]) : .address(c[1])
                    )
                ]
            }
        ),
        "clock_settime": .atEntry { c in [clock(c, 0), DecodedArgument("tp", TimeValues.timespec(c, c[1]))] },
        "settimeofday": .atEntry { c in
            [DecodedArgument("tv", TimeValues.timeval(c, c[0])), DecodedArgument("tz", timezone(c, c[1]))]
        },
        "gettimeofday": SyscallDecoder(
            entry: { _ in [] },
            exit: { c, outcome in
                let ok = DecodeContext.success(outcome) != nil
                return [
                    DecodedArgument("tv", ok ? TimeValues.timeval(c, c[0]) : .address(c[0])),
                    DecodedArgument("tz", ok ? timezone(c, c[1]) : .address(c[1])),
                ]
            }
        ),
        "time": SyscallDecoder(
            entry: { _ in [] },
            exit: { c, outcome in
                guard c[0] != 0, DecodeContext.success(outcome) != nil, let bytes = c.bytes(at: c[0], count: 8) else {
                    return [c.pointer("tloc", 0)]
                }
                let seconds = ByteReader(bytes).int64(0)
                let value = Timestamps.iso8601(seconds: seconds, nanoseconds: nil).map {
                    DecodedValue.commented(.signed(seconds), $0)
                }
                return [DecodedArgument("tloc", .pointee(value ?? .signed(seconds)))]
            },
            annotation: { _, value in Timestamps.iso8601(seconds: value, nanoseconds: nil).map { .verbatim($0) } }
        ),
        "poll": SyscallDecoder(
            entry: { c in
                [
                    DecodedArgument("ufds", pollFds(c, c[0], count: c[1], returned: false)), c.uint("nfds", 1),
                    c.int("timeout_msecs", 2),
                ]
            },
            annotation: { c, value in pollResult(c, value, left: nil) }
        ),
        "ppoll": SyscallDecoder(
            entry: { c in
                c.saved = [c[2]]
                return [
                    DecodedArgument("ufds", pollFds(c, c[0], count: c[1], returned: false)), c.uint("nfds", 1),
                    DecodedArgument("tsp", TimeValues.timespec(c, c[2])),
                    DecodedArgument("sigmask", SignalValues.set(c, at: c[3], size: c[4])), c.ulong("sigsetsize", 4),
                ]
            },
            annotation: { c, value in pollResult(c, value, left: c[2] == 0 ? nil : TimeValues.timespec(c, c[2])) }
        ),
        "select": SyscallDecoder(
            entry: { c in selectArguments(c) + [DecodedArgument("tvp", TimeValues.timeval(c, c[4]))] },
            annotation: { c, value in selectResult(c, value, left: c[4] == 0 ? nil : TimeValues.timeval(c, c[4])) }
        ),
        "pselect6": SyscallDecoder(
            entry: { c in
                selectArguments(c) + [
                    DecodedArgument("tsp", TimeValues.timespec(c, c[4])), DecodedArgument("sig", pselectMask(c, c[5])),
                ]
            },
            annotation: { c, value in selectResult(c, value, left: c[4] == 0 ? nil : TimeValues.timespec(c, c[4])) }
        ),
        "epoll_create": .atEntry(.descriptor) { c in [c.int("size", 0)] },
        "epoll_create1": .atEntry(.descriptor) { c in [c.flags("flags", 0, Xlat.epollCreateFlags)] },
        "epoll_ctl": .atEntry { c in
            [
                c.fd("epfd", 0), c.constant("op", 1, Xlat.epollOperations, unknown: "EPOLL_CTL_???"), c.fd("fd", 2),
                DecodedArgument("event", epollEvent(c, c[3])),
            ]
        },
        "epoll_wait": SyscallDecoder(
            entry: { c in [c.fd("epfd", 0)] },
            exit: { c, outcome in
                [DecodedArgument("events", epollEvents(c, c[1], outcome)), c.int("maxevents", 2), c.int("timeout", 3)]
            }
        ),
        "epoll_pwait": SyscallDecoder(
            entry: { c in [c.fd("epfd", 0)] },
            exit: { c, outcome in
                [
                    DecodedArgument("events", epollEvents(c, c[1], outcome)), c.int("maxevents", 2),
                    c.int("timeout", 3),
                    DecodedArgument("sigmask", SignalValues.set(c, at: c[4], size: c[5])), c.ulong("sigsetsize", 5),
                ]
            }
        ),
        "eventfd2": .atEntry(.descriptor) { c in [c.uint("count", 0), c.flags("flags", 1, Xlat.eventfdFlags)] },
        "eventfd": .atEntry(.descriptor) { c in [c.uint("count", 0)] },
        "timerfd_create": .atEntry(.descriptor) { c in [clock(c, 0), c.flags("flags", 1, Xlat.timerfdFlags)] },
        "timerfd_settime": SyscallDecoder(
            entry: { c in
                [
                    c.fd("ufd", 0), c.flags("flags", 1, Xlat.timerfdSetFlags),
                    DecodedArgument("utmr", TimeValues.itimerspec(c, c[2])),
                ]
            },
            exit: { c, outcome in
                [
                    DecodedArgument(
                        "otmr",
                        DecodeContext.success(outcome) != nil ? TimeValues.itimerspec(c, c[3]) : .address(c[3])
                    )
                ]
            }
        ),
        "timerfd_gettime": SyscallDecoder(
            entry: { c in [c.fd("ufd", 0)] },
            exit: { c, outcome in
                [
                    DecodedArgument(
                        "otmr",
                        DecodeContext.success(outcome) != nil ? TimeValues.itimerspec(c, c[1]) : .address(c[1])
                    )
                ]
            }
        ),
        "signalfd4": .atEntry(.descriptor) { c in
            [
                c.fd("ufd", 0), DecodedArgument("user_mask", SignalValues.set(c, at: c[1], size: c[2])),
                c.ulong("sizemask", 2),
                c.flags("flags", 3, Xlat.signalfdFlags),
            ]
        },
        "futex": .atEntry { c in futexArguments(c) },
    ]

    static func clock(_ c: DecodeContext, _ index: Int) -> DecodedArgument {
        DecodedArgument("which_clock", Xlat.clockIds.constant(Int64(c.int(index)), format: .hex, unknown: "CLOCK_???"))
    }

    /// The remaining time of an interrupted sleep; NULL or the address otherwise.
    static func remaining(_ c: DecodeContext, _ address: UInt64, _ outcome: SyscallOutcome) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        if case .returned(let value) = outcome, value == -4 { return TimeValues.timespec(c, address) }  // EINTR
        return .address(address)
    }

    static func timezone(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 8) else { return .address(address) }
        let r = ByteReader(bytes)
        return .structure([
            .init("tz_minuteswest", .signed(Int64(r.int32(0)))), .init("tz_dsttime", .signed(Int64(r.int32(4)))),
        ])
    }

    /// `[{fd=0, events=POLLIN}, …]`, or with `returned` the entries whose revents are set; both stop at the array
    /// limit with `...`.
    static func pollFds(_ c: DecodeContext, _ address: UInt64, count: UInt64, returned: Bool) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard count <= 1 << 20 else { return .address(address) }
        let limit = c.options.arrayLimit
        let readable = Int(returned ? min(count, 1 << 16) : min(count, UInt64(limit)))
        guard let bytes = c.bytes(at: address, count: readable * 8) else { return .address(address) }
        let r = ByteReader(bytes)
        var elements: [DecodedValue] = []
        var more = !returned && UInt64(readable) < count
        for index in 0..<readable {
            let fd = r.int32(index * 8)
            let events = UInt64(r.uint16(index * 8 + 4))
            let revents = UInt64(r.uint16(index * 8 + 6))
            if returned {
                guard revents != 0 else { continue }
                if elements.count == limit {
                    more = true
                    break
                }
                elements.append(
                    .structure([.init("fd", .signed(Int64(fd))), .init("revents", Xlat.pollEvents.flags(revents))])
                )
            } else {
                elements.append(
                    .structure([.init("fd", c.descriptorValue(fd)), .init("events", Xlat.pollEvents.flags(events))])
                )
            }
        }
        return .array(elements, more: more)
    }

    static func pollResult(_ c: DecodeContext, _ value: Int64, left: DecodedValue?) -> DecodedValue? {
        if value == 0 { return .verbatim("Timeout") }
        var parts = [pollFds(c, c[0], count: c[1], returned: true)]
        if let left { parts.append(.labelled("left", left)) }
        return .sequence(parts)
    }

    static func selectArguments(_ c: DecodeContext) -> [DecodedArgument] {
        let count = Int(c.int(0))
        return [
            c.int("n", 0), DecodedArgument("inp", fdSet(c, c[1], count: count)),
            DecodedArgument("outp", fdSet(c, c[2], count: count)), DecodedArgument("exp", fdSet(c, c[3], count: count)),
        ]
    }

    /// An fd_set as its member descriptors: `[0 3]`.
    static func fdSet(_ c: DecodeContext, _ address: UInt64, count: Int) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard count > 0, count <= 1 << 16 else { return .address(address) }
        guard let bytes = c.bytes(at: address, count: (count + 63) / 64 * 8) else { return .address(address) }
        let members = (0..<count).filter { bytes[$0 / 8] & (1 << ($0 % 8)) != 0 }
        return .spaced(members.map { c.descriptorValue(Int32($0)) })
    }

    static func selectResult(_ c: DecodeContext, _ value: Int64, left: DecodedValue?) -> DecodedValue? {
        if value == 0 { return .verbatim("Timeout") }
        var parts: [DecodedValue] = []
        for (label, index) in [("in", 1), ("out", 2), ("except", 3)] where c[index] != 0 {
            let set = fdSet(c, c[index], count: Int(c.int(0)))
            if case .spaced(let members) = set, !members.isEmpty {
                // The annotation lists plain numbers, without -y paths.
                let numbers = members.map { member -> DecodedValue in
                    if case .descriptor(let fd, _) = member { return .signed(Int64(fd)) }
                    return member
                }
                parts.append(.labelled(label, .spaced(numbers)))
            }
        }
        if let left { parts.append(.labelled("left", left)) }
        return parts.isEmpty ? nil : .sequence(parts)
    }

    /// pselect6's sixth argument: `{sigmask, size}` in one struct.
    static func pselectMask(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 16) else { return .address(address) }
        let r = ByteReader(bytes)
        return .structure([
            .init("sigmask", SignalValues.set(c, at: r.uint64(0), size: r.uint64(8))),
            .init("sigsetsize", .unsigned(r.uint64(8))),
        ])
    }

    /// `{events=EPOLLIN, data=0x1234}` (strace 7.x prints data as one hex number).
    /// x86-64 packs `struct epoll_event` into 12 bytes; other architectures align data to 8 (16 bytes).
    static func epollEventSize(_ c: DecodeContext) -> Int { c.invocation.architecture == .aarch64 ? 16 : 12 }

    static func epollEvent(_ r: ByteReader, _ offset: Int, size: Int) -> DecodedValue {
        .structure([
            .init("events", Xlat.epollEvents.flags(UInt64(r.uint32(offset)))),
            .init("data", .hex(r.uint64(offset + size - 8))),
        ])
    }

    static func epollEvent(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        let size = epollEventSize(c)
        guard let bytes = c.bytes(at: address, count: size) else { return .address(address) }
        return epollEvent(ByteReader(bytes), 0, size: size)
    }

    static func epollEvents(_ c: DecodeContext, _ address: UInt64, _ outcome: SyscallOutcome) -> DecodedValue {
        guard let count = DecodeContext.success(outcome), count >= 0, count <= 1 << 16 else { return .address(address) }
        let shown = min(Int(count), c.options.arrayLimit)
        let size = epollEventSize(c)
        guard let bytes = c.bytes(at: address, count: shown * size) else { return .address(address) }
        let r = ByteReader(bytes)
        return .array((0..<shown).map { epollEvent(r, $0 * size, size: size) }, more: shown < Int(count))
    }

    static func futexArguments(_ c: DecodeContext) -> [DecodedArgument] {
        let raw = c.uint(1)
        let command = raw & 0x7F
        var name =
            Xlat.futexOperations.name(of: UInt64(command)) ?? (StraceRenderer.hex(UInt64(command)) + " /* FUTEX_??? */")
        if raw & 128 != 0 { name += "_PRIVATE" }
        if raw & 256 != 0 { name += "|FUTEX_CLOCK_REALTIME" }
        let unknown = UInt64(raw) & ~0x1FF
        if unknown != 0 { name += "|" + StraceRenderer.hex(unknown) }
        let op = DecodedArgument("op", .verbatim(name))
        let address = c.pointer("uaddr", 0)
        let value = c.int("val", 2)
        let timeout = DecodedArgument("utime", TimeValues.timespec(c, c[3]))
        switch Xlat.futexOperations.name(of: UInt64(command)) {
        case "FUTEX_WAIT": return [address, op, value, timeout]
        case "FUTEX_WAKE", "FUTEX_FD": return [address, op, value]
        case "FUTEX_REQUEUE": return [address, op, value, c.uint("val2", 3), c.pointer("uaddr2", 4)]
        case "FUTEX_CMP_REQUEUE", "FUTEX_CMP_REQUEUE_PI":
            return [address, op, value, c.uint("val2", 3), c.pointer("uaddr2", 4), c.int("val3", 5)]
        case "FUTEX_WAKE_OP": return [address, op, value, c.uint("val2", 3), c.pointer("uaddr2", 4), c.hex("val3", 5)]
        case "FUTEX_LOCK_PI", "FUTEX_LOCK_PI2": return [address, op, timeout]
        case "FUTEX_UNLOCK_PI", "FUTEX_TRYLOCK_PI": return [address, op]
        case "FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET":
            let bitset: DecodedValue =
                c.uint(5) == UInt32.max ? .verbatim("FUTEX_BITSET_MATCH_ANY") : .hex(UInt64(c.uint(5)))
            return
                (command == 9
                ? [address, op, value, timeout] : [address, op, value, c.pointer("utime", 3), c.pointer("uaddr2", 4)])
                + [DecodedArgument("val3", bitset)]
        case "FUTEX_WAIT_REQUEUE_PI": return [address, op, value, timeout, c.pointer("uaddr2", 4)]
        default: return [address, op, value, c.hex("utime", 3), c.pointer("uaddr2", 4), c.hex("val3", 5)]
        }
    }
}
