extension BTF {
    /// The location of a member path inside struct `structName`, e.g. `("task_struct", "real_parent")` or
    /// `("dentry", "d_name.name")`. Anonymous struct and union members are searched through, and typedefs and
    /// qualifiers are skipped, as a C compiler would.
    public func memberLocation(_ path: String, in structName: String) throws(BTFError) -> BTFMemberLocation {
        guard let root = type(named: structName, kind: .struct) ?? type(named: structName, kind: .union) else {
            throw .noSuchType(structName)
        }
        var current = root
        var byteOffset = 0
        var currentName = structName
        var location = BTFMemberLocation(byteOffset: 0, type: root, size: size(of: root))
        for component in path.split(separator: ".").map(String.init) {
            guard kind(of: resolved(current)) == .struct || kind(of: resolved(current)) == .union else {
                throw .notAStruct(currentName)
            }
            guard let (bits, type) = findMember(component, in: resolved(current)) else {
                throw .noSuchMember(component, in: currentName)
            }
            byteOffset += Int(bits / 8)
            location = BTFMemberLocation(byteOffset: byteOffset, type: type, size: size(of: type))
            current = type
            currentName = currentName + "." + component
        }
        return location
    }

    /// The byte offset of a member path (see `memberLocation`).
    public func offset(of path: String, in structName: String) throws(BTFError) -> Int {
        try memberLocation(path, in: structName).byteOffset
    }

    /// Depth-first search for a named member, descending into anonymous members; returns its bit offset from
    /// the start of `id`.
    private func findMember(_ name: String, in id: BTFTypeID) -> (UInt32, BTFTypeID)? {
        for member in members(of: id) {
            if member.name == name { return (member.bitOffset, member.type) }
            if member.name.isEmpty, let (bits, type) = findMember(name, in: resolved(member.type)) {
                return (member.bitOffset + bits, type)
            }
        }
        return nil
    }

    /// The id of typedef `btf_trace_<tracepoint>`: the `attach_btf_id` of a tp_btf program (libbpf's
    /// `BTF_TRACE_PREFIX`).
    public func tracepointTypeID(_ tracepoint: String) -> BTFTypeID? {
        type(named: "btf_trace_" + tracepoint, kind: .typedef)
    }

    /// The tracepoint's `TP_PROTO` parameters, in order (the leading `void *__data` is dropped): what a raw or
    /// tp_btf program finds in `ctx[0]`, `ctx[1]`, …
    public func tracepointParameters(_ tracepoint: String) -> [BTFParameter]? {
        guard let id = tracepointTypeID(tracepoint) else { return nil }
        return Array(parameters(of: referencedType(of: id)).dropFirst())
    }

    /// The id of kernel function `name` (`BTF_KIND_FUNC`), what fentry/fexit attach to.
    public func functionID(_ name: String) -> BTFTypeID? {
        type(named: name, kind: .function)
    }
}
