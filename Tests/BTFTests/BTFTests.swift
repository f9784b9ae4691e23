import BTF
import LinuxSystem
import Testing

/// Builds a BTF blob by hand, so offsets are known exactly.
struct BlobBuilder {
    var types: [UInt8] = []
    var strings: [UInt8] = [0]
    var count: UInt32 = 0

    mutating func name(_ text: String) -> UInt32 {
        if text.isEmpty { return 0 }
        let offset = UInt32(strings.count)
        strings += Array(text.utf8) + [0]
        return offset
    }

    mutating func u32(_ value: UInt32) { types += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    @discardableResult
    mutating func add(_ name: String, kind: UInt32, vlen: UInt32 = 0, kindFlag: Bool = false, sizeOrType: UInt32,
                      tail: [UInt32] = []) -> UInt32 {
        u32(self.name(name))
        u32(kind << 24 | vlen | (kindFlag ? 1 << 31 : 0))
        u32(sizeOrType)
        for value in tail { u32(value) }
        count += 1
        return count
    }

    var blob: [UInt8] {
        var header: [UInt8] = [0x9F, 0xEB, 1, 0]
        for value in [UInt32(24), 0, UInt32(types.count), UInt32(types.count), UInt32(strings.count)] {
            header += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        }
        return header + types + strings
    }
}

@Suite struct SyntheticBTFTests {
    /// struct outer { int a; union { int b; struct { int c; const pid_t d; }; }; struct outer *next; };
    static func makeBlob() -> [UInt8] {
        var builder = BlobBuilder()
        let int = builder.add("int", kind: 1, sizeOrType: 4, tail: [32])  // 1
        let pid = builder.add("pid_t", kind: 8, sizeOrType: int)  // 2 typedef
        let constPid = builder.add("", kind: 10, sizeOrType: pid)  // 3 const
        let cName = builder.name("c"), dName = builder.name("d")
        let inner = builder.add(
            "", kind: 4, vlen: 2, sizeOrType: 8, tail: [cName, int, 0, dName, constPid, 32])  // 4 anonymous struct
        let bName = builder.name("b")
        let union = builder.add("", kind: 5, vlen: 2, sizeOrType: 8, tail: [bName, int, 0, 0, inner, 0])  // 5
        let aName = builder.name("a"), nextName = builder.name("next")
        let outerName = builder.name("outer")
        // 6: the struct; 7: pointer to it (forward reference by id is fine in BTF)
        builder.u32(outerName)
        builder.u32(4 << 24 | 3)
        builder.u32(24)
        for value in [aName, int, 0, 0, union, 32, nextName, 7, 128] { builder.u32(value) }
        builder.count += 1
        builder.add("", kind: 2, sizeOrType: 6)
        return builder.blob
    }

    @Test func memberPathsGoThroughAnonymousMembersAndTypedefs() throws {
        let btf = try BTF(bytes: Self.makeBlob())
        #expect(btf.typeCount == 8)
        #expect(try btf.offset(of: "a", in: "outer") == 0)
        #expect(try btf.offset(of: "b", in: "outer") == 4)
        #expect(try btf.offset(of: "c", in: "outer") == 4)
        let d = try btf.memberLocation("d", in: "outer")
        #expect(d.byteOffset == 8 && d.size == 4)
        #expect(btf.typeName(d.type) == "const pid_t")
        let next = try btf.memberLocation("next", in: "outer")
        #expect(next.byteOffset == 16 && next.size == 8)
        #expect(btf.typeName(next.type) == "struct outer *")
        #expect(btf.size(of: btf.type(named: "outer", kind: .struct)!) == 24)
    }

    @Test func lookupsReportWhatIsMissing() throws {
        let btf = try BTF(bytes: Self.makeBlob())
        #expect(throws: BTFError.noSuchMember("zz", in: "outer")) { try btf.offset(of: "zz", in: "outer") }
        #expect(throws: BTFError.noSuchType("inner")) { try btf.offset(of: "a", in: "inner") }
        #expect(throws: BTFError.notAStruct("outer.a")) { try btf.offset(of: "a.b", in: "outer") }
        #expect(throws: BTFError.badMagic(0)) { try BTF(bytes: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: BTFError.truncated("header")) { try BTF(bytes: [0x9F, 0xEB]) }
    }
}

let kernelBTF: [UInt8]? = try? KernelFiles.read("/sys/kernel/btf/vmlinux")

@Suite(.enabled(if: kernelBTF != nil, "/sys/kernel/btf/vmlinux is not readable (CONFIG_DEBUG_INFO_BTF off?)"))
struct KernelBTFTests {
    let btf: BTF

    init() throws { btf = try BTF(bytes: kernelBTF!) }

    @Test func taskStructPathsResolve() throws {
        let parent = try btf.memberLocation("real_parent", in: "task_struct")
        #expect(btf.typeName(parent.type) == "struct task_struct *")
        #expect(parent.byteOffset % 8 == 0)
        let tgid = try btf.memberLocation("tgid", in: "task_struct")
        #expect(tgid.size == 4)
        #expect(btf.typeName(tgid.type) == "pid_t")
        let comm = try btf.memberLocation("comm", in: "task_struct")
        #expect(comm.size == 16)
        #expect(tgid.byteOffset < btf.size(of: btf.type(named: "task_struct", kind: .struct)!))
        // d_name is a struct qstr; its name sits after the hash/len word (8 bytes) through an anonymous union.
        let name = try btf.memberLocation("d_name.name", in: "dentry")
        #expect(name.byteOffset == (try btf.offset(of: "d_name", in: "dentry")) + 8)
    }

    @Test func anonymousUnionsOfTheKernelAreSearched() throws {
        // struct page keeps `lru` inside an anonymous union of anonymous structs.
        let page = try #require(btf.type(named: "page", kind: .struct))
        #expect(!btf.members(of: page).contains { $0.name == "lru" })
        #expect(try btf.offset(of: "lru", in: "page") > 0)
    }

    @Test func tracepointPrototypesComeFromBtfTraceTypedefs() throws {
        #expect(btf.tracepointTypeID("sys_enter") != nil)
        let enter = try #require(btf.tracepointParameters("sys_enter"))
        #expect(enter.map { btf.typeName($0.type) } == ["struct pt_regs *", "long int"])
        let exec = try #require(btf.tracepointParameters("sched_process_exec"))
        // Prototype parameters behind btf_trace_* typedefs carry types but no names.
        #expect(exec.map { btf.typeName($0.type) } == ["struct task_struct *", "pid_t", "struct linux_binprm *"])
        #expect(btf.tracepointTypeID("no_such_tracepoint") == nil)
        #expect(btf.functionID("do_sys_openat2") != nil)
        #expect(try btf.offset(of: "orig_ax", in: "pt_regs") == 120)  // x86-64 uapi layout (notes.md)
    }
}
