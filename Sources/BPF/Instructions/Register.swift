/// An eBPF register.
///
/// r0 holds helper results and the program's return value, r1–r5 pass helper arguments (and are clobbered
/// by calls), r6–r9 survive calls, and r10 is the read-only frame pointer of the 512-byte stack.
public enum Register: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case r0 = 0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10

    /// The frame pointer: the stack grows down from here.
    public static let framePointer = Register.r10

    public var description: String { "r\(rawValue)" }
}
