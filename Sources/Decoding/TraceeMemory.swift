/// Read access to the memory of the process whose syscall is being decoded.
///
/// Decoders never see a pointer (style.md D8): the tracer serves this protocol live with process_vm_readv, the eBPF
/// engine serves bytes it copied in the kernel, and tests serve a dictionary of fake pages.
public protocol TraceeMemory: Sendable {
    /// Up to `count` bytes at `address`; nil if unreadable (EFAULT/EIO). May return fewer bytes (short read).
    func read(_ address: UInt64, count: Int) -> [UInt8]?
    /// Bytes up to (not including) the NUL, at most `limit` bytes; `truncated` when no NUL within `limit`.
    func readCString(_ address: UInt64, limit: Int) -> (bytes: [UInt8], truncated: Bool)?
}

/// Memory that can never be read: what decoders see when no tracee memory is available (e.g. a summary-only run).
public struct UnreadableMemory: TraceeMemory {
    public init() {}
    public func read(_ address: UInt64, count: Int) -> [UInt8]? { nil }
    public func readCString(_ address: UInt64, limit: Int) -> (bytes: [UInt8], truncated: Bool)? { nil }
}

extension TraceeMemory {
    /// Exactly `count` bytes at `address`, or nil when any of them cannot be read.
    ///
    /// Struct decoders use this: strace prints the address of a struct it could not read whole.
    func readExactly(_ address: UInt64, count: Int) -> [UInt8]? {
        guard address != 0, count >= 0 else { return nil }
        if count == 0 { return [] }
        guard let bytes = read(address, count: count), bytes.count >= count else { return nil }
        return bytes.count == count ? bytes : Array(bytes.prefix(count))
    }
}
