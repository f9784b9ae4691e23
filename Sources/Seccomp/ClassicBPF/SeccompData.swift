/// The input of a seccomp filter: `struct seccomp_data` from `<linux/seccomp.h>`, 64 bytes.
public struct SeccompData: Hashable, Sendable {
    /// The syscall number as the architecture numbers it (x32 calls carry `Architecture.x32SyscallBit`).
    public var number: Int32
    /// The `AUDIT_ARCH_*` value of the calling convention.
    public var architecture: UInt32
    public var instructionPointer: UInt64
    public var arguments: [UInt64]

    public init(number: Int32, architecture: UInt32, instructionPointer: UInt64 = 0, arguments: [UInt64] = []) {
        self.number = number
        self.architecture = architecture
        self.instructionPointer = instructionPointer
        self.arguments = arguments
    }

    /// Offsets of the fields, for `Instruction.loadAbsolute`.
    public static let numberOffset: UInt32 = 0
    public static let architectureOffset: UInt32 = 4
    public static let instructionPointerOffset: UInt32 = 8
    /// The low 32 bits of argument `index` (little-endian); the high half is 4 bytes further.
    public static func argumentOffset(_ index: Int) -> UInt32 { UInt32(16 + 8 * index) }
    public static let byteCount = 64

    /// The little-endian bytes the kernel hands the filter.
    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.byteCount)
        func append<T: FixedWidthInteger>(_ value: T) {
            for shift in stride(from: 0, to: T.bitWidth, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
        }
        append(UInt32(bitPattern: number))
        append(architecture)
        append(instructionPointer)
        for index in 0..<6 { append(index < arguments.count ? arguments[index] : 0) }
        return bytes
    }
}
