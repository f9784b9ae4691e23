public import LinuxSystem
import SystemPackage

/// A loaded BPF program, owned: closing the last descriptor (this value and its links) unloads it.
public final class Program: Sendable {
    public let name: String
    public let type: BPFProgramType
    /// The instructions as loaded: labels resolved, map descriptors filled in.
    public let instructions: [Instruction]
    private let descriptor: OwnedFileDescriptor

    /// Assembles and loads a program (`BPF_PROG_LOAD`).
    ///
    /// - Parameters:
    ///   - name: the kernel-visible name (at most 15 bytes of `[A-Za-z0-9_.]`), shown by `bpftool prog`.
    ///   - maps: the maps that `Instruction.loadMap(_:named:)` instructions refer to.
    ///   - attachBTFID: for `.tracing` programs, the BTF id of the target (`btf_trace_<tp>` for tp_btf).
    /// - Throws: `BPFError` with code `.assemble` for unresolved labels or maps, `.programLoad` with the verifier
    ///   log when the kernel refuses it.
    public init(
        name: String, type: BPFProgramType, instructions: [Instruction], maps: [Map] = [],
        license: String = "GPL", expectedAttachType: BPFAttachType? = nil, attachBTFID: UInt32? = nil
    ) throws(BPFError) {
        var descriptors: [String: Int32] = [:]
        for map in maps { descriptors[map.name] = map.fileDescriptor }
        let resolved: [Instruction]
        do {
            resolved = try Assembler.resolve(instructions, maps: descriptors)
        } catch {
            throw BPFError(.assemble, object: name, suggestion: error.description)
        }
        var bytes: [UInt8] = []
        for instruction in resolved { instruction.encode(into: &bytes) }
        let options = BPFSystemCall.ProgramLoadOptions(
            type: type, name: name, license: license, expectedAttachType: expectedAttachType,
            attachBTFID: attachBTFID)
        do {
            descriptor = try BPFSystemCall.loadProgram(instructions: bytes, options: options)
        } catch {
            throw BPFError(.programLoad, object: name, underlying: error.errno, verifierLog: error.verifierLog)
        }
        self.name = name
        self.type = type
        self.instructions = instructions
    }

    public var fileDescriptor: Int32 { descriptor.rawValue }

    /// The kernel's id for this program (what `BPF_PROG_GET_NEXT_ID` walks).
    public func id() throws(BPFError) -> UInt32 {
        do {
            return try BPFSystemCall.programInfo(program: descriptor.rawValue).id
        } catch {
            throw BPFError(.mapAccess, object: name, underlying: error)
        }
    }

    /// Its run counters (see `BPFProgramStatistics`).
    public func statistics() throws(BPFError) -> BPFProgramStatistics {
        do {
            return try BPFSystemCall.programStatistics(program: descriptor.rawValue)
        } catch {
            throw BPFError(.mapAccess, object: name, underlying: error)
        }
    }

    /// The program as built, with labels, one instruction per line.
    public var disassembly: String { Disassembler.text(instructions) }

    /// Names and ids of every program loaded in the kernel right now (`BPF_PROG_GET_NEXT_ID` walk); programs that
    /// go away during the walk are skipped.
    public static func loadedPrograms() throws(BPFError) -> [(id: UInt32, name: String, type: BPFProgramType)] {
        var result: [(id: UInt32, name: String, type: BPFProgramType)] = []
        var id: UInt32 = 0
        do {
            while let next = try BPFSystemCall.nextProgramID(after: id) {
                id = next
                guard let fd = try? BPFSystemCall.programDescriptor(id: next) else { continue }
                if let info = try? BPFSystemCall.programInfo(program: fd.rawValue) {
                    result.append((info.id, info.name, info.type))
                }
            }
        } catch {
            throw BPFError(.mapAccess, object: "program ids", underlying: error)
        }
        return result
    }
}
