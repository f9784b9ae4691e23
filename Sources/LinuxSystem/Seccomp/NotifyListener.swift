import CSysHook
public import SystemPackage
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The supervisor's end of a seccomp filter installed with `SECCOMP_FILTER_FLAG_NEW_LISTENER`: notifications are
/// received from it and answered through it.
///
/// Threading: one thread receives (`waitForEvent` then `receive`) and, when done, closes; any thread may reply,
/// check ids and install descriptors. Replies take a lock that `close` also takes, so a reply never reaches a
/// descriptor number that was closed and reused.
///
/// When the last descriptor of the listener closes (the supervisor closed it, exited or crashed), the kernel fails
/// every pending and future notified call of the target with `ENOSYS` (seccomp_unotify(2)): a dead supervisor
/// never leaves its target hung.
public final class SeccompListener: Sendable {
    /// The listener descriptor, or -1 once closed.
    private let descriptor: Mutex<CInt>
    /// A socket pair whose first end `waitForEvent` polls; writing to the second end wakes it (`requestStop`).
    private let wakeRead: CInt
    private let wakeWrite: CInt
    private let sizes: SeccompNotificationSizes

    /// What `waitForEvent` saw.
    public enum Event: Sendable, Equatable {
        /// A notification is ready to `receive`.
        case notification
        /// No process uses the filter any more: the target and all its descendants exited.
        case hangup
        /// `requestStop` was called.
        case stopRequested
    }

    /// Takes ownership of a listener descriptor.
    /// - Throws: the errno of `SECCOMP_GET_NOTIF_SIZES` or of creating the wake-up socket pair.
    public init(adopting listener: consuming OwnedFileDescriptor) throws(Errno) {
        sizes = try Self.kernelSizes()
        var pair: [CInt] = [-1, -1]
        try nothingOrErrno { pair.withUnsafeMutableBufferPointer { system_notifySocketPair($0.baseAddress!) } }.get()
        wakeRead = pair[0]
        wakeWrite = pair[1]
        descriptor = Mutex(listener.release())
    }

    deinit {
        let fd = descriptor.withLock { $0 }
        if fd >= 0 { _ = system_close(fd) }
        _ = system_close(wakeRead)
        _ = system_close(wakeWrite)
    }

    /// Installs `filter` on the calling thread and returns the listener for its notifications: another thread
    /// of this process (or another process the descriptor is passed to) then answers them.
    ///
    /// The filter applies to the calling thread and to threads and processes it creates afterwards; it is never
    /// removed. To supervise another program, start it with `NotifySpawner.spawn` instead.
    /// The corresponding C call is `seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog)`;
    /// no_new_privs is set first only when the kernel demands it (EACCES without CAP_SYS_ADMIN).
    /// - Parameter filter: the encoded `struct sock_filter` array.
    /// - Throws: `Errno.invalidArgument` for a program the kernel rejects; `Errno.resourceBusy` when the thread
    ///   already has a filter with a listener (one listener per filter chain).
    public static func installFilterOnCurrentThread(_ filter: [UInt8]) throws(Errno) -> SeccompListener {
        precondition(!filter.isEmpty && filter.count % 8 == 0, "a filter is a non-empty array of 8-byte instructions")
        var copy = filter
        let install = {
            copy.withUnsafeMutableBytes { bytes in
                var program = sock_fprog(
                    len: UInt16(bytes.count / 8), filter: bytes.baseAddress!.assumingMemoryBound(to: sock_filter.self))
                return valueOrErrno {
                    system_seccompNotify(CUnsignedInt(SECCOMP_SET_MODE_FILTER), NotifySpawner.newListenerFlag, &program)
                }
            }
        }
        var result = install()
        if case .failure(.permissionDenied) = result {
            // PR_SET_NO_NEW_PRIVS = 38
            try nothingOrErrno { sh_prctl(38, 1, 0, 0, 0) }.get()
            result = install()
        }
        let fd = try result.get()
        return try SeccompListener(adopting: OwnedFileDescriptor(adopting: CInt(fd)))
    }

    /// The sizes the running kernel uses for the notification structures.
    ///
    /// The corresponding C call is `seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &sizes)`.
    public static func kernelSizes() throws(Errno) -> SeccompNotificationSizes {
        var raw = seccomp_notif_sizes()
        try nothingOrErrno { system_seccompNotify(CUnsignedInt(SECCOMP_GET_NOTIF_SIZES), 0, &raw) }.get()
        // Never allocate less than this program's own structures, whatever the kernel says.
        return SeccompNotificationSizes(
            notification: max(Int(raw.seccomp_notif), MemoryLayout<seccomp_notif>.size),
            response: max(Int(raw.seccomp_notif_resp), MemoryLayout<seccomp_notif_resp>.size),
            data: Int(raw.seccomp_data))
    }

    /// Blocks until a notification is ready, every user of the filter is gone, or `requestStop` is called.
    public func waitForEvent() throws(Errno) -> Event {
        let fd = descriptor.withLock { $0 }
        guard fd >= 0 else { return .stopRequested }
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        try nothingOrErrno { fds.withUnsafeMutableBufferPointer { system_notifyPoll($0.baseAddress!, 2, -1) } }.get()
        if fds[1].revents != 0 { return .stopRequested }
        if fds[0].revents & Int16(POLLIN) != 0 { return .notification }
        // POLLHUP: the filter has no users left; POLLERR/POLLNVAL would mean the descriptor is not a listener.
        return .hangup
    }

    /// Wakes the thread blocked in `waitForEvent` (from any thread); it then returns `.stopRequested` until the
    /// listener is closed.
    public func requestStop() {
        var byte: UInt8 = 1
        _ = system_notifyWrite(wakeWrite, &byte, 1)
    }

    /// Receives the next notification, blocking until there is one.
    ///
    /// The corresponding C call is `ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &notif)`; the buffer is zeroed first as
    /// the kernel requires.
    /// - Throws: `Errno.noSuchFileOrDirectory` (ENOENT) when the caller was killed before it could be received:
    ///   wait again.
    public func receive() throws(Errno) -> SeccompNotification {
        let fd = descriptor.withLock { $0 }
        guard fd >= 0 else { throw Errno.badFileDescriptor }
        var buffer = [UInt8](repeating: 0, count: sizes.notification)
        // Array's closure-taking methods rethrow untyped errors, so the typed error travels as a Result.
        let raw = buffer.withUnsafeMutableBytes { bytes -> Result<seccomp_notif, Errno> in
            nothingOrErrno { system_notifyIoctl(fd, sh_SECCOMP_IOCTL_NOTIF_RECV, bytes.baseAddress!) }
                .map { bytes.loadUnaligned(as: seccomp_notif.self) }
        }
        let notif = try raw.get()
        let args = notif.data.args
        return SeccompNotification(
            id: notif.id, thread: ProcessID(Int32(bitPattern: notif.pid)), syscallNumber: notif.data.nr,
            auditArch: notif.data.arch, instructionPointer: notif.data.instruction_pointer,
            arguments: [args.0, args.1, args.2, args.3, args.4, args.5])
    }

    /// Answers notification `id`.
    ///
    /// The corresponding C call is `ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp)`.
    /// - Throws: `Errno.noSuchFileOrDirectory` when the caller is gone (killed, or interrupted by a signal; an
    ///   interrupted call that restarts arrives again with a new id); `Errno.badFileDescriptor` after `close`.
    public func reply(_ reply: SeccompNotificationReply, to id: UInt64) throws(Errno) {
        var response = seccomp_notif_resp()
        response.id = id
        switch reply {
        case .continue: response.flags = UInt32(SECCOMP_USER_NOTIF_FLAG_CONTINUE)
        case .error(let errno): response.error = -errno.rawValue
        case .value(let value): response.val = value
        }
        var buffer = [UInt8](repeating: 0, count: sizes.response)
        buffer.withUnsafeMutableBytes { $0.storeBytes(of: response, as: seccomp_notif_resp.self) }
        try withDescriptorResult { fd in
            buffer.withUnsafeMutableBytes { bytes in
                nothingOrErrno { system_notifyIoctl(fd, sh_SECCOMP_IOCTL_NOTIF_SEND, bytes.baseAddress!) }
            }
        }.get()
    }

    /// Whether notification `id` is still pending: the caller has not died or been interrupted.
    ///
    /// Check it after reading the caller's memory and before acting on what was read: if the caller died in
    /// between, its pid (and the memory read through it) may already belong to another process.
    /// The corresponding C call is `ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id)`.
    public func isValid(_ id: UInt64) -> Bool {
        var cookie = id
        let result: Result<Void, Errno> = withDescriptorResult { fd in
            nothingOrErrno { system_notifyIoctl(fd, sh_SECCOMP_IOCTL_NOTIF_ID_VALID, &cookie) }
        }
        if case .success = result { return true }
        return false
    }

    /// Installs a copy of `source` (a descriptor of this process) into the caller of notification `id`.
    ///
    /// With `asReply`, the kernel also answers the notification atomically: the caller's syscall returns the new
    /// descriptor number (`SECCOMP_ADDFD_FLAG_SEND`, Linux 5.14), which is how an `open` is emulated.
    /// The corresponding C call is `ioctl(fd, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd)`.
    /// - Parameters:
    ///   - targetNumber: the descriptor number to use in the target (`SECCOMP_ADDFD_FLAG_SETFD`, replacing what
    ///     is there as dup2 does), or nil for the lowest free one.
    ///   - closeOnExec: set `O_CLOEXEC` on the new descriptor.
    /// - Returns: the descriptor number in the target.
    /// - Throws: `Errno.noSuchFileOrDirectory` when the caller is gone; `Errno.tooManyOpenFiles` (EMFILE) when the
    ///   target has no free descriptor.
    @discardableResult
    public func installDescriptor(
        _ source: CInt, into id: UInt64, asReply: Bool, closeOnExec: Bool, targetNumber: Int32? = nil
    ) throws(Errno) -> Int32 {
        var request = seccomp_notif_addfd()
        request.id = id
        request.srcfd = UInt32(bitPattern: source)
        if let targetNumber {
            request.flags |= UInt32(SECCOMP_ADDFD_FLAG_SETFD)
            request.newfd = UInt32(bitPattern: targetNumber)
        }
        if asReply { request.flags |= UInt32(SECCOMP_ADDFD_FLAG_SEND) }
        if closeOnExec { request.newfd_flags = UInt32(O_CLOEXEC) }
        return try withDescriptorResult { fd in
            valueOrErrno { system_notifyIoctl(fd, sh_SECCOMP_IOCTL_NOTIF_ADDFD, &request) }
        }.get()
    }

    /// Closes the listener. Pending notified calls of the target fail with `ENOSYS`, and so do later ones.
    /// Call it from the receiving thread (or when no thread waits in `waitForEvent` or `receive`).
    public func close() {
        descriptor.withLock { fd in
            if fd >= 0 { _ = system_close(fd) }
            fd = -1
        }
    }

    private func withDescriptorResult<R>(_ body: (CInt) -> Result<R, Errno>) -> Result<R, Errno> {
        descriptor.withLock { fd in fd >= 0 ? body(fd) : .failure(Errno.badFileDescriptor) }
    }
}
