import CSysHook
package import SystemPackage

/// The one EINTR loop of the package: calls `body` until it does not fail with EINTR.
///
/// `body` returns the raw C result; -1 (or any negative value for raw syscalls) means failure with
/// `errno` set.
@inline(__always)
package func valueOrErrno<I: FixedWidthInteger>(
    retryOnInterrupt: Bool = true, _ body: () -> I
) -> Result<I, Errno> {
    while true {
        let result = body()
        if result >= 0 { return .success(result) }
        let code = sh_errno()
        if retryOnInterrupt && code == EINTR { continue }
        return .failure(Errno(rawValue: code))
    }
}

/// Like `valueOrErrno` for calls whose success value is unused.
@inline(__always)
package func nothingOrErrno<I: FixedWidthInteger>(
    retryOnInterrupt: Bool = true, _ body: () -> I
) -> Result<Void, Errno> {
    valueOrErrno(retryOnInterrupt: retryOnInterrupt, body).map { _ in () }
}

/// The current thread's errno.
package var system_errno: CInt { sh_errno() }
