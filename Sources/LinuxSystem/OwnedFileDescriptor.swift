import CSysHook
public import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// A file descriptor this process owns; closed when the value goes away.
///
/// Kernel objects held through a descriptor (BPF programs and links, seccomp listeners, pidfds) are released
/// by the kernel when the last descriptor closes, so owning the descriptor is owning the object.
public struct OwnedFileDescriptor: ~Copyable, Sendable {
    public let rawValue: CInt

    public init(adopting rawValue: CInt) { self.rawValue = rawValue }

    /// Closes the descriptor and reports the error `deinit` would swallow.
    ///
    /// The corresponding C function is `close(2)`. EINTR is not retried: on Linux the descriptor is
    /// released even when close is interrupted.
    public consuming func close() throws(Errno) {
        let fd = rawValue
        discard self
        if system_close(fd) == -1 { throw Errno(rawValue: system_errno) }
    }

    /// Gives up ownership without closing.
    public consuming func release() -> CInt {
        let fd = rawValue
        discard self
        return fd
    }

    deinit { _ = system_close(rawValue) }
}

/// close(2): close a file descriptor.
internal func system_close(_ fd: CInt) -> CInt {
    Glibc.close(fd)
}
