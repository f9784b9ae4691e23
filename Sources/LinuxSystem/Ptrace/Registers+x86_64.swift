public import SystemPackage

/// The general registers of a stopped x86-64 tracee (`struct user_regs_struct`, 27 × 8 bytes), for changing a
/// syscall: its number (`orig_rax`), its arguments and its return value (`rax`).
///
/// The syscall ABI passes arguments in rdi, rsi, rdx, **r10**, r8, r9 — not rcx as in function calls: the
/// `syscall` instruction clobbers rcx (syscall(2), "Architecture calling conventions"; seed 001's crash).
public struct Registers: Sendable, Equatable {
    public var raw: [UInt64]

    static let count = 27
    static let raxIndex = 10
    static let origRaxIndex = 15
    static let argumentIndexes = [14, 13, 12, 7, 9, 8]  // rdi rsi rdx r10 r8 r9
    static let rspIndex = 19

    /// The syscall number the kernel will run (-1 skips it).
    public var syscallNumber: Int64 {
        get { Int64(bitPattern: raw[Self.origRaxIndex]) }
        set { raw[Self.origRaxIndex] = UInt64(bitPattern: newValue) }
    }

    /// The return value register, meaningful at syscall exit.
    public var returnValue: Int64 {
        get { Int64(bitPattern: raw[Self.raxIndex]) }
        set { raw[Self.raxIndex] = UInt64(bitPattern: newValue) }
    }

    public var stackPointer: UInt64 { raw[Self.rspIndex] }

    public func argument(_ index: Int) -> UInt64 { raw[Self.argumentIndexes[index]] }

    public mutating func setArgument(_ index: Int, _ value: UInt64) { raw[Self.argumentIndexes[index]] = value }
}

extension Ptrace {
    /// `PTRACE_GETREGS`.
    public static func registers(_ tid: ProcessID) throws(Errno) -> Registers {
        var raw = [UInt64](repeating: 0, count: Registers.count)
        let result = raw.withUnsafeMutableBytes { buffer in
            system_ptrace(Request.getRegs.rawValue, tid.rawValue, nil, buffer.baseAddress)
        }
        if result < 0 { throw Errno(rawValue: system_errno) }
        return Registers(raw: raw)
    }

    /// `PTRACE_SETREGS`.
    public static func setRegisters(_ tid: ProcessID, _ registers: Registers) throws(Errno) {
        var raw = registers.raw
        let result = raw.withUnsafeMutableBytes { buffer in
            system_ptrace(Request.setRegs.rawValue, tid.rawValue, nil, buffer.baseAddress)
        }
        if result < 0 { throw Errno(rawValue: system_errno) }
    }
}
