import CSysHook
public import SystemPackage

/// Perf events that carry BPF programs: classic tracepoints.
public enum PerfEvent {
    /// Opens tracepoint `id` for every process on `cpu` (one event is enough for a BPF program: the program
    /// array belongs to the tracepoint and runs on every CPU).
    ///
    /// The corresponding C call is `perf_event_open(&{type = PERF_TYPE_TRACEPOINT, config = id}, -1, cpu, -1,
    /// PERF_FLAG_FD_CLOEXEC)`.
    /// - Throws: `EACCES`/`EPERM` without CAP_PERFMON; `ENOENT` for an unknown id.
    public static func openTracepoint(id: UInt64, cpu: Int32 = 0) throws(Errno) -> OwnedFileDescriptor {
        var attributes = perf_event_attr()
        attributes.type = UInt32(PERF_TYPE_TRACEPOINT.rawValue)
        attributes.size = UInt32(MemoryLayout<perf_event_attr>.size)
        attributes.config = id
        attributes.sample_period = 1
        attributes.wakeup_events = 1
        let fd = try valueOrErrno {
            withUnsafeMutableBytes(of: &attributes) { bytes in
                system_perfEventOpen(bytes.baseAddress!, -1, cpu, -1, CUnsignedLong(PERF_FLAG_FD_CLOEXEC))
            }
        }.get()
        return OwnedFileDescriptor(adopting: CInt(fd))
    }

    /// Attaches a loaded program to a perf event (the pre-5.15 path; `BPF_LINK_CREATE` is preferred).
    ///
    /// The corresponding C call is `ioctl(event, PERF_EVENT_IOC_SET_BPF, program)`.
    public static func setProgram(event: CInt, program: CInt) throws(Errno) {
        try nothingOrErrno {
            system_ioctlInteger(event, sh_PERF_EVENT_IOC_SET_BPF, CUnsignedLong(program))
        }.get()
    }

    /// Starts counting, which is what makes an attached program run.
    ///
    /// The corresponding C call is `ioctl(event, PERF_EVENT_IOC_ENABLE, 0)`.
    public static func enable(event: CInt) throws(Errno) {
        try nothingOrErrno { system_ioctlInteger(event, sh_PERF_EVENT_IOC_ENABLE, 0) }.get()
    }
}
