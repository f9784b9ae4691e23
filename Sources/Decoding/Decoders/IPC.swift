/// System V IPC: shared memory, semaphores, message queues.
extension DecoderRegistry {
    static let ipcDecoders: [String: SyscallDecoder] = [
        "shmget": .atEntry { c in [ipcKey(c, 0), c.ulong("size", 1), DecodedArgument("shmflg", ipcFlags(c.uint(2)))] },
        "shmat": .atEntry(.hex) { c in
            [c.int("shmid", 0), c.pointer("shmaddr", 1), c.flags("shmflg", 2, Xlat.shmatFlags)]
        },
        "shmdt": .atEntry { c in [c.pointer("shmaddr", 0)] },
        "shmctl": .atEntry { c in
            [c.int("shmid", 0), DecodedArgument("cmd", ipcCommand(c.int(1), Xlat.shmCommands)), c.pointer("buf", 2)]
        },
        "semget": .atEntry { c in [ipcKey(c, 0), c.int("nsems", 1), DecodedArgument("semflg", ipcFlags(c.uint(2)))] },
        "semop": .atEntry { c in
            [
                c.int("semid", 0), DecodedArgument("tsops", semaphoreOperations(c, c[1], count: c[2])),
                c.uint("nsops", 2),
            ]
        },
        "semtimedop": .atEntry { c in
            [
                c.int("semid", 0), DecodedArgument("tsops", semaphoreOperations(c, c[1], count: c[2])),
                c.uint("nsops", 2),
                DecodedArgument("timeout", TimeValues.timespec(c, c[3])),
            ]
        },
        "semctl": .atEntry { c in
            [
                c.int("semid", 0), c.int("semnum", 1), DecodedArgument("cmd", ipcCommand(c.int(2), Xlat.semCommands)),
                c.pointer("arg", 3),
            ]
        },
        "msgget": .atEntry { c in [ipcKey(c, 0), DecodedArgument("msgflg", ipcFlags(c.uint(1)))] },
        "msgsnd": .atEntry { c in
            [
                c.int("msqid", 0), DecodedArgument("msgp", message(c, c[1], size: c[2])), c.ulong("msgsz", 2),
                c.flags("msgflg", 3, Xlat.msgFlags),
            ]
        },
        "msgrcv": SyscallDecoder(
            entry: { c in [c.int("msqid", 0)] },
            exit: { c, outcome in
                let received = DecodeContext.success(outcome).map { UInt64(clamping: $0) }
                return [
                    DecodedArgument("msgp", received.map { message(c, c[1], size: $0) } ?? .address(c[1])),
                    c.ulong("msgsz", 2),
                    c.long("msgtyp", 3), c.flags("msgflg", 4, Xlat.msgFlags),
                ]
            }
        ),
        "msgctl": .atEntry { c in
            [c.int("msqid", 0), DecodedArgument("cmd", ipcCommand(c.int(1), Xlat.msgCommands)), c.pointer("buf", 2)]
        },
        "sendmmsg": SyscallDecoder(
            entry: { c in [c.fd("fd", 0)] },
            exit: { c, outcome in
                [
                    DecodedArgument("mmsg", multipleMessages(c, c[1], count: c[2], outcome: outcome, received: false)),
                    c.uint("vlen", 2),
                    c.flags("flags", 3, Xlat.messageFlags),
                ]
            }
        ),
        "recvmmsg": SyscallDecoder(
            entry: { c in [c.fd("fd", 0)] },
            exit: { c, outcome in
                [
                    DecodedArgument("mmsg", multipleMessages(c, c[1], count: c[2], outcome: outcome, received: true)),
                    c.uint("vlen", 2),
                    c.flags("flags", 3, Xlat.messageFlags), DecodedArgument("timeout", TimeValues.timespec(c, c[4])),
                ]
            }
        ),
    ]

    /// `IPC_PRIVATE` or the key in hex.
    static func ipcKey(_ c: DecodeContext, _ index: Int) -> DecodedArgument {
        let key = c.int(index)
        return DecodedArgument(
            "key",
            key == 0 ? .constant(ConstantValue(raw: 0, name: "IPC_PRIVATE")) : .hex(UInt64(UInt32(bitPattern: key)))
        )
    }

    /// `IPC_CREAT|IPC_EXCL|0644`: flags, then the permission bits in octal.
    static func ipcFlags(_ raw: UInt32) -> DecodedValue {
        let flags = UInt64(raw) & ~0o777
        let mode = DecodedValue.octal(UInt64(raw) & 0o777)
        return flags == 0 ? mode : .combined([Xlat.ipcFlags.flags(flags), mode])
    }

    /// A control command: the generic IPC_* ones or the facility's own.
    static func ipcCommand(_ raw: Int32, _ specific: XlatTable) -> DecodedValue {
        let value = UInt64(UInt32(bitPattern: raw)) & ~0x100  // IPC_64 on architectures that use it
        let name = Xlat.ipcCommands.name(of: value) ?? specific.name(of: value)
        return .constant(
            ConstantValue(raw: Int64(raw), name: name, format: .hex, unknownComment: name == nil ? "IPC_???" : nil)
        )
    }

    static func semaphoreOperations(_ c: DecodeContext, _ address: UInt64, count: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard count <= 4096 else { return .address(address) }
        let shown = Int(min(count, UInt64(c.options.arrayLimit)))
        guard let bytes = c.bytes(at: address, count: shown * 6) else { return .address(address) }
        let r = ByteReader(bytes)
        return .array(
            (0..<shown).map { index in
                .structure([
                    .init("sem_num", .unsigned(UInt64(r.uint16(index * 6)))),
                    .init("sem_op", .signed(Int64(r.int16(index * 6 + 2)))),
                    .init("sem_flg", Xlat.semopFlags.flags(UInt64(r.uint16(index * 6 + 4)))),
                ])
            },
            more: UInt64(shown) < count
        )
    }

    /// `struct msgbuf {long mtype; char mtext[]}`: `{mtype=1, mtext="abc\0"}`.
    static func message(_ c: DecodeContext, _ address: UInt64, size: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 8) else { return .address(address) }
        return .structure([
            .init("mtype", .signed(ByteReader(bytes).int64(0))),
            .init("mtext", c.buffer(at: address &+ 8, count: size)),
        ])
    }

    /// `struct mmsghdr {struct msghdr msg_hdr; unsigned msg_len}` (64 bytes each), decoded after the call.
    static func multipleMessages(
        _ c: DecodeContext,
        _ address: UInt64,
        count: UInt64,
        outcome: SyscallOutcome,
        received: Bool
    )
        -> DecodedValue
    {
        guard let done = DecodeContext.success(outcome), done >= 0 else { return .address(address) }
        let shown = Int(min(UInt64(done), count, UInt64(min(c.options.arrayLimit, 1024))))
        var elements: [DecodedValue] = []
        for index in 0..<shown {
            let element = address &+ UInt64(index * 64)
            guard let lengthBytes = c.bytes(at: element &+ 56, count: 4) else { return .address(address) }
            let length = UInt64(ByteReader(lengthBytes).uint32(0))
            elements.append(
                .structure([
                    .init("msg_hdr", messageHeader(c, element, data: received ? length : UInt64.max)),
                    .init("msg_len", .unsigned(length)),
                ])
            )
        }
        return .array(elements, more: UInt64(shown) < min(UInt64(done), count))
    }
}
