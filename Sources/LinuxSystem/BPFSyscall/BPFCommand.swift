public import SystemPackage

// One function per bpf(2) command, each building its own attribute block (cilium/ebpf's sys package shape).

/// bpf(2) commands, each a typed function throwing `Errno`.
public enum BPFSystemCall {
    private static func call(_ command: BPFCommandNumber, _ attributes: inout BPFAttributes) -> Result<Int, Errno> {
        valueOrErrno {
            attributes.bytes.withUnsafeMutableBytes { system_bpf(command.rawValue, $0.baseAddress!, $0.count) }
        }
    }

    /// Creates a map.
    ///
    /// The corresponding C call is `bpf(BPF_MAP_CREATE, …)`.
    /// - Throws: `EPERM` without CAP_BPF; `EINVAL` for sizes the type does not accept (ring buffers need a
    ///   power-of-two multiple of the page size and zero key/value sizes).
    public static func createMap(
        type: BPFMapType, keySize: UInt32, valueSize: UInt32, maxEntries: UInt32, flags: UInt32 = 0, name: String
    ) throws(Errno) -> OwnedFileDescriptor {
        var attributes = BPFAttributes()
        attributes.set(type.rawValue, at: 0)
        attributes.set(keySize, at: 4)
        attributes.set(valueSize, at: 8)
        attributes.set(maxEntries, at: 12)
        attributes.set(flags, at: 16)
        attributes.set(name: name, at: 28)
        let fd = try call(.mapCreate, &attributes).get()
        return OwnedFileDescriptor(adopting: CInt(fd))
    }

    /// Looks up `key`, returning `valueSize` bytes, or nil when the key is absent (ENOENT).
    ///
    /// The corresponding C call is `bpf(BPF_MAP_LOOKUP_ELEM, …)`.
    public static func lookupElement(map: CInt, key: [UInt8], valueSize: Int) throws(Errno) -> [UInt8]? {
        var value = [UInt8](repeating: 0, count: valueSize)
        let result: Result<Int, Errno> = key.withUnsafeBytes { keyBytes in
            value.withUnsafeMutableBytes { valueBytes in
                var attributes = BPFAttributes()
                attributes.set(UInt32(bitPattern: map), at: 0)
                attributes.set(addressBits(keyBytes.baseAddress), at: 8)
                attributes.set(addressBits(valueBytes.baseAddress), at: 16)
                return call(.mapLookupElem, &attributes)
            }
        }
        switch result {
        case .success: return value
        case .failure(let errno) where errno == .noSuchFileOrDirectory: return nil
        case .failure(let errno): throw errno
        }
    }

    /// Inserts or replaces the value of `key` (`flags`: 0 = BPF_ANY, 1 = BPF_NOEXIST, 2 = BPF_EXIST).
    ///
    /// The corresponding C call is `bpf(BPF_MAP_UPDATE_ELEM, …)`.
    public static func updateElement(map: CInt, key: [UInt8], value: [UInt8], flags: UInt64 = 0) throws(Errno) {
        let result: Result<Int, Errno> = key.withUnsafeBytes { keyBytes in
            value.withUnsafeBytes { valueBytes in
                var attributes = BPFAttributes()
                attributes.set(UInt32(bitPattern: map), at: 0)
                attributes.set(addressBits(keyBytes.baseAddress), at: 8)
                attributes.set(addressBits(valueBytes.baseAddress), at: 16)
                attributes.set(flags, at: 24)
                return call(.mapUpdateElem, &attributes)
            }
        }
        _ = try result.get()
    }

    /// Deletes `key`; false when it was absent.
    ///
    /// The corresponding C call is `bpf(BPF_MAP_DELETE_ELEM, …)`.
    @discardableResult
    public static func deleteElement(map: CInt, key: [UInt8]) throws(Errno) -> Bool {
        let result: Result<Int, Errno> = key.withUnsafeBytes { keyBytes in
            var attributes = BPFAttributes()
            attributes.set(UInt32(bitPattern: map), at: 0)
            attributes.set(addressBits(keyBytes.baseAddress), at: 8)
            return call(.mapDeleteElem, &attributes)
        }
        switch result {
        case .success: return true
        case .failure(let errno) where errno == .noSuchFileOrDirectory: return false
        case .failure(let errno): throw errno
        }
    }

    /// The key after `key` (or the first key when `key` is nil); nil at the end.
    ///
    /// The corresponding C call is `bpf(BPF_MAP_GET_NEXT_KEY, …)`.
    public static func nextKey(map: CInt, after key: [UInt8]?, keySize: Int) throws(Errno) -> [UInt8]? {
        var next = [UInt8](repeating: 0, count: keySize)
        let current = key ?? []
        let result: Result<Int, Errno> = current.withUnsafeBytes { keyBytes in
            next.withUnsafeMutableBytes { nextBytes in
                var attributes = BPFAttributes()
                attributes.set(UInt32(bitPattern: map), at: 0)
                attributes.set(key == nil ? 0 : addressBits(keyBytes.baseAddress), at: 8)
                attributes.set(addressBits(nextBytes.baseAddress), at: 16)
                return call(.mapGetNextKey, &attributes)
            }
        }
        switch result {
        case .success: return next
        case .failure(let errno) where errno == .noSuchFileOrDirectory: return nil
        case .failure(let errno): throw errno
        }
    }

    /// What `BPF_PROG_LOAD` needs besides the instructions.
    public struct ProgramLoadOptions: Sendable {
        public var type: BPFProgramType
        public var name: String
        public var license: String
        public var expectedAttachType: BPFAttachType?
        /// The BTF type id to attach to (`btf_trace_<tp>` typedef for tp_btf, a function for fentry).
        public var attachBTFID: UInt32?

        public init(
            type: BPFProgramType, name: String, license: String = "GPL", expectedAttachType: BPFAttachType? = nil,
            attachBTFID: UInt32? = nil
        ) {
            self.type = type
            self.name = name
            self.license = license
            self.expectedAttachType = expectedAttachType
            self.attachBTFID = attachBTFID
        }
    }

    /// A refused program load: the errno and the verifier log (empty when the kernel refused it before
    /// verification, as for fentry under lockdown here).
    public struct ProgramLoadFailure: Error, Sendable {
        public var errno: Errno
        public var verifierLog: String
    }

    /// Loads a program. On failure, loads it again with `log_level = 1` and a 16 MiB buffer to return the
    /// verifier's log (libbpf does the same: a log on every load costs time and can itself fail with ENOSPC).
    ///
    /// The corresponding C call is `bpf(BPF_PROG_LOAD, …)`.
    public static func loadProgram(
        instructions: [UInt8], options: ProgramLoadOptions
    ) throws(ProgramLoadFailure) -> OwnedFileDescriptor {
        func attempt(logSize: Int) -> (Result<Int, Errno>, String) {
            var log = [UInt8](repeating: 0, count: logSize)
            let license = Array(options.license.utf8) + [0]
            let result: Result<Int, Errno> = instructions.withUnsafeBytes { code in
                license.withUnsafeBytes { licenseBytes in
                    log.withUnsafeMutableBytes { logBytes in
                        var attributes = BPFAttributes()
                        attributes.set(options.type.rawValue, at: 0)
                        attributes.set(UInt32(instructions.count / 8), at: 4)
                        attributes.set(addressBits(code.baseAddress), at: 8)
                        attributes.set(addressBits(licenseBytes.baseAddress), at: 16)
                        if logSize > 0 {
                            attributes.set(UInt32(1), at: 24)
                            attributes.set(UInt32(logSize), at: 28)
                            attributes.set(addressBits(logBytes.baseAddress), at: 32)
                        }
                        attributes.set(name: options.name, at: 48)
                        if let attach = options.expectedAttachType { attributes.set(attach.rawValue, at: 68) }
                        if let id = options.attachBTFID { attributes.set(id, at: 108) }
                        return call(.progLoad, &attributes)
                    }
                }
            }
            let text = String(decoding: log.prefix { $0 != 0 }, as: UTF8.self)
            return (result, text)
        }
        let (first, _) = attempt(logSize: 0)
        switch first {
        case .success(let fd): return OwnedFileDescriptor(adopting: CInt(fd))
        case .failure(let errno):
            let (second, log) = attempt(logSize: 16 << 20)
            if case .success(let fd) = second { return OwnedFileDescriptor(adopting: CInt(fd)) }
            throw ProgramLoadFailure(errno: errno, verifierLog: log)
        }
    }

    /// Attaches a raw tracepoint (or, with `name` nil, a tp_btf program to its `attach_btf_id`).
    /// The returned descriptor is the link: closing it detaches.
    ///
    /// The corresponding C call is `bpf(BPF_RAW_TRACEPOINT_OPEN, …)`.
    /// - Throws: `ENOENT` when no tracepoint has that name.
    public static func openRawTracepoint(name: String?, program: CInt) throws(Errno) -> OwnedFileDescriptor {
        let nameBytes = Array((name ?? "").utf8) + [0]
        let result: Result<Int, Errno> = nameBytes.withUnsafeBytes { bytes in
            var attributes = BPFAttributes()
            attributes.set(name == nil ? 0 : addressBits(bytes.baseAddress), at: 0)
            attributes.set(UInt32(bitPattern: program), at: 8)
            return call(.rawTracepointOpen, &attributes)
        }
        return OwnedFileDescriptor(adopting: CInt(try result.get()))
    }

    /// Creates a link from `program` to `target` (a perf event descriptor for `BPF_PERF_EVENT`).
    ///
    /// The corresponding C call is `bpf(BPF_LINK_CREATE, …)`.
    public static func createLink(
        program: CInt, target: CInt, attachType: BPFAttachType, targetBTFID: UInt32 = 0
    ) throws(Errno) -> OwnedFileDescriptor {
        var attributes = BPFAttributes()
        attributes.set(UInt32(bitPattern: program), at: 0)
        attributes.set(UInt32(bitPattern: target), at: 4)
        attributes.set(attachType.rawValue, at: 8)
        attributes.set(targetBTFID, at: 16)
        return OwnedFileDescriptor(adopting: CInt(try call(.linkCreate, &attributes).get()))
    }

    /// The id of the next loaded program after `id` (0 starts), or nil after the last.
    ///
    /// The corresponding C call is `bpf(BPF_PROG_GET_NEXT_ID, …)`.
    public static func nextProgramID(after id: UInt32) throws(Errno) -> UInt32? {
        var attributes = BPFAttributes()
        attributes.set(id, at: 0)
        switch call(.progGetNextID, &attributes) {
        case .success: return attributes.uint32(at: 4)
        case .failure(let errno) where errno == .noSuchFileOrDirectory: return nil
        case .failure(let errno): throw errno
        }
    }

    /// A descriptor for the loaded program with `id`.
    ///
    /// The corresponding C call is `bpf(BPF_PROG_GET_FD_BY_ID, …)`.
    /// - Throws: `ENOENT` when the program went away meanwhile.
    public static func programDescriptor(id: UInt32) throws(Errno) -> OwnedFileDescriptor {
        var attributes = BPFAttributes()
        attributes.set(id, at: 0)
        return OwnedFileDescriptor(adopting: CInt(try call(.progGetFDByID, &attributes).get()))
    }

    /// Type, id, name and translated instructions of a loaded program.
    ///
    /// The corresponding C call is `bpf(BPF_OBJ_GET_INFO_BY_FD, …)` on a `struct bpf_prog_info`, twice: once for
    /// the sizes, once with a buffer for the instructions.
    /// The counters of a loaded program (`run_time_ns`, `run_cnt`, `recursion_misses` of `struct bpf_prog_info`,
    /// at offsets 192, 200 and 208 since 5.12), without fetching its instructions.
    ///
    /// The corresponding C call is `bpf(BPF_OBJ_GET_INFO_BY_FD, …)`.
    public static func programStatistics(program: CInt) throws(Errno) -> BPFProgramStatistics {
        var info = [UInt8](repeating: 0, count: 232)
        let result: Result<Int, Errno> = info.withUnsafeMutableBytes { infoBytes in
            var attributes = BPFAttributes()
            attributes.set(UInt32(bitPattern: program), at: 0)
            attributes.set(UInt32(infoBytes.count), at: 4)
            attributes.set(addressBits(infoBytes.baseAddress), at: 8)
            return call(.objGetInfoByFD, &attributes)
        }
        _ = try result.get()
        func uint64(_ offset: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(info[offset + $1]) << (8 * $1) } }
        return BPFProgramStatistics(runTimeNanoseconds: uint64(192), runCount: uint64(200), recursionMisses: uint64(208))
    }

    public static func programInfo(program: CInt) throws(Errno) -> BPFProgramInfo {
        func fetch(instructionCapacity: Int) -> Result<([UInt8], [UInt8]), Errno> {
            var info = [UInt8](repeating: 0, count: 232)  // sizeof(struct bpf_prog_info) in 6.1
            var code = [UInt8](repeating: 0, count: instructionCapacity)
            let result: Result<Int, Errno> = code.withUnsafeMutableBytes { codeBytes in
                if instructionCapacity > 0 {
                    let address = addressBits(codeBytes.baseAddress)
                    for index in 0..<8 { info[32 + index] = UInt8(truncatingIfNeeded: address >> (8 * index)) }
                    for index in 0..<4 { info[20 + index] = UInt8(truncatingIfNeeded: instructionCapacity >> (8 * index)) }
                }
                return info.withUnsafeMutableBytes { infoBytes in
                    var attributes = BPFAttributes()
                    attributes.set(UInt32(bitPattern: program), at: 0)
                    attributes.set(UInt32(infoBytes.count), at: 4)
                    attributes.set(addressBits(infoBytes.baseAddress), at: 8)
                    return call(.objGetInfoByFD, &attributes)
                }
            }
            return result.map { _ in (info, code) }
        }
        func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
        }
        let (sizes, _) = try fetch(instructionCapacity: 0).get()
        let length = Int(uint32(sizes, 20))
        let (info, code) = try fetch(instructionCapacity: length).get()
        let name = String(decoding: info[64..<80].prefix { $0 != 0 }, as: UTF8.self)
        return BPFProgramInfo(
            type: BPFProgramType(rawValue: uint32(info, 0)), id: uint32(info, 4), name: name,
            translatedInstructions: Array(code.prefix(Int(uint32(info, 20)))))
    }
}
