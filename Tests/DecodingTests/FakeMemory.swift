import SyscallTables

@testable import Decoding

/// Tracee memory for tests: a few regions of bytes at chosen addresses; everything else is unreadable.
struct FakeMemory: TraceeMemory {
    var regions: [(address: UInt64, bytes: [UInt8])] = []

    init(_ regions: [(UInt64, [UInt8])] = []) {
        self.regions = regions.map { (address: $0.0, bytes: $0.1) }
    }

    mutating func place(_ string: String, at address: UInt64) {
        regions.append((address, Array(string.utf8) + [0]))
    }

    mutating func place(_ bytes: [UInt8], at address: UInt64) {
        regions.append((address, bytes))
    }

    func read(_ address: UInt64, count: Int) -> [UInt8]? {
        for region in regions where address >= region.address && address < region.address + UInt64(region.bytes.count) {
            let start = Int(address - region.address)
            return Array(region.bytes[start..<min(region.bytes.count, start + max(count, 0))])
        }
        return nil
    }

    func readCString(_ address: UInt64, limit: Int) -> (bytes: [UInt8], truncated: Bool)? {
        guard let bytes = read(address, count: limit) else { return nil }
        if let nul = bytes.firstIndex(of: 0) { return (Array(bytes[..<nul]), false) }
        // strace fails a string read that runs into unmapped memory before the limit.
        if bytes.count < limit { return nil }
        return (bytes, true)
    }
}

/// Little-endian encoding helpers for building structs in fake memory.
extension Array where Element == UInt8 {
    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}

/// Formats one syscall end to end as the tracer would print it without interruption.
func straceLine(
    _ name: String,
    _ arguments: [UInt64],
    returning result: SyscallOutcome,
    memory: FakeMemory = FakeMemory(),
    exitMemory: FakeMemory? = nil,
    options: StraceFormatOptions = StraceFormatOptions(),
    injected: Bool = false
) -> String {
    let formatter = SyscallFormatter(options: options)
    let number = SyscallTablesLookup.number(of: name)
    let call = SyscallInvocation(pid: 1, architecture: .x86_64, number: number, arguments: arguments)
    let pending = formatter.enter(call, memory: memory)
    return formatter.entryText(pending)
        + formatter.exitText(pending, outcome: result, injected: injected, memory: exitMemory ?? memory)
}

/// A strace line with the result aligned at column 40, for expectations whose padding is tedious to count.
func aligned(_ head: String, _ result: String) -> String {
    let withSpace = head + " "
    return withSpace + String(repeating: " ", count: max(0, 40 - withSpace.count)) + "= " + result
}
