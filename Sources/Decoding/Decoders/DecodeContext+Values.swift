import LinuxSystem

/// The building blocks every decoder uses: descriptors, strings, paths, buffers, structs read from the tracee.
extension DecodeContext {
    /// Argument `index` as a descriptor (a C `int`), with its `-y` target.
    func descriptor(_ index: Int) -> DecodedValue {
        descriptorValue(int(index))
    }

    func descriptorValue(_ fd: Int32) -> DecodedValue {
        .descriptor(
            fd,
            options.decodeDescriptors > 0
                ? DescriptorLookup.target(pid: invocation.pid, fd: fd, details: options.decodeDescriptors > 1) : nil
        )
    }

    /// A `dirfd` argument: `AT_FDCWD` or a descriptor.
    func directoryDescriptor(_ index: Int) -> DecodedValue {
        let fd = int(index)
        if fd == -100 {
            let value = DecodedValue.constant(ConstantValue(raw: -100, name: "AT_FDCWD", format: .decimal))
            if options.decodeDescriptors > 0, let cwd = DescriptorLookup.workingDirectory(pid: invocation.pid) {
                return .withTarget(value, cwd)
            }
            return value
        }
        return descriptorValue(fd)
    }

    /// A NUL-terminated string cut at `-s` (strace's `printstr`); the address when unreadable.
    func string(at address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        let limit = max(options.stringLimit, 0)
        guard let (bytes, truncated) = memory.readCString(address, limit: limit + 1) else { return .address(address) }
        if bytes.count > limit || truncated {
            return .string(StringValue(bytes: Array(bytes.prefix(limit)), truncated: true))
        }
        return .string(StringValue(bytes: bytes, truncated: false))
    }

    /// A path name (strace's `printpath`): printed whole up to PATH_MAX, whatever `-s` says.
    func path(at address: UInt64) -> DecodedValue {
        guard address != 0 else { return .address(0) }
        guard let (bytes, truncated) = memory.readCString(address, limit: 4096) else { return .address(address) }
        return .string(StringValue(bytes: Array(bytes.prefix(4095)), truncated: truncated || bytes.count > 4095))
    }

    /// A buffer of `count` bytes (strace's `printstrn`): at most `-s` bytes, then `...`.
    func buffer(at address: UInt64, count: UInt64) -> DecodedValue {
        guard address != 0 || count == 0 else { return .address(address) }
        let limit = UInt64(max(options.stringLimit, 0))
        let wanted = Int(min(count, limit))
        if wanted == 0 {
            if address == 0 { return .address(0) }
            return .string(StringValue(bytes: [], truncated: count > 0))
        }
        guard let bytes = memory.readExactly(address, count: wanted) else { return .address(address) }
        return .string(StringValue(bytes: bytes, truncated: count > limit))
    }

    /// `count` bytes at `address` read whole, or nil (strace then prints the address).
    func bytes(at address: UInt64, count: Int) -> [UInt8]? {
        memory.readExactly(address, count: count)
    }

    /// Whether the call failed (decoders of output arguments print the address then).
    static func failed(_ outcome: SyscallOutcome) -> Bool {
        switch outcome {
        case .returned(let value): return value < 0 && value >= -4095
        case .unknown: return true
        }
    }
}
