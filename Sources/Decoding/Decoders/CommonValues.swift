import SyscallTables

/// An errno value in a struct field: `ENOENT`, or the number when unknown.
enum ErrnoValue {
    static func value(_ errno: Int32) -> DecodedValue {
        .constant(ConstantValue(raw: Int64(errno), name: ErrnoTable.name(errno), format: .decimal))
    }
}

/// `AUDIT_ARCH_X86_64` and friends, as seccomp and SIGSYS report them.
enum AuditArch {
    static func value(_ arch: UInt32) -> DecodedValue {
        let name: String? =
            switch arch {
            case 0xC000_003E: "AUDIT_ARCH_X86_64"
            case 0x4000_0003: "AUDIT_ARCH_I386"
            case 0xC000_00B7: "AUDIT_ARCH_AARCH64"
            default: nil
            }
        return .constant(ConstantValue(raw: Int64(arch), name: name, format: .hex, unknownComment: "AUDIT_ARCH_???"))
    }
}

/// Syscall names by number for a given `AUDIT_ARCH_*` (SIGSYS's si_syscall, seccomp data).
enum SyscallNameLookup {
    static func name(number: Int, auditArch: UInt32) -> String {
        let architecture = Architecture(auditArch: auditArch) ?? .native
        return SyscallTable.forArchitecture(architecture).entry(number: number)?.name
            ?? SyscallFormatter.unknownName(number)
    }
}
