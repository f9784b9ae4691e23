/// Namespaces, priorities, personality, scheduling, membarrier, mounts, POSIX timers, getcpu, mincore, ioprio.
extension DecoderRegistry {
    static let schedulingDecoders: [String: SyscallDecoder] = [
        "unshare": .atEntry { c in [c.flags64("unshare_flags", 0, Xlat.clone3Flags)] },
        "setns": .atEntry { c in [c.fd("fd", 0), c.flags("flags", 1, Xlat.clone3Flags)] },
        "getpriority": .atEntry { c in
            [c.constant("which", 0, Xlat.priorityWhich, unknown: "PRIO_???"), c.int("who", 1)]
        },
        "setpriority": .atEntry { c in
            [c.constant("which", 0, Xlat.priorityWhich, unknown: "PRIO_???"), c.int("who", 1), c.int("niceval", 2)]
        },
        "personality": SyscallDecoder(
            entry: { c in [DecodedArgument("personality", personality(UInt64(c.uint(0))))] },
            annotation: { _, value in personality(UInt64(UInt32(truncatingIfNeeded: value))) }
        ),
        "times": SyscallDecoder(
            entry: { _ in [] },
            exit: { c, outcome in
                guard DecodeContext.success(outcome) != nil, let bytes = c.bytes(at: c[0], count: 32) else {
                    return [c.pointer("tbuf", 0)]
                }
                let r = ByteReader(bytes)
                return [
                    DecodedArgument(
                        "tbuf",
                        .structure([
                            .init("tms_utime", .signed(r.int64(0))), .init("tms_stime", .signed(r.int64(8))),
                            .init("tms_cutime", .signed(r.int64(16))), .init("tms_cstime", .signed(r.int64(24))),
                        ])
                    )
                ]
            }
        ),
        "sched_getscheduler": SyscallDecoder(
            entry: { c in [c.int("pid", 0)] },
            annotation: { _, value in Xlat.schedulingPolicies.name(of: UInt64(bitPattern: value)).map { .verbatim($0) }
            }
        ),
        "sched_setscheduler": .atEntry { c in
            [
                c.int("pid", 0), DecodedArgument("policy", schedulingPolicy(c.uint(1))),
                DecodedArgument("param", c.intPointee(at: c[2])),
            ]
        },
        "sched_getparam": SyscallDecoder(
            entry: { c in [c.int("pid", 0)] },
            exit: { c, outcome in
                [
                    DecodedArgument(
                        "param",
                        DecodeContext.success(outcome) != nil ? c.intPointee(at: c[1]) : .address(c[1])
                    )
                ]
            }
        ),
        "sched_setparam": .atEntry { c in [c.int("pid", 0), DecodedArgument("param", c.intPointee(at: c[1]))] },
        "sched_get_priority_max": .atEntry { c in [DecodedArgument("policy", schedulingPolicy(c.uint(0)))] },
        "sched_get_priority_min": .atEntry { c in [DecodedArgument("policy", schedulingPolicy(c.uint(0)))] },
        "membarrier": SyscallDecoder(
            entry: { c in
                [c.constant("cmd", 0, Xlat.membarrierCommands, unknown: "MEMBARRIER_CMD_???"), c.uint("flags", 1)]
            },
            annotation: { c, value in
                c.uint(0) == 0 && value != 0 ? Xlat.membarrierCommands.flags(UInt64(bitPattern: value)) : nil
            },
            resultFor: { c in c.uint(0) == 0 ? .hex : .decimal }
        ),
        "mount": .atEntry { c in
            [
                c.path("dev_name", 0), c.path("dir_name", 1), c.string("type", 2),
                DecodedArgument("flags", mountFlags(c[3])),
                c.string("data", 4),
            ]
        },
        "umount2": .atEntry { c in [c.path("name", 0), c.flags("flags", 1, Xlat.umountFlags)] },
        "getcpu": SyscallDecoder(
            entry: { _ in [] },
            exit: { c, outcome in
                let ok = DecodeContext.success(outcome) != nil
                return [
                    DecodedArgument("cpu", ok ? c.intPointee(at: c[0]).unsignedPointee : .address(c[0])),
                    DecodedArgument("node", ok ? c.intPointee(at: c[1]).unsignedPointee : .address(c[1])),
                    c.pointer("cache", 2),
                ]
            }
        ),
        "timer_create": SyscallDecoder(
            entry: { c in [clock(c, 0), DecodedArgument("timer_event_spec", sigevent(c, c[1]))] },
            exit: { c, outcome in
                [
                    DecodedArgument(
                        "created_timer_id",
                        DecodeContext.success(outcome) != nil ? c.intPointee(at: c[2]) : .address(c[2])
                    )
                ]
            }
        ),
        "timer_settime": SyscallDecoder(
            entry: { c in
                [
                    c.int("timer_id", 0), c.flags("flags", 1, Xlat.timerFlags),
                    DecodedArgument("new_setting", TimeValues.itimerspec(c, c[2])),
                ]
            },
            exit: { c, outcome in
                [
                    DecodedArgument(
                        "old_setting",
                        DecodeContext.success(outcome) != nil ? TimeValues.itimerspec(c, c[3]) : .address(c[3])
                    )
                ]
            }
        ),
        "timer_gettime": SyscallDecoder(
            entry: { c in [c.int("timer_id", 0)] },
            exit: { c, outcome in
                [
                    DecodedArgument(
                        "setting",
                        DecodeContext.success(outcome) != nil ? TimeValues.itimerspec(c, c[1]) : .address(c[1])
                    )
                ]
            }
        ),
        "timer_delete": .atEntry { c in [c.int("timer_id", 0)] },
        "timer_getoverrun": .atEntry { c in [c.int("timer_id", 0)] },
        "mincore": SyscallDecoder(
            entry: { c in [c.pointer("start", 0), c.ulong("len", 1)] },
            exit: { c, outcome in
                guard DecodeContext.success(outcome) != nil else { return [c.pointer("vec", 2)] }
                let total = c[1] / 4096 + (c[1] % 4096 == 0 ? 0 : 1)
                let pages = Int(min(total, UInt64(min(c.options.arrayLimit, 1 << 20))))
                guard let bytes = c.bytes(at: c[2], count: pages) else { return [c.pointer("vec", 2)] }
                return [
                    DecodedArgument("vec", .array(bytes.map { .unsigned(UInt64($0 & 1)) }, more: UInt64(pages) < total))
                ]
            }
        ),
        "ioprio_get": SyscallDecoder(
            entry: { c in [c.constant("which", 0, Xlat.ioprioWho, unknown: "IOPRIO_WHO_???"), c.int("who", 1)] },
            annotation: { _, value in ioprio(UInt64(bitPattern: value)) }
        ),
        "ioprio_set": .atEntry { c in
            [
                c.constant("which", 0, Xlat.ioprioWho, unknown: "IOPRIO_WHO_???"), c.int("who", 1),
                DecodedArgument("ioprio", ioprio(UInt64(c.uint(2)))),
            ]
        },
    ]

    /// `PER_LINUX|ADDR_NO_RANDOMIZE`; the query value 0xffffffff prints in hex.
    static func personality(_ raw: UInt64) -> DecodedValue {
        if raw == 0xFFFF_FFFF { return .hex(raw) }
        let persona = raw & 0xFF
        let typeName = Xlat.personalityTypes.entries.first { $0.value & 0xFF == persona }?.name
        let type = DecodedValue.constant(
            ConstantValue(
                raw: Int64(persona),
                name: typeName,
                format: .hex,
                unknownComment: typeName == nil ? "PER_???" : nil
            )
        )
        guard raw & ~0xFF != 0 else { return type }
        return .combined([type, Xlat.personalityFlags.flags(raw & ~0xFF)])
    }

    static func schedulingPolicy(_ raw: UInt32) -> DecodedValue {
        let resetOnFork: UInt64 = 0x4000_0000
        let policy = UInt64(raw) & ~resetOnFork
        var names = [Xlat.schedulingPolicies.name(of: policy) ?? (StraceRenderer.hex(policy) + " /* SCHED_??? */")]
        if UInt64(raw) & resetOnFork != 0 { names.append("SCHED_RESET_ON_FORK") }
        return .flags(FlagsValue(raw: UInt64(raw), names: names, leftover: 0))
    }

    /// Mount flags, with the old magic number in the high half printed as `MS_MGC_VAL`.
    static func mountFlags(_ raw: UInt64) -> DecodedValue {
        var names: [String] = []
        var rest = raw
        if raw & 0xFFFF_0000 == 0xC0ED_0000 {
            names.append("MS_MGC_VAL")
            rest &= 0xFFFF
        }
        let (flagNames, unknown) = Xlat.mountFlags.decompose(rest)
        return .flags(FlagsValue(raw: raw, names: names + flagNames, leftover: unknown))
    }

    /// `struct sigevent`: value, signal, notification and the thread id for SIGEV_THREAD_ID.
    static func sigevent(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 24) else { return .address(address) }
        let r = ByteReader(bytes)
        let notify = r.int32(12)
        var fields: [DecodedValue.Field] = []
        if notify == 0 || notify == 4 {  // SIGEV_SIGNAL, SIGEV_THREAD_ID carry a value
            fields.append(
                .init(
                    "sigev_value",
                    .structure([
                        .init("sival_int", .signed(Int64(r.int32(0)))), .init("sival_ptr", .address(r.uint64(0))),
                    ])
                )
            )
        }
        fields.append(.init("sigev_signo", notify == 1 ? .signed(Int64(r.int32(8))) : SignalNames.value(r.int32(8))))
        fields.append(
            .init("sigev_notify", Xlat.sigeventNotify.constant(Int64(notify), format: .hex, unknown: "SIGEV_???"))
        )
        if notify == 4 { fields.append(.init("sigev_notify_thread_id", .signed(Int64(r.int32(16))))) }
        if notify == 2 {
            fields.append(.init("sigev_notify_function", .address(r.uint64(16))))
        }
        return .structure(fields)
    }

    /// `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)`.
    static func ioprio(_ raw: UInt64) -> DecodedValue {
        let priorityClass = (raw >> 13) & 0x7
        let data = raw & 0x1FFF
        let className =
            Xlat.ioprioClasses.name(of: priorityClass).map { DecodedValue.verbatim($0) } ?? .unsigned(priorityClass)
        return .call("IOPRIO_PRIO_VALUE", [className, .unsigned(data)])
    }
}
