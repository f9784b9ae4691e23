import SyscallTables
import Testing
@testable import Seccomp

/// Design decision 9: every generated filter is run over every syscall number of every architecture (and the
/// x32 bit, and a foreign architecture) and must return exactly the intended action.
@Suite struct FilterCompilerTests {
    /// The oracle, written independently of the compiler's own `intendedAction`.
    static func expected(
        _ rules: [Architecture: [Int: SeccompAction]], default defaultAction: SeccompAction,
        unknown: SeccompAction, architecture: UInt32, number: UInt32
    ) -> SeccompAction {
        let known: Architecture?
        switch architecture {
        case 0xC000_003E: known = .x86_64
        case 0x4000_0003: known = .i386
        case 0xC000_00B7: known = .aarch64
        default: known = nil
        }
        guard let known, let table = rules[known] else { return unknown }
        // x32 numbers (bit 30) and everything above them on x86-64, except -1 which tracers use to skip a call.
        if known == .x86_64 && number >= 0x4000_0000 && number != 0xFFFF_FFFF { return unknown }
        return number <= 0x3FFF_FFFF ? (table[Int(number)] ?? defaultAction) : defaultAction
    }

    /// Runs `program` over every number that matters and fails on the first few mismatches.
    static func prove(
        _ program: SeccompProgram, _ rules: [Architecture: [Int: SeccompAction]], default defaultAction: SeccompAction,
        unknown: SeccompAction, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        var inputs: [(UInt32, UInt32)] = []
        for architecture in Architecture.allCases {
            let highest = max(SyscallTable.forArchitecture(architecture).maxNumber, rules[architecture]?.keys.max() ?? 0)
            for number in 0...UInt32(highest + 2) {
                inputs.append((architecture.auditArch, number))
                inputs.append((architecture.auditArch, number | 0x4000_0000))  // the x32 bit
            }
            for number: UInt32 in [0x3FFF_FFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF] {
                inputs.append((architecture.auditArch, number))
            }
        }
        for number: UInt32 in [0, 2, 39, 59, 110, 257, 0x4000_0027, 0xFFFF_FFFF] {
            inputs.append((0x4000_0028, number))  // AUDIT_ARCH_ARM
            inputs.append((0, number))
        }
        var failures = 0
        for (architecture, number) in inputs {
            let data = SeccompData(number: Int32(bitPattern: number), architecture: architecture,
                                   instructionPointer: 0xdead_beef, arguments: [1, 2, 3, 4, 5, 6])
            let actual = try program.action(for: data)
            let wanted = expected(rules, default: defaultAction, unknown: unknown, architecture: architecture,
                                  number: number)
            if actual != wanted {
                failures += 1
                let message = "arch 0x\(String(architecture, radix: 16)) nr 0x\(String(number, radix: 16)): \(actual), wanted \(wanted)"
                Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
                if failures > 5 { return }
            }
        }
    }

    static func numbers(_ expression: String, _ architecture: Architecture) throws -> Set<Int> {
        try SyscallSetExpression.parse(expression, architecture: architecture).numbers
    }

    static let expressions = ["getuid", "%file", "all", "%process,%signal", "%network", "/^s", "read,write,close",
                              "!getppid", "none", "@open,@fork,@exec", "%memory,%ipc,%creds"]

    @Test(arguments: expressions, FilterGenerator.allCases)
    func tracingFiltersAreExact(_ expression: String, _ generator: FilterGenerator) throws {
        var selected: [Architecture: Set<Int>] = [:]
        for architecture in Architecture.allCases { selected[architecture] = try Self.numbers(expression, architecture) }
        let rules = selected.mapValues { Dictionary(uniqueKeysWithValues: $0.map { ($0, SeccompAction.trace(0)) }) }
        let specification = FilterSpecification(defaultAction: .allow, actions: rules, unknownArchitectureAction: .trace(0))
        let program = try FilterCompiler.compile(specification, strategy: .only(generator))
        #expect(program.instructionCount <= Assembler.maximumLength)
        try Self.prove(program, rules, default: .allow, unknown: .trace(0))
    }

    @Test(arguments: expressions)
    func shortestIsNoLongerThanEitherGenerator(_ expression: String) throws {
        let selected = [Architecture.x86_64: try Self.numbers(expression, .x86_64),
                        .i386: try Self.numbers(expression, .i386)]
        let rules = selected.mapValues { Dictionary(uniqueKeysWithValues: $0.map { ($0, SeccompAction.errno(1)) }) }
        let specification = FilterSpecification(defaultAction: .allow, actions: rules, unknownArchitectureAction: .killProcess)
        let shortest = try FilterCompiler.compile(specification, strategy: .shortest)
        let linear = try FilterCompiler.compile(specification, strategy: .only(.linear))
        let bitmap = try FilterCompiler.compile(specification, strategy: .only(.bitmap))
        #expect(shortest.instructionCount <= min(linear.instructionCount, bitmap.instructionCount))
        try Self.prove(shortest, rules, default: .allow, unknown: .killProcess)
        // The default keeps the kernel's ALLOW cache usable: the linear chain whenever it fits.
        let cacheable = try FilterCompiler.compile(specification)
        #expect(cacheable == linear)
        try Self.prove(cacheable, rules, default: .allow, unknown: .killProcess)
    }

    /// A model of the kernel's `seccomp_is_const_allow` (kernel/seccomp.c, Linux 5.11+): it walks the filter
    /// for one syscall number and caches ALLOW only if the path uses nothing but nr/arch loads, `A &= k`,
    /// jumps on constants and `ret k`.
    static func kernelCachesAllow(_ program: [ClassicBPF.RawInstruction], architecture: UInt32, number: UInt32) -> Bool {
        var a: UInt32 = 0
        var pc = 0
        while pc < program.count {
            let instruction = program[pc]
            switch instruction.code {
            case 0x20 where instruction.k == 0: a = number
            case 0x20 where instruction.k == 4: a = architecture
            case 0x06: return instruction.k == SeccompAction.allow.rawValue
            case 0x05: pc += Int(instruction.k)
            case 0x15: pc += Int(a == instruction.k ? instruction.jt : instruction.jf)
            case 0x25: pc += Int(a > instruction.k ? instruction.jt : instruction.jf)
            case 0x35: pc += Int(a >= instruction.k ? instruction.jt : instruction.jf)
            case 0x45: pc += Int(a & instruction.k != 0 ? instruction.jt : instruction.jf)
            case 0x54: a &= instruction.k
            default: return false
            }
            pc += 1
        }
        return false
    }

    /// Every syscall the default program allows can be cached by the kernel (it then costs nothing); with the
    /// bitmap generator none can.
    @Test(arguments: ["%file", "%network,%ipc", "getuid", "!getppid"])
    func defaultProgramsKeepTheKernelCacheUsable(_ expression: String) throws {
        let architectures: [Architecture] = [.x86_64, .i386]
        var rules: [Architecture: [Int: SeccompAction]] = [:]
        for architecture in architectures {
            rules[architecture] = Dictionary(uniqueKeysWithValues: try Self.numbers(expression, architecture).map {
                ($0, SeccompAction.errno(1))
            })
        }
        let specification = FilterSpecification(defaultAction: .allow, actions: rules, unknownArchitectureAction: .killProcess)
        let cacheable = try FilterCompiler.compile(specification)
        let bitmap = try FilterCompiler.compile(specification, strategy: .only(.bitmap))
        for architecture in architectures {
            let table = SyscallTable.forArchitecture(architecture)
            for number in 0...table.maxNumber where rules[architecture]![number] == nil {
                #expect(Self.kernelCachesAllow(cacheable.instructions, architecture: architecture.auditArch,
                                               number: UInt32(number)), "\(architecture) \(number)")
                #expect(!Self.kernelCachesAllow(bitmap.instructions, architecture: architecture.auditArch,
                                                number: UInt32(number)))
            }
        }
    }

    /// Large scattered sets favour the bitmap, one syscall favours the linear chain.
    @Test func bitmapWinsForLargeScatteredSetsAndLinearForTinyOnes() throws {
        let everyOther = Dictionary(uniqueKeysWithValues: stride(from: 0, to: 700, by: 2).map { ($0, SeccompAction.trace(0)) })
        let large = FilterSpecification(defaultAction: .allow, actions: [.x86_64: everyOther],
                                        unknownArchitectureAction: .trace(0))
        let linear = try FilterCompiler.compile(large, strategy: .only(.linear))
        let bitmap = try FilterCompiler.compile(large, strategy: .only(.bitmap))
        #expect(bitmap.instructionCount < linear.instructionCount)
        #expect(linear.instructionCount > 255)  // conditional jumps had to go through trampolines
        try Self.prove(linear, [.x86_64: everyOther], default: .allow, unknown: .trace(0))
        try Self.prove(bitmap, [.x86_64: everyOther], default: .allow, unknown: .trace(0))
        let shortest = try FilterCompiler.compile(large, strategy: .shortest)
        #expect(shortest.generators[.x86_64] == .bitmap)
        #expect(try FilterCompiler.compile(large).generators[.x86_64] == .linear)

        let tiny = try SeccompProgram.tracing([.x86_64: [102]])
        #expect(tiny.generators[.x86_64] == .linear)
        #expect(tiny.instructionCount <= 8)
    }

    /// Several actions at once, on all three architectures, with a restrictive default.
    @Test(arguments: FilterGenerator.allCases)
    func mixedActionsAreExact(_ generator: FilterGenerator) throws {
        var rules: [Architecture: [Int: SeccompAction]] = [:]
        for architecture in Architecture.allCases {
            var map: [Int: SeccompAction] = [:]
            for number in try Self.numbers("%file", architecture) { map[number] = .errno(13) }
            for number in try Self.numbers("%process", architecture) { map[number] = .allow }
            for number in try Self.numbers("%network", architecture) { map[number] = .killProcess }
            for number in try Self.numbers("?getppid,?getuid", architecture) { map[number] = .log }
            for number in try Self.numbers("%memory", architecture) { map[number] = .trap(7) }
            map[0] = .userNotification
            rules[architecture] = map
        }
        let specification = FilterSpecification(defaultAction: .errno(38), actions: rules,
                                                unknownArchitectureAction: .killThread)
        let program = try FilterCompiler.compile(specification, strategy: .only(generator))
        try Self.prove(program, rules, default: .errno(38), unknown: .killThread)
    }

    @Test func emptySpecificationReturnsTheUnknownAction() throws {
        let program = try FilterCompiler.compile(
            FilterSpecification(defaultAction: .allow, actions: [:], unknownArchitectureAction: .killProcess))
        try Self.prove(program, [:], default: .allow, unknown: .killProcess)
        #expect(program.instructionCount == 2)
    }

    @Test func rejectsNumbersOutsideTheSyscallRange() {
        #expect(throws: FilterCompilerError.self) { try SeccompProgram.tracing([.x86_64: [0x4000_0000]]) }
        #expect(throws: FilterCompilerError.self) { try SeccompProgram.tracing([.i386: [-1]]) }
    }

    @Test func actionValuesAndPrecedenceFollowTheKernel() {
        // <linux/seccomp.h> values.
        #expect(SeccompAction.killProcess.rawValue == 0x8000_0000)
        #expect(SeccompAction.killThread.rawValue == 0)
        #expect(SeccompAction.trap(2).rawValue == 0x0003_0002)
        #expect(SeccompAction.errno(1).rawValue == 0x0005_0001)
        #expect(SeccompAction.userNotification.rawValue == 0x7fc0_0000)
        #expect(SeccompAction.trace(5).rawValue == 0x7ff0_0005)
        #expect(SeccompAction.log.rawValue == 0x7ffc_0000)
        #expect(SeccompAction.allow.rawValue == 0x7fff_0000)
        let ordered: [SeccompAction] = [.killProcess, .killThread, .trap(0), .errno(1), .userNotification, .trace(0),
                                        .log, .allow]
        for (index, action) in ordered.enumerated() {
            #expect(SeccompAction(rawValue: action.rawValue) == action)
            for later in ordered.dropFirst(index + 1) {
                #expect(action.takesPrecedence(over: later))
                #expect(!later.takesPrecedence(over: action))
                #expect(later.mostRestrictive(action) == action)
            }
        }
        #expect(SeccompAction(rawValue: 0x1234_0000) == .killProcess)  // unknown actions kill
        #expect(SeccompAction(rawValue: 0x7fff_0042) == .allow)
    }

    @Test func disassemblyNamesArchitecturesSyscallsAndActions() throws {
        let openat = try #require(SyscallTable.x86_64.entry(named: "openat")).number
        let program = try FilterCompiler.compile(FilterSpecification(
            defaultAction: .allow, actions: [.x86_64: [openat: .errno(13)]], unknownArchitectureAction: .killProcess))
        let text = program.disassembly
        #expect(text.contains("A = arch"))
        #expect(text.contains("if (A != ARCH_X86_64) goto"))
        #expect(text.contains("A = nr"))
        #expect(text.contains("if (A < 0x40000000) goto"))
        #expect(text.contains("if (A == openat) goto"))
        #expect(text.contains("return ERRNO(EACCES)"))
        #expect(text.contains("return KILL_PROCESS"))
        #expect(text.contains("return ALLOW"))
        #expect(text.split(separator: "\n").count == program.instructionCount + 2)
        #expect(text.contains(" 0001: 0x15 0x00 "))
    }
}
