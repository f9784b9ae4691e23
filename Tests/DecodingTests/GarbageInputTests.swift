import SyscallTables
import Testing

@testable import Decoding

/// Decoders must never crash on garbage: random arguments, random or unreadable memory, short reads, huge counts.
@Suite struct GarbageInputTests {
    /// Deterministic pseudo-random bytes (SplitMix64), so a failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Memory whose contents depend only on the address: a quarter of addresses unreadable, reads sometimes short,
    /// bytes biased towards small values so strings end and lengths look plausible now and then.
    struct RandomMemory: TraceeMemory {
        let seed: UInt64
        func read(_ address: UInt64, count: Int) -> [UInt8]? {
            var generator = SplitMix(state: seed ^ (address >> 4))
            if generator.next() % 4 == 0 || count < 0 { return nil }
            let short = generator.next() % 8 == 0
            let length = short ? Int(generator.next() % UInt64(max(count, 1))) : min(count, 1 << 16)
            return (0..<length).map { _ in
                let value = generator.next()
                return value % 3 == 0 ? 0 : UInt8(truncatingIfNeeded: value >> 8)
            }
        }
        func readCString(_ address: UInt64, limit: Int) -> (bytes: [UInt8], truncated: Bool)? {
            guard let bytes = read(address, count: max(limit, 0)) else { return nil }
            if let nul = bytes.firstIndex(of: 0) { return (Array(bytes[..<nul]), false) }
            return (bytes, bytes.count >= limit)
        }
    }

    static let interesting: [UInt64] = [
        0, 1, 2, 3, 4, 0x7f, 0x80, 0xff, 0x1000, 0xffff, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0x1_0000_0000,
        UInt64(bitPattern: -1), UInt64(bitPattern: -100), UInt64(bitPattern: -4095), 1 << 63, 0x7ffd_0000_1000,
    ]

    func randomArgument(_ generator: inout SplitMix) -> UInt64 {
        let pick = generator.next()
        return pick % 2 == 0 ? Self.interesting[Int(pick / 2 % UInt64(Self.interesting.count))] : generator.next()
    }

    @Test(arguments: [Architecture.x86_64, .aarch64, .i386])
    func everySyscallSurvivesGarbage(architecture: Architecture) {
        let table = SyscallTable.forArchitecture(architecture)
        var generator = SplitMix(state: 0x5EED)
        let numbers = table.entries.map(\.number) + [999, 0x1c5 + 100, -1]
        var variants: [StraceFormatOptions] = []
        for style in XlatStyle.allCases {
            var options = StraceFormatOptions()
            options.style = style
            options.verbose = style == .verbose
            options.hexStrings = style == .raw ? 2 : 0
            options.stringLimit = style == .abbrev ? 32 : 0
            variants.append(options)
        }
        for number in numbers {
            for round in 0..<30 {
                let options = variants[round % variants.count]
                let formatter = SyscallFormatter(options: options)
                let memory = RandomMemory(seed: generator.next())
                let arguments = (0..<6).map { _ in randomArgument(&generator) }
                let call = SyscallInvocation(pid: 1, architecture: architecture, number: number, arguments: arguments)
                let pending = formatter.enter(call, memory: memory)
                let entry = formatter.entryText(pending)
                let outcomes: [SyscallOutcome] = [
                    .returned(Int64(bitPattern: randomArgument(&generator))), .unknown, .returned(-14),
                ]
                let exit = formatter.exitText(
                    pending,
                    outcome: outcomes[round % 3],
                    injected: round % 5 == 0,
                    memory: memory
                )
                #expect(entry.hasPrefix(pending.name + "("))
                #expect(exit.contains("= "))
                let completed = formatter.complete(
                    pending,
                    outcome: outcomes[round % 3],
                    injected: false,
                    memory: memory
                )
                let json = JSONLinesFormatter().syscall(completed, pid: 1, tid: 1, timestamp: nil, duration: nil)
                #expect(json.hasPrefix("{") && json.hasSuffix("}"))
            }
        }
    }

    @Test func signalTextSurvivesGarbage() {
        var generator = SplitMix(state: 7)
        let formatter = SyscallFormatter(options: StraceFormatOptions())
        for length in [0, 3, 47, 48, 127, 128, 200] {
            for _ in 0..<50 {
                let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                let signal = Int32(truncatingIfNeeded: Int64(bitPattern: generator.next() % 80))
                #expect(formatter.signalText(signal: signal, siginfo: bytes).isEmpty == false)
            }
        }
    }

    @Test func lyingLengthsPrintAddressesNotCrashes() {
        let memory = FakeMemory([(0x1000, [1, 2, 3])])
        // A read that claims more bytes than are mapped: strace prints the address.
        #expect(
            straceLine("write", [1, 0x1000, 64], returning: .returned(64), memory: memory)
                == aligned("write(1, 0x1000, 64)", "64")
        )
        // An iovec count far beyond UIO_MAXIOV.
        #expect(
            straceLine("writev", [1, 0x1000, 1 << 40], returning: .returned(-22), memory: memory)
                == aligned("writev(1, 0x1000, 1099511627776)", "-1 EINVAL (Invalid argument)")
        )
        // A huge count with readable memory is cut at -s.
        var big = FakeMemory()
        big.place([UInt8](repeating: 0x41, count: 64), at: 0x2000)
        #expect(
            straceLine("write", [1, 0x2000, UInt64.max], returning: .returned(-14), memory: big)
                == aligned(
                    #"write(1, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"..., 18446744073709551615)"#,
                    "-1 EFAULT (Bad address)"
                )
        )
    }
}
