/// Decoders of the file family: opening, reading and writing, naming (link, rename, mkdir, …), descriptors.
extension DecoderRegistry {
    static let fileDecoders: [String: SyscallDecoder] = [
        "open": .atEntry(.descriptor) { c in
            [c.path("filename", 0), DecodedArgument("flags", FileValues.openFlags(c[1]))]
                + (FileValues.takesMode(c[1]) ? [DecodedArgument("mode", FileValues.numericMode(c[2]))] : [])
        },
        "openat": .atEntry(.descriptor) { c in
            [c.dirfd("dfd", 0), c.path("filename", 1), DecodedArgument("flags", FileValues.openFlags(c[2]))]
                + (FileValues.takesMode(c[2]) ? [DecodedArgument("mode", FileValues.numericMode(c[3]))] : [])
        },
        "openat2": .atEntry(.descriptor) { c in
            [
                c.dirfd("dfd", 0), c.path("filename", 1), DecodedArgument("how", openHow(c, at: c[2], size: c[3])),
                c.ulong("usize", 3),
            ]
        },
        "creat": .atEntry(.descriptor) { c in
            [c.path("pathname", 0), DecodedArgument("mode", FileValues.numericMode(c[1]))]
        },
        "close": .atEntry { c in [c.fd("fd", 0)] },
        "close_range": .atEntry { c in
            [c.uint("fd", 0), c.uint("max_fd", 1), c.flags("flags", 2, Xlat.closeRangeFlags)]
        },
        "read": readLike(countIndex: 2, extra: []),
        "pread64": readLike(countIndex: 2, extra: [3]),
        "write": .atEntry { c in
            [c.fd("fd", 0), DecodedArgument("buf", c.buffer(at: c[1], count: c[2])), c.ulong("count", 2)]
        },
        "pwrite64": .atEntry { c in
            [
                c.fd("fd", 0), DecodedArgument("buf", c.buffer(at: c[1], count: c[2])), c.ulong("count", 2),
                c.long("pos", 3),
            ]
        },
        "readv": vectorIO(output: true, offset: false),
        "preadv": vectorIO(output: true, offset: true),
        "writev": vectorIO(output: false, offset: false),
        "pwritev": vectorIO(output: false, offset: true),
        "lseek": .atEntry { c in
            [c.fd("fd", 0), c.long("offset", 1), c.constant("whence", 2, Xlat.seekWhence, unknown: "SEEK_???")]
        },
        "access": .atEntry { c in [c.path("filename", 0), c.flags("mode", 1, Xlat.accessFlags)] },
        "faccessat": .atEntry { c in [c.dirfd("dfd", 0), c.path("filename", 1), c.flags("mode", 2, Xlat.accessFlags)] },
        "faccessat2": .atEntry { c in
            [
                c.dirfd("dfd", 0), c.path("filename", 1), c.flags("mode", 2, Xlat.accessFlags),
                c.flags("flags", 3, Xlat.faccessatFlags),
            ]
        },
        "chmod": .atEntry { c in [c.path("filename", 0), DecodedArgument("mode", FileValues.numericMode(c[1]))] },
        "fchmod": .atEntry { c in [c.fd("fd", 0), DecodedArgument("mode", FileValues.numericMode(c[1]))] },
        "fchmodat": .atEntry { c in
            [c.dirfd("dfd", 0), c.path("filename", 1), DecodedArgument("mode", FileValues.numericMode(c[2]))]
        },
        "fchmodat2": .atEntry { c in
            [
                c.dirfd("dfd", 0), c.path("filename", 1), DecodedArgument("mode", FileValues.numericMode(c[2])),
                c.flags("flags", 3, Xlat.atFlags),
            ]
        },
        "chown": .atEntry { c in [c.path("filename", 0), c.int("user", 1), c.int("group", 2)] },
        "lchown": .atEntry { c in [c.path("filename", 0), c.int("user", 1), c.int("group", 2)] },
        "fchown": .atEntry { c in [c.fd("fd", 0), c.int("user", 1), c.int("group", 2)] },
        "fchownat": .atEntry { c in
            [
                c.dirfd("dfd", 0), c.path("filename", 1), c.int("user", 2), c.int("group", 3),
                c.flags("flag", 4, Xlat.atFlags),
            ]
        },
        "unlink": .atEntry { c in [c.path("pathname", 0)] },
        "unlinkat": .atEntry { c in [c.dirfd("dfd", 0), c.path("pathname", 1), c.flags("flag", 2, Xlat.atFlags)] },
        "rmdir": .atEntry { c in [c.path("pathname", 0)] },
        "mkdir": .atEntry { c in [c.path("pathname", 0), DecodedArgument("mode", FileValues.numericMode(c[1]))] },
        "mkdirat": .atEntry { c in
            [c.dirfd("dfd", 0), c.path("pathname", 1), DecodedArgument("mode", FileValues.numericMode(c[2]))]
        },
        "rename": .atEntry { c in [c.path("oldname", 0), c.path("newname", 1)] },
        "renameat": .atEntry { c in
            [c.dirfd("olddfd", 0), c.path("oldname", 1), c.dirfd("newdfd", 2), c.path("newname", 3)]
        },
        "renameat2": .atEntry { c in
            [
                c.dirfd("olddfd", 0), c.path("oldname", 1), c.dirfd("newdfd", 2), c.path("newname", 3),
                c.flags("flags", 4, Xlat.renameFlags),
            ]
        },
        "link": .atEntry { c in [c.path("oldname", 0), c.path("newname", 1)] },
        "linkat": .atEntry { c in
            [
                c.dirfd("olddfd", 0), c.path("oldname", 1), c.dirfd("newdfd", 2), c.path("newname", 3),
                c.flags("flags", 4, Xlat.atFlags),
            ]
        },
        "symlink": .atEntry { c in [c.path("oldname", 0), c.path("newname", 1)] },
        "symlinkat": .atEntry { c in [c.path("oldname", 0), c.dirfd("newdfd", 1), c.path("newname", 2)] },
        "readlink": SyscallDecoder(
            entry: { c in [c.path("path", 0)] },
            exit: { c, outcome in [DecodedArgument("buf", returnedBuffer(c, at: c[1], outcome)), c.int("bufsiz", 2)] }
        ),
        "readlinkat": SyscallDecoder(
            entry: { c in [c.dirfd("dfd", 0), c.path("path", 1)] },
            exit: { c, outcome in [DecodedArgument("buf", returnedBuffer(c, at: c[2], outcome)), c.int("bufsiz", 3)] }
        ),
        "getcwd": SyscallDecoder(
            entry: { _ in [] },
            exit: { c, outcome in
                let buffer: DecodedValue = DecodeContext.success(outcome) != nil ? c.path(at: c[0]) : .address(c[0])
                return [DecodedArgument("buf", buffer), c.ulong("size", 1)]
            }
        ),
        "chdir": .atEntry { c in [c.path("filename", 0)] },
        "fchdir": .atEntry { c in [c.fd("fd", 0)] },
        "dup": .atEntry(.descriptor) { c in [c.fd("fildes", 0)] },
        "dup2": .atEntry(.descriptor) { c in [c.fd("oldfd", 0), c.fd("newfd", 1)] },
        "dup3": .atEntry(.descriptor) { c in
            [c.fd("oldfd", 0), c.fd("newfd", 1), c.flags("flags", 2, Xlat.openFlags)]
        },
        "pipe": SyscallDecoder(
            entry: { _ in [] },
            exit: { c, outcome in [DecodedArgument("fildes", pipeDescriptors(c, outcome))] }
        ),
        "pipe2": SyscallDecoder(
            entry: { _ in [] },
            exit: { c, outcome in
                [DecodedArgument("fildes", pipeDescriptors(c, outcome)), c.flags("flags", 1, Xlat.openFlags)]
            }
        ),
        "truncate": .atEntry { c in [c.path("path", 0), c.long("length", 1)] },
        "ftruncate": .atEntry { c in [c.fd("fd", 0), c.long("length", 1)] },
        "fallocate": .atEntry { c in
            [c.fd("fd", 0), c.flags("mode", 1, Xlat.fallocateFlags), c.long("offset", 2), c.long("len", 3)]
        },
        "fsync": .atEntry { c in [c.fd("fd", 0)] },
        "fdatasync": .atEntry { c in [c.fd("fd", 0)] },
        "umask": .atEntry(.octal) { c in [DecodedArgument("mask", .octal(UInt64(c.uint(0) & 0o777)))] },
        "mknod": .atEntry { c in [c.path("filename", 0)] + mknodRest(c, mode: 1, dev: 2) },
        "mknodat": .atEntry { c in [c.dirfd("dfd", 0), c.path("filename", 1)] + mknodRest(c, mode: 2, dev: 3) },
    ]

    /// read/pread64: the buffer is printed at exit, as many bytes as the call returned.
    static func readLike(countIndex: Int, extra: [Int]) -> SyscallDecoder {
        SyscallDecoder(
            entry: { c in [c.fd("fd", 0)] },
            exit: { c, outcome in
                [DecodedArgument("buf", returnedBuffer(c, at: c[1], outcome)), c.ulong("count", countIndex)]
                    + extra.map { c.long("pos", $0) }
            }
        )
    }

    /// A buffer the kernel filled: the returned number of bytes, or the address when the call failed.
    static func returnedBuffer(_ c: DecodeContext, at address: UInt64, _ outcome: SyscallOutcome) -> DecodedValue {
        guard let length = DecodeContext.success(outcome) else { return .address(address) }
        return c.buffer(at: address, count: UInt64(max(length, 0)))
    }

    static func pipeDescriptors(_ c: DecodeContext, _ outcome: SyscallOutcome) -> DecodedValue {
        guard DecodeContext.success(outcome) != nil, let bytes = c.bytes(at: c[0], count: 8) else {
            return .address(c[0])
        }
        let reader = ByteReader(bytes)
        return .array([c.descriptorValue(reader.int32(0)), c.descriptorValue(reader.int32(4))], more: false)
    }

    static func mknodRest(_ c: DecodeContext, mode: Int, dev: Int) -> [DecodedArgument] {
        let modeValue = c[mode] & 0xFFFF
        var arguments = [DecodedArgument("mode", FileValues.symbolicMode(modeValue))]
        let type = modeValue & 0o170000
        if type == 0o020000 || type == 0o060000 {
            arguments.append(DecodedArgument("dev", FileValues.device(UInt64(c.uint(dev)))))
        }
        return arguments
    }

    /// openat2's `struct open_how {u64 flags; u64 mode; u64 resolve}`.
    static func openHow(_ c: DecodeContext, at address: UInt64, size: UInt64) -> DecodedValue {
        guard size >= 24, let bytes = c.bytes(at: address, count: 24) else { return .address(address) }
        let reader = ByteReader(bytes)
        let flags = reader.uint64(0)
        var fields: [DecodedValue.Field] = [.init("flags", FileValues.openFlags(flags))]
        let mode = reader.uint64(8)
        if mode != 0 || FileValues.takesMode(flags) { fields.append(.init("mode", .octal(mode))) }
        fields.append(.init("resolve", Xlat.resolveFlags.flags(reader.uint64(16))))
        return .structure(fields)
    }
}
