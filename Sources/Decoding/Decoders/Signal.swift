import LinuxSystem
import SyscallTables

/// Decoders of the signal family.
extension DecoderRegistry {
    static let signalDecoders: [String: SyscallDecoder] = [
        "rt_sigaction": SyscallDecoder(
            entry: { c in
                [
                    DecodedArgument("sig", SignalNames.value(c.int(0))),
                    DecodedArgument("act", SignalValues.action(c, at: c[1], maskSize: c[3])),
                ]
            },
            exit: { c, outcome in
                [
                    DecodedArgument(
                        "oact",
                        DecodeContext.success(outcome) != nil
                            ? SignalValues.action(c, at: c[2], maskSize: c[3]) : .address(c[2])
                    ),
                    c.ulong("sigsetsize", 3),
                ]
            }
        ),
        "rt_sigprocmask": SyscallDecoder(
            entry: { c in
                [
                    c.constant("how", 0, Xlat.sigprocmaskHow, unknown: "SIG_???"),
                    DecodedArgument("nset", SignalValues.set(c, at: c[1], size: c[3])),
                ]
            },
            exit: { c, outcome in
                [
                    DecodedArgument(
                        "oset",
                        DecodeContext.success(outcome) != nil
                            ? SignalValues.set(c, at: c[2], size: c[3]) : .address(c[2])
                    ),
                    c.ulong("sigsetsize", 3),
                ]
            }
        ),
        "rt_sigsuspend": .atEntry { c in
            [DecodedArgument("unewset", SignalValues.set(c, at: c[0], size: c[1])), c.ulong("sigsetsize", 1)]
        },
        "rt_sigpending": SyscallDecoder(
            entry: { _ in [] },
            exit: { c, outcome in
                [
                    DecodedArgument(
                        "uset",
                        DecodeContext.success(outcome) != nil
                            ? SignalValues.set(c, at: c[0], size: c[1]) : .address(c[0])
                    ),
                    c.ulong("sigsetsize", 1),
                ]
            }
        ),
        "rt_sigtimedwait": SyscallDecoder(
            entry: { c in [DecodedArgument("uthese", SignalValues.set(c, at: c[0], size: c[3]))] },
            exit: { c, outcome in
                var info: DecodedValue = .address(c[1])
                if DecodeContext.success(outcome) != nil, c[1] != 0, let bytes = c.bytes(at: c[1], count: 128) {
                    info = SignalInfoDecoder.decode(bytes) ?? .address(c[1])
                }
                return [
                    DecodedArgument("uinfo", info), DecodedArgument("uts", TimeValues.timespec(c, c[2])),
                    c.ulong("sigsetsize", 3),
                ]
            },
            annotation: { _, value in .verbatim(SignalNames.name(Int32(truncatingIfNeeded: value))) }
        ),
        "rt_sigqueueinfo": .atEntry { c in
            [
                c.int("pid", 0), DecodedArgument("sig", SignalNames.value(c.int(1))),
                DecodedArgument("uinfo", siginfoArgument(c, c[2])),
            ]
        },
        "rt_tgsigqueueinfo": .atEntry { c in
            [
                c.int("tgid", 0), c.int("pid", 1), DecodedArgument("sig", SignalNames.value(c.int(2))),
                DecodedArgument("uinfo", siginfoArgument(c, c[3])),
            ]
        },
        "rt_sigreturn": .atEntry { c in [DecodedArgument("frame", sigreturnFrame(c))] },
        "sigaltstack": SyscallDecoder(
            entry: { c in [DecodedArgument("uss", stack(c, c[0]))] },
            exit: { c, outcome in
                [DecodedArgument("uoss", DecodeContext.success(outcome) != nil ? stack(c, c[1]) : .address(c[1]))]
            }
        ),
    ]

    static func siginfoArgument(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 128) else { return .address(address) }
        return SignalInfoDecoder.decode(bytes) ?? .address(address)
    }

    /// `stack_t {void *ss_sp; int ss_flags; size_t ss_size}`.
    static func stack(_ c: DecodeContext, _ address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = c.bytes(at: address, count: 24) else { return .address(address) }
        let r = ByteReader(bytes)
        return .structure([
            .init("ss_sp", .address(r.uint64(0))), .init("ss_flags", Xlat.sigaltstackFlags.flags(UInt64(r.uint32(8)))),
            .init("ss_size", .unsigned(r.uint64(16))),
        ])
    }

    /// rt_sigreturn restores the mask saved in the signal frame: `{mask=[]}`. On x86-64 the frame's ucontext starts
    /// at the stack pointer (the handler's `ret` popped pretcode) and uc_sigmask is 296 bytes into it.
    static func sigreturnFrame(_ c: DecodeContext) -> DecodedValue {
        guard c.invocation.architecture == .x86_64,
            let sp = c.invocation.stackPointer ?? stoppedStackPointer(pid: c.invocation.pid),
            let bytes = c.bytes(at: sp &+ 296, count: 8)
        else { return .structure([.init("mask", .verbatim("?"))]) }
        return .structure([.init("mask", SignalValues.set(bytes))])
    }

    /// The stack pointer of a thread stopped in a syscall, from /proc/PID/syscall ("nr a1 … a6 sp pc"), for callers
    /// that did not pass one.
    static func stoppedStackPointer(pid: Int32) -> UInt64? {
        guard let bytes = readSmallFile("/proc/\(pid)/syscall", limit: 512) else { return nil }
        let fields = String(decoding: bytes, as: UTF8.self).split(separator: " ")
        guard fields.count >= 9, fields[7].hasPrefix("0x") else { return nil }
        return UInt64(fields[7].dropFirst(2).trimmingSuffix(), radix: 16)
    }
}

extension Substring {
    fileprivate func trimmingSuffix() -> Substring {
        var text = self
        while let last = text.last, last == "\n" || last == " " { text.removeLast() }
        return text
    }
}
