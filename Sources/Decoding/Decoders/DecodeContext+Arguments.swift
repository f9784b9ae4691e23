/// Short forms for building named arguments from the raw registers.
extension DecodeContext {
    func fd(_ name: String, _ index: Int) -> DecodedArgument { DecodedArgument(name, descriptor(index)) }
    func dirfd(_ name: String, _ index: Int) -> DecodedArgument { DecodedArgument(name, directoryDescriptor(index)) }
    func path(_ name: String, _ index: Int) -> DecodedArgument { DecodedArgument(name, path(at: self[index])) }
    func string(_ name: String, _ index: Int) -> DecodedArgument { DecodedArgument(name, string(at: self[index])) }
    /// A C `int` argument in decimal.
    func int(_ name: String, _ index: Int) -> DecodedArgument { DecodedArgument(name, .signed(Int64(int(index)))) }
    /// A C `unsigned int` argument in decimal.
    func uint(_ name: String, _ index: Int) -> DecodedArgument { DecodedArgument(name, .unsigned(UInt64(uint(index)))) }
    /// A `long`/`off_t`/`ssize_t` argument in decimal.
    func long(_ name: String, _ index: Int) -> DecodedArgument { DecodedArgument(name, .signed(long(index))) }
    /// A `size_t`/`unsigned long` argument in decimal.
    func ulong(_ name: String, _ index: Int) -> DecodedArgument { DecodedArgument(name, .unsigned(self[index])) }
    func hex(_ name: String, _ index: Int) -> DecodedArgument { DecodedArgument(name, .hex(self[index])) }
    func pointer(_ name: String, _ index: Int) -> DecodedArgument { DecodedArgument(name, .address(self[index])) }
    /// A 32-bit flags argument decomposed against `table`.
    func flags(_ name: String, _ index: Int, _ table: XlatTable) -> DecodedArgument {
        DecodedArgument(name, table.flags(UInt64(uint(index))))
    }
    /// A 64-bit flags argument decomposed against `table`.
    func flags64(_ name: String, _ index: Int, _ table: XlatTable) -> DecodedArgument {
        DecodedArgument(name, table.flags(self[index]))
    }
    /// A 32-bit enumeration argument (`printxval`): the name, or hex and `/* comment */`.
    func constant(_ name: String, _ index: Int, _ table: XlatTable, unknown comment: String) -> DecodedArgument {
        DecodedArgument(name, table.constant32(self[index], format: .hex, unknown: comment))
    }
    /// A C `int` pointed to: `[42]`, or the address when unreadable.
    func intPointee(at address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = bytes(at: address, count: 4) else { return .address(address) }
        return .pointee(.signed(Int64(ByteReader(bytes).int32(0))))
    }
    /// A 64-bit `loff_t` pointed to: `[42]`.
    func int64Pointee(at address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let bytes = bytes(at: address, count: 8) else { return .address(address) }
        return .pointee(.signed(ByteReader(bytes).int64(0)))
    }
    /// The return value of a successful call, or nil.
    static func success(_ outcome: SyscallOutcome) -> Int64? {
        if case .returned(let value) = outcome, !(value < 0 && value >= -4095) { return value }
        return nil
    }
}
