public import SystemPackage

/// The tracing file system: where classic tracepoints publish their ids and record formats.
public enum TraceFS {
    /// The mount point used when tracefs is not mounted anywhere yet.
    public static let defaultMountPoint = "/sys/kernel/tracing"

    /// The directory tracefs is mounted at, mounting it at `/sys/kernel/tracing` when needed.
    ///
    /// The corresponding C call is `mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL)`.
    /// - Throws: `EPERM` without CAP_SYS_ADMIN when it must be mounted.
    public static func mountPoint() throws(Errno) -> String {
        for candidate in [defaultMountPoint, "/sys/kernel/debug/tracing"] {
            if (try? KernelFiles.read(candidate + "/events/header_page")) != nil { return candidate }
        }
        try nothingOrErrno(retryOnInterrupt: false) { system_mount("tracefs", defaultMountPoint, "tracefs") }.get()
        return defaultMountPoint
    }

    /// The id of tracepoint `group:name` (`events/<group>/<name>/id`), as `perf_event_open` takes it in `config`.
    /// - Throws: `ENOENT` when there is no such tracepoint.
    public static func tracepointID(group: String, name: String) throws(Errno) -> UInt64 {
        let root = try mountPoint()
        let text = try KernelFiles.readText("\(root)/events/\(group)/\(name)/id")
        guard let id = UInt64(text) else { throw Errno.invalidArgument }
        return id
    }

    /// The `format` file of a tracepoint: field names, offsets and sizes of its record.
    public static func tracepointFormat(group: String, name: String) throws(Errno) -> String {
        let root = try mountPoint()
        return try KernelFiles.readText("\(root)/events/\(group)/\(name)/format")
    }
}
