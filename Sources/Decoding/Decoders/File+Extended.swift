/// Extended attributes, fadvise, splice, memfd, pidfd, seccomp and interval timers: calls common in real traces.
extension DecoderRegistry {
    static let extendedDecoders: [String: SyscallDecoder] = [
        "getxattr": getxattr(first: { c in c.path("pathname", 0) }),
        "lgetxattr": getxattr(first: { c in c.path("pathname", 0) }),
        "fgetxattr": getxattr(first: { c in c.fd("fd", 0) }),
        "setxattr": setxattr(first: { c in c.path("pathname", 0) }),
        "lsetxattr": setxattr(first: { c in c.path("pathname", 0) }),
        "fsetxattr": setxattr(first: { c in c.fd("fd", 0) }),
        "listxattr": listxattr(first: { c in c.path("pathname", 0) }),
        "llistxattr": listxattr(first: { c in c.path("pathname", 0) }),
        "flistxattr": listxattr(first: { c in c.fd("fd", 0) }),
        "removexattr": .atEntry { c in [c.path("pathname", 0), c.string("name", 1)] },
        "lremovexattr": .atEntry { c in [c.path("pathname", 0), c.string("name", 1)] },
        "fremovexattr": .atEntry { c in [c.fd("fd", 0), c.string("name", 1)] },
        "fadvise64": .atEntry { c in
            [
                c.fd("fd", 0), c.long("offset", 1), c.long("len", 2),
                DecodedArgument(
                    "advice",
                    Xlat.fadviseAdvice.constant(Int64(c.int(3)), format: .decimal, unknown: "POSIX_FADV_???")
                ),
            ]
        },
        "readahead": .atEntry { c in [c.fd("fd", 0), c.long("offset", 1), c.ulong("count", 2)] },
        "splice": .atEntry { c in
            [
                c.fd("fd_in", 0), DecodedArgument("off_in", c.int64Pointee(at: c[1])), c.fd("fd_out", 2),
                DecodedArgument("off_out", c.int64Pointee(at: c[3])), c.ulong("len", 4),
                c.flags("flags", 5, Xlat.spliceFlags),
            ]
        },
        "tee": .atEntry { c in
            [c.fd("fdin", 0), c.fd("fdout", 1), c.ulong("len", 2), c.flags("flags", 3, Xlat.spliceFlags)]
        },
        "sync_file_range": .atEntry { c in
            [c.fd("fd", 0), c.long("offset", 1), c.long("nbytes", 2), c.uint("flags", 3)]
        },
        "memfd_create": .atEntry(.descriptor) { c in [c.string("uname", 0), c.flags("flags", 1, Xlat.memfdFlags)] },
        "pidfd_open": .atEntry(.descriptor) { c in [c.int("pid", 0), c.flags("flags", 1, Xlat.pidfdFlags)] },
        "pidfd_send_signal": .atEntry { c in
            [
                c.fd("pidfd", 0), DecodedArgument("sig", SignalNames.value(c.int(1))),
                DecodedArgument("info", siginfoArgument(c, c[2])),
                c.uint("flags", 3),
            ]
        },
        "pidfd_getfd": .atEntry(.descriptor) { c in [c.fd("pidfd", 0), c.int("fd", 1), c.uint("flags", 2)] },
        "seccomp": .atEntry { c in
            [
                c.constant("op", 0, Xlat.seccompOperations, unknown: "SECCOMP_SET_MODE_???"),
                c.flags("flags", 1, Xlat.seccompFilterFlags),
                DecodedArgument("uargs", c.uint(0) == 1 ? filterProgram(c, c[2]) : .address(c[2])),
            ]
        },
        "setitimer": SyscallDecoder(
            entry: { c in
                [
                    c.constant("which", 0, Xlat.itimerWhich, unknown: "ITIMER_???"),
                    DecodedArgument("value", itimerval(c, c[1])),
                ]
            },
            exit: { c, outcome in
                [DecodedArgument("ovalue", DecodeContext.success(outcome) != nil ? itimerval(c, c[2]) : .address(c[2]))]
            }
        ),
        "getitimer": SyscallDecoder(
            entry: { c in [c.constant("which", 0, Xlat.itimerWhich, unknown: "ITIMER_???")] },
            exit: { c, outcome in
                [DecodedArgument("value", DecodeContext.success(outcome) != nil ? itimerval(c, c[1]) : .address(c[1]))]
            }
        ),
        "alarm": .atEntry { c in [c.uint("seconds", 0)] },
        "setpgid": .atEntry { c in [c.int("pid", 0), c.int("pgid", 1)] },
        "getpgid": .atEntry { c in [c.int("pid", 0)] },
        "getsid": .atEntry { c in [c.int("pid", 0)] },
        "chroot": .atEntry { c in [c.path("filename", 0)] },
        "syncfs": .atEntry { c in [c.fd("fd", 0)] },
    ]

    static func getxattr(first: @escaping @Sendable (DecodeContext) -> DecodedArgument) -> SyscallDecoder {
        SyscallDecoder(
            entry: { c in [first(c), c.string("name", 1)] },
            exit: { c, outcome in
                let value: DecodedValue = c[2] == 0 ? .address(0) : returnedBuffer(c, at: c[2], outcome)
                return [DecodedArgument("value", value), c.ulong("size", 3)]
            }
        )
    }

    static func setxattr(first: @escaping @Sendable (DecodeContext) -> DecodedArgument) -> SyscallDecoder {
        .atEntry { c in
            [
                first(c), c.string("name", 1), DecodedArgument("value", c.buffer(at: c[2], count: c[3])),
                c.ulong("size", 3),
                c.flags("flags", 4, Xlat.xattrFlags),
            ]
        }
    }

    static func listxattr(first: @escaping @Sendable (DecodeContext) -> DecodedArgument) -> SyscallDecoder {
        SyscallDecoder(
            entry: { c in [first(c)] },
            exit: { c, outcome in
                let value: DecodedValue = c[1] == 0 ? .address(0) : returnedBuffer(c, at: c[1], outcome)
                return [DecodedArgument("list", value), c.ulong("size", 2)]
            }
        )
    }

    static func itimerval(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 32) else { return .address(address) }
        let r = ByteReader(bytes)
        func timeval(_ offset: Int) -> DecodedValue {
            .structure([.init("tv_sec", .signed(r.int64(offset))), .init("tv_usec", .signed(r.int64(offset + 8)))])
        }
        return .structure([.init("it_interval", timeval(0)), .init("it_value", timeval(16))])
    }

    /// `struct sock_fprog {unsigned short len; struct sock_filter *filter}`: `{len=4, filter=0x7ffd…}`.
    static func filterProgram(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 16) else { return .address(address) }
        let r = ByteReader(bytes)
        return .structure([.init("len", .unsigned(UInt64(r.uint16(0)))), .init("filter", .address(r.uint64(8)))])
    }
}
