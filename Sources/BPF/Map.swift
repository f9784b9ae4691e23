public import LinuxSystem
import SystemPackage

/// A BPF map, owned: the kernel frees it when this value and every program using it are gone.
public final class Map: Sendable {
    public let name: String
    public let type: BPFMapType
    public let keySize: Int
    public let valueSize: Int
    public let maxEntries: Int
    private let descriptor: OwnedFileDescriptor

    /// Creates a map (`BPF_MAP_CREATE`). `name` is cut to 15 bytes by the kernel's `BPF_OBJ_NAME_LEN`.
    public init(
        type: BPFMapType, name: String, keySize: Int, valueSize: Int, maxEntries: Int, flags: UInt32 = 0
    ) throws(BPFError) {
        do {
            descriptor = try BPFSystemCall.createMap(
                type: type, keySize: UInt32(keySize), valueSize: UInt32(valueSize), maxEntries: UInt32(maxEntries),
                flags: flags, name: name)
        } catch {
            throw BPFError(.mapCreate, object: "\(name) (\(type))", underlying: error)
        }
        self.name = name
        self.type = type
        self.keySize = keySize
        self.valueSize = valueSize
        self.maxEntries = maxEntries
    }

    /// A ring buffer of `size` bytes (a power of two and a multiple of the page size).
    public static func ringBuffer(name: String, size: Int) throws(BPFError) -> Map {
        try Map(type: .ringBuffer, name: name, keySize: 0, valueSize: 0, maxEntries: size)
    }

    /// The descriptor programs refer to through `Instruction.loadMap`.
    public var fileDescriptor: Int32 { descriptor.rawValue }

    /// The value of `key`, or nil when absent. For per-CPU maps, use `perCPUValues`.
    public func lookup(_ key: [UInt8]) throws(BPFError) -> [UInt8]? {
        do {
            return try BPFSystemCall.lookupElement(map: descriptor.rawValue, key: key, valueSize: valueSize)
        } catch {
            throw BPFError(.mapAccess, object: name, underlying: error)
        }
    }

    /// The values of `key` on every possible CPU, for per-CPU maps (each value is padded to 8 bytes by the kernel).
    public func perCPUValues(_ key: [UInt8]) throws(BPFError) -> [[UInt8]]? {
        let stride = (valueSize + 7) / 8 * 8
        let cpus = KernelFiles.possibleCPUCount()
        let all: [UInt8]?
        do {
            all = try BPFSystemCall.lookupElement(map: descriptor.rawValue, key: key, valueSize: stride * cpus)
        } catch {
            throw BPFError(.mapAccess, object: name, underlying: error)
        }
        return all.map { bytes in (0..<cpus).map { Array(bytes[($0 * stride)..<($0 * stride + valueSize)]) } }
    }

    /// Sets the value of `key` (flags: 0 any, 1 only if absent, 2 only if present).
    public func update(_ key: [UInt8], _ value: [UInt8], flags: UInt64 = 0) throws(BPFError) {
        do {
            try BPFSystemCall.updateElement(map: descriptor.rawValue, key: key, value: value, flags: flags)
        } catch {
            throw BPFError(.mapAccess, object: name, underlying: error)
        }
    }

    /// Removes `key`; false when it was absent.
    @discardableResult
    public func delete(_ key: [UInt8]) throws(BPFError) -> Bool {
        do {
            return try BPFSystemCall.deleteElement(map: descriptor.rawValue, key: key)
        } catch {
            throw BPFError(.mapAccess, object: name, underlying: error)
        }
    }

    /// Every key, in the kernel's iteration order.
    public func keys() throws(BPFError) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var current: [UInt8]? = nil
        do {
            while let next = try BPFSystemCall.nextKey(map: descriptor.rawValue, after: current, keySize: keySize) {
                result.append(next)
                current = next
            }
        } catch {
            throw BPFError(.mapAccess, object: name, underlying: error)
        }
        return result
    }
}

extension FixedWidthInteger {
    /// The little-endian bytes of this value, as map keys and values are laid out on x86-64 and arm64.
    /// Inlinable so that callers in other modules get a specialized copy: the generic one costs a witness-table
    /// call per byte, which dominated decoding ring buffer records.
    @inlinable
    public var littleEndianBytes: [UInt8] {
        (0..<(Self.bitWidth / 8)).map { UInt8(truncatingIfNeeded: self >> (8 * $0)) }
    }

    /// Reads a little-endian value from `bytes` at `offset`.
    @inlinable
    public init(littleEndianBytes bytes: some Collection<UInt8>, at offset: Int = 0) {
        var value: Self = 0
        var index = bytes.index(bytes.startIndex, offsetBy: offset)
        for shift in 0..<(Self.bitWidth / 8) {
            value |= Self(truncatingIfNeeded: bytes[index]) << (8 * shift)
            index = bytes.index(after: index)
        }
        self = value
    }
}
