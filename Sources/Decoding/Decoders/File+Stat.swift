import SyscallTables

/// The stat family (stat, lstat, fstat, newfstatat, statx), statfs, and getdents64.
extension DecoderRegistry {
    static let statDecoders: [String: SyscallDecoder] = [
        "stat": SyscallDecoder(
            entry: { c in [c.path("filename", 0)] },
            exit: { c, o in [DecodedArgument("statbuf", stat(c, c[1], o))] }
        ),
        "lstat": SyscallDecoder(
            entry: { c in [c.path("filename", 0)] },
            exit: { c, o in [DecodedArgument("statbuf", stat(c, c[1], o))] }
        ),
        "fstat": SyscallDecoder(
            entry: { c in [c.fd("fd", 0)] },
            exit: { c, o in [DecodedArgument("statbuf", stat(c, c[1], o))] }
        ),
        "newfstatat": SyscallDecoder(
            entry: { c in [c.dirfd("dfd", 0), c.path("filename", 1)] },
            exit: { c, o in [DecodedArgument("statbuf", stat(c, c[2], o)), c.flags("flag", 3, Xlat.atFlags)] }
        ),
        "statx": SyscallDecoder(
            entry: { c in
                [
                    c.dirfd("dfd", 0), c.path("filename", 1), DecodedArgument("flags", statxFlags(c.uint(2))),
                    c.flags("mask", 3, Xlat.statxMask),
                ]
            },
            exit: { c, o in [DecodedArgument("buffer", statx(c, c[4], o))] }
        ),
        "statfs": SyscallDecoder(
            entry: { c in [c.path("pathname", 0)] },
            exit: { c, o in [DecodedArgument("buf", statfs(c, c[1], o))] }
        ),
        "fstatfs": SyscallDecoder(
            entry: { c in [c.fd("fd", 0)] },
            exit: { c, o in [DecodedArgument("buf", statfs(c, c[1], o))] }
        ),
        "getdents64": SyscallDecoder(
            entry: { c in [c.fd("fd", 0)] },
            exit: { c, o in [DecodedArgument("dirent", dirents(c, c[1], o)), c.uint("count", 2)] }
        ),
    ]

    static func statxFlags(_ raw: UInt32) -> DecodedValue {
        let sync = Xlat.statxSyncTypes.constant(Int64(raw & 0x6000), format: .hex, unknown: "AT_STATX_SYNC_???")
        let rest = UInt64(raw) & ~0x6000
        return rest == 0 ? sync : .combined([sync, Xlat.statxFlags.flags(rest)])
    }

    /// Where the fields of `struct stat` sit: x86-64 has its own layout, aarch64 the generic one.
    struct StatLayout {
        let size: Int, mode: Int, nlink: Int, nlinkIs64: Bool, uid: Int, gid: Int, rdev: Int, blksizeIs64: Bool
        static let x86_64 = StatLayout(
            size: 144,
            mode: 24,
            nlink: 16,
            nlinkIs64: true,
            uid: 28,
            gid: 32,
            rdev: 40,
            blksizeIs64: true
        )
        static let generic = StatLayout(
            size: 128,
            mode: 16,
            nlink: 20,
            nlinkIs64: false,
            uid: 24,
            gid: 28,
            rdev: 32,
            blksizeIs64: false
        )
    }

    /// `struct stat` of the tracee's architecture.
    static func stat(_ c: DecodeContext, _ address: UInt64, _ outcome: SyscallOutcome) -> DecodedValue {
        let layout: StatLayout = c.invocation.architecture == .aarch64 ? .generic : .x86_64
        guard DecodeContext.success(outcome) != nil, let bytes = c.bytes(at: address, count: layout.size) else {
            return .address(address)
        }
        let r = ByteReader(bytes)
        let mode = UInt64(r.uint32(layout.mode))
        let type = mode & 0o170000
        let isDevice = type == 0o020000 || type == 0o060000
        if !c.options.verbose {
            return .structure([
                .init("st_mode", FileValues.symbolicMode(mode)),
                isDevice
                    ? .init("st_rdev", FileValues.device(r.uint64(layout.rdev)))
                    : .init("st_size", .signed(r.int64(48))),
                .init(nil, .elided),
            ])
        }
        var fields: [DecodedValue.Field] = [
            .init("st_dev", FileValues.device(r.uint64(0))), .init("st_ino", .unsigned(r.uint64(8))),
            .init("st_mode", FileValues.symbolicMode(mode)),
            .init("st_nlink", .unsigned(layout.nlinkIs64 ? r.uint64(layout.nlink) : UInt64(r.uint32(layout.nlink)))),
            .init("st_uid", .unsigned(UInt64(r.uint32(layout.uid)))),
            .init("st_gid", .unsigned(UInt64(r.uint32(layout.gid)))),
            .init("st_blksize", .signed(layout.blksizeIs64 ? r.int64(56) : Int64(r.int32(56)))),
            .init("st_blocks", .signed(r.int64(64))),
        ]
        fields.append(
            isDevice
                ? .init("st_rdev", FileValues.device(r.uint64(layout.rdev))) : .init("st_size", .signed(r.int64(48)))
        )
        for (name, offset) in [("st_atime", 72), ("st_mtime", 88), ("st_ctime", 104)] {
            let seconds = r.int64(offset)
            let nanoseconds = r.int64(offset + 8)
            let value: DecodedValue =
                FileValues.time(seconds: seconds, nanoseconds: nanoseconds)
                .map { .commented(.signed(seconds), $0) } ?? .signed(seconds)
            fields.append(.init(name, value))
            fields.append(.init(name + "_nsec", .signed(nanoseconds)))
        }
        return .structure(fields)
    }

    /// `struct statx` (256 bytes); abbreviated as strace does without -v.
    static func statx(_ c: DecodeContext, _ address: UInt64, _ outcome: SyscallOutcome) -> DecodedValue {
        guard DecodeContext.success(outcome) != nil, let bytes = c.bytes(at: address, count: 256) else {
            return .address(address)
        }
        let r = ByteReader(bytes)
        var fields: [DecodedValue.Field] = [
            .init("stx_mask", Xlat.statxMask.flags(UInt64(r.uint32(0))))
        ]
        if c.options.verbose { fields.append(.init("stx_blksize", .unsigned(UInt64(r.uint32(4))))) }
        fields.append(.init("stx_attributes", Xlat.statxAttributes.flags(r.uint64(8))))
        if c.options.verbose {
            fields += [
                .init("stx_nlink", .unsigned(UInt64(r.uint32(16)))), .init("stx_uid", .unsigned(UInt64(r.uint32(20)))),
                .init("stx_gid", .unsigned(UInt64(r.uint32(24)))),
            ]
        }
        fields.append(.init("stx_mode", FileValues.symbolicMode(UInt64(r.uint16(28)))))
        if c.options.verbose { fields.append(.init("stx_ino", .unsigned(r.uint64(32)))) }
        fields.append(.init("stx_size", .unsigned(r.uint64(40))))
        if !c.options.verbose {
            fields.append(.init(nil, .elided))
            return .structure(fields)
        }
        fields += [
            .init("stx_blocks", .unsigned(r.uint64(48))),
            .init("stx_attributes_mask", Xlat.statxAttributes.flags(r.uint64(56))),
        ]
        for (name, offset) in [("stx_atime", 64), ("stx_btime", 80), ("stx_ctime", 96), ("stx_mtime", 112)] {
            let seconds = r.int64(offset)
            let nanoseconds = Int64(r.uint32(offset + 8))
            var value: DecodedValue = .structure([
                .init("tv_sec", .signed(seconds)), .init("tv_nsec", .signed(nanoseconds)),
            ])
            if let text = FileValues.time(seconds: seconds, nanoseconds: nanoseconds) {
                value = .commented(value, text)
            }
            fields.append(.init(name, value))
        }
        fields += [
            .init("stx_rdev_major", .unsigned(UInt64(r.uint32(128)))),
            .init("stx_rdev_minor", .unsigned(UInt64(r.uint32(132)))),
            .init("stx_dev_major", .unsigned(UInt64(r.uint32(136)))),
            .init("stx_dev_minor", .unsigned(UInt64(r.uint32(140)))),
        ]
        return .structure(fields)
    }

    /// x86-64 `struct statfs` (120 bytes).
    static func statfs(_ c: DecodeContext, _ address: UInt64, _ outcome: SyscallOutcome) -> DecodedValue {
        guard DecodeContext.success(outcome) != nil, let bytes = c.bytes(at: address, count: 120) else {
            return .address(address)
        }
        let r = ByteReader(bytes)
        let type = r.uint64(0)
        return .structure([
            .init("f_type", Xlat.fsMagic.constant(Int64(bitPattern: type), format: .hex)),
            .init("f_bsize", .signed(r.int64(8))), .init("f_blocks", .unsigned(r.uint64(16))),
            .init("f_bfree", .unsigned(r.uint64(24))), .init("f_bavail", .unsigned(r.uint64(32))),
            .init("f_files", .unsigned(r.uint64(40))), .init("f_ffree", .unsigned(r.uint64(48))),
            .init(
                "f_fsid",
                .structure([
                    .init("val", .array([.hex(UInt64(r.uint32(56))), .hex(UInt64(r.uint32(60)))], more: false))
                ])
            ),
            .init("f_namelen", .signed(r.int64(64))), .init("f_frsize", .signed(r.int64(72))),
            .init("f_flags", Xlat.statfsFlags.flags(r.uint64(80))),
        ])
    }

    /// getdents64: the buffer's address and the number of entries (`0x55d0 /* 28 entries */`); with `-v` the entries.
    static func dirents(_ c: DecodeContext, _ address: UInt64, _ outcome: SyscallOutcome) -> DecodedValue {
        guard let length = DecodeContext.success(outcome), length >= 0 else { return .address(address) }
        let wanted = Int(min(length, 1 << 20))
        guard let bytes = c.bytes(at: address, count: wanted) else { return .address(address) }
        let r = ByteReader(bytes)
        var offset = 0
        var entries: [DecodedValue] = []
        while offset + 19 <= wanted {
            let recordLength = Int(r.uint16(offset + 16))
            if recordLength == 0 { break }
            if c.options.verbose {
                let name = r.slice(offset + 19, recordLength - 19).prefix { $0 != 0 }
                entries.append(
                    .structure([
                        .init("d_ino", .unsigned(r.uint64(offset))), .init("d_off", .signed(r.int64(offset + 8))),
                        .init("d_reclen", .unsigned(UInt64(recordLength))),
                        .init(
                            "d_type",
                            Xlat.direntTypes.constant(Int64(r.uint8(offset + 18)), format: .hex, unknown: "DT_???")
                        ),
                        .init("d_name", .string(StringValue(bytes: Array(name), truncated: false))),
                    ])
                )
            } else {
                entries.append(.elided)
            }
            offset += recordLength
        }
        if c.options.verbose { return .array(entries, more: false) }
        return .commented(.address(address), "\(entries.count) entries")
    }
}
