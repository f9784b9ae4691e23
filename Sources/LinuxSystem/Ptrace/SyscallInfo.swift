import CSysHook
public import SystemPackage

/// What `PTRACE_GET_SYSCALL_INFO` reports at a stop.
public enum SyscallStop: Sendable, Equatable {
    /// A syscall-entry stop.
    case entry(arch: UInt32, number: Int, arguments: [UInt64])
    /// A syscall-exit stop. `value` is the raw return value (negative errno when `isError`).
    case exit(arch: UInt32, value: Int64, isError: Bool)
    /// A `SECCOMP_RET_TRACE` stop (entry, before the syscall runs). `data` is `SECCOMP_RET_DATA`.
    case seccomp(arch: UInt32, number: Int, arguments: [UInt64], data: UInt32)
    /// Not a syscall stop.
    case none
}

extension Ptrace {
    /// Reads the syscall state of a stopped tracee with one `PTRACE_GET_SYSCALL_INFO` (Linux 5.3+).
    ///
    /// Layout of `struct ptrace_syscall_info` (88 bytes): u8 op, u8 pad[3], u32 arch, u64 instruction_pointer,
    /// u64 stack_pointer, then a union at offset 24: entry {u64 nr, u64 args[6]}, exit {s64 rval, u8 is_error},
    /// seccomp {u64 nr, u64 args[6], u32 ret_data}.
    public static func syscallInfo(_ tid: ProcessID) throws(Errno) -> SyscallStop {
        var raw = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
                   UInt64(0), UInt64(0), UInt64(0))
        let size = MemoryLayout.size(ofValue: raw)
        let got = withUnsafeMutablePointer(to: &raw) { pointer in
            system_ptrace(Request.getSyscallInfo.rawValue, tid.rawValue,
                          UnsafeMutableRawPointer(bitPattern: size), UnsafeMutableRawPointer(pointer))
        }
        if got < 0 { throw Errno(rawValue: system_errno) }
        let op = UInt8(truncatingIfNeeded: raw.0)
        let arch = UInt32(truncatingIfNeeded: raw.0 >> 32)
        switch op {
        case 1:
            return .entry(arch: arch, number: Int(Int64(bitPattern: raw.3)),
                          arguments: [raw.4, raw.5, raw.6, raw.7, raw.8, raw.9])
        case 2:
            return .exit(arch: arch, value: Int64(bitPattern: raw.3), isError: UInt8(truncatingIfNeeded: raw.4) != 0)
        case 3:
            return .seccomp(arch: arch, number: Int(Int64(bitPattern: raw.3)),
                            arguments: [raw.4, raw.5, raw.6, raw.7, raw.8, raw.9],
                            data: UInt32(truncatingIfNeeded: raw.10))
        default:
            return .none
        }
    }
}
