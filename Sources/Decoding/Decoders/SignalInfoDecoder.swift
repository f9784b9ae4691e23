/// Decodes a raw `siginfo_t` (128 bytes, x86-64/aarch64 layout) as strace's `printsiginfo` shows it.
enum SignalInfoDecoder {
    static func decode(_ bytes: [UInt8]) -> DecodedValue? {
        guard bytes.count >= 48 else { return nil }
        let reader = ByteReader(bytes)
        let signo = reader.int32(0)
        let errno = reader.int32(4)
        let code = reader.int32(8)
        var fields: [DecodedValue.Field] = [
            .init("si_signo", SignalNames.value(signo)),
            .init("si_code", codeValue(signo: signo, code: code)),
        ]
        if errno != 0 { fields.insert(.init("si_errno", ErrnoValue.value(errno)), at: 1) }
        fields += unionFields(signo: signo, code: code, reader: reader)
        return .structure(fields)
    }

    static func codeValue(signo: Int32, code: Int32) -> DecodedValue {
        let name = SignalCodes.name(signo: signo, code: code)
        return .constant(ConstantValue(raw: Int64(code), name: name, format: .hex))
    }

    /// The members of the union that the kernel fills for this signal and code (`siginfo_layout()` in the kernel).
    static func unionFields(signo: Int32, code: Int32, reader: ByteReader) -> [DecodedValue.Field] {
        let pidFields: [DecodedValue.Field] = [
            .init("si_pid", .signed(Int64(reader.int32(16)))), .init("si_uid", .unsigned(UInt64(reader.uint32(20)))),
        ]
        let sigval: [DecodedValue.Field] = [
            .init("si_int", .signed(Int64(reader.int32(24)))), .init("si_ptr", .address(reader.uint64(24))),
        ]
        if code <= 0 {
            // Sent by a process: SI_USER (0), SI_QUEUE, SI_TKILL, SI_MESGQ, SI_ASYNCIO, SI_SIGIO, SI_DETHREAD.
            switch code {
            case -1, -3: return pidFields + sigval  // SI_QUEUE, SI_MESGQ
            case -2:  // SI_TIMER
                return [
                    .init("si_timerid", .hex(UInt64(reader.uint32(16)))),
                    .init("si_overrun", .signed(Int64(reader.int32(20)))),
                ] + sigval
            default: return pidFields
            }
        }
        if code == 0x80 {  // SI_KERNEL
            switch signo {
            case 11, 7, 4, 8, 5: return [.init("si_addr", .address(reader.uint64(16)))]
            default: return []
            }
        }
        switch signo {
        case 17:  // SIGCHLD
            let status = reader.int32(24)
            let statusValue: DecodedValue =
                (code == 1) ? .signed(Int64(status)) : SignalNames.value(status)  // CLD_EXITED: exit code
            return pidFields + [
                .init("si_status", statusValue),
                .init("si_utime", .signed(reader.int64(32))), .init("si_stime", .signed(reader.int64(40))),
            ]
        case 11, 7, 4, 8, 5:  // SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP
            return [.init("si_addr", .address(reader.uint64(16)))]
        case 29:  // SIGIO/SIGPOLL
            return [.init("si_band", .signed(reader.int64(16))), .init("si_fd", .signed(Int64(reader.int32(24))))]
        case 31:  // SIGSYS
            return [
                .init("si_call_addr", .address(reader.uint64(16))),
                .init("si_syscall", .verbatim(syscallName(reader.int32(24), arch: reader.uint32(28)))),
                .init("si_arch", AuditArch.value(reader.uint32(28))),
            ]
        default:
            return pidFields
        }
    }

    static func syscallName(_ number: Int32, arch: UInt32) -> String {
        "__NR_" + SyscallNameLookup.name(number: Int(number), auditArch: arch)
    }
}
