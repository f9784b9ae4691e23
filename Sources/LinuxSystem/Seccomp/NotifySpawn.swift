import CSysHook
import SystemPackage
#if canImport(Glibc)
@preconcurrency import Glibc  // for the C global `environ`
#endif

/// A child started under a user-notification filter, with the supervisor's end of the filter.
public struct SpawnedSupervisedProcess: ~Copyable, Sendable {
    public let pid: ProcessID
    public let listener: SeccompListener
    /// The child's report pipe: `failure()` blocks until the child exec'd or failed.
    public let process: SpawnedProcess
    /// The parent's end of the socket the listener came through. It stays open until the child exec'd, so a
    /// child still in `sendmsg` never meets a closed socket (which would kill it with SIGPIPE).
    public let socket: OwnedFileDescriptor
    /// A notification already received while finding the listener (the child's own `sendmsg`, when that call is
    /// notified); the caller must answer it like any other.
    public let firstNotification: SeccompNotification?

    /// Blocks until the child exec'd (nil) or failed before exec (the failure), then closes the socket. Call it
    /// only while notifications are being answered: the child's `execve` may be a notified call.
    public consuming func waitUntilExecuted() -> SpawnFailure? {
        let failure = process.failure()
        _ = consume socket
        return failure
    }
}

/// Starting a program under a seccomp filter whose notifications this process receives.
public enum NotifySpawner {
    /// `SECCOMP_FILTER_FLAG_NEW_LISTENER`.
    public static let newListenerFlag: UInt32 = 1 << 3

    /// Spawns `request` with `filter` installed just before `execve` and returns the listener.
    ///
    /// The child creates the listener when it installs the filter and sends it over a socket pair before calling
    /// `execve`. That `execve` (and everything after it) may itself be a notified syscall, so the caller must be
    /// receiving notifications before it waits for `process.failure()` or for the child's exit; otherwise the
    /// child sleeps in `execve` forever. If the filter notifies `sendmsg`, the child blocks before it can send the
    /// listener; after `fallbackAfterMilliseconds` without a message the listener is taken from the child with
    /// pidfd_getfd(2) instead (found in /proc/PID/fd as `anon_inode:seccomp notify`).
    /// - Parameter filter: the encoded `struct sock_filter` array.
    /// - Throws: `Errno` when fork or the socket pair fails; `SpawnFailure` when the child failed before it could
    ///   send the listener (for example the kernel refused the filter).
    public static func spawn(
        _ request: SpawnRequest, filter: [UInt8], fallbackAfterMilliseconds: Int32 = 200
    ) throws -> SpawnedSupervisedProcess {
        var pair: [CInt] = [-1, -1]
        try nothingOrErrno { pair.withUnsafeMutableBufferPointer { system_notifySocketPair($0.baseAddress!) } }.get()
        let parentEnd = OwnedFileDescriptor(adopting: pair[0])
        let childEnd = OwnedFileDescriptor(adopting: pair[1])
        var request = request
        request.seccompFilter = filter
        request.seccompFlags = newListenerFlag
        request.listenerSocket = childEnd.rawValue
        let spawned = try Spawner.spawn(request)
        try childEnd.close()
        let pid = spawned.pid

        var listenerFD: CInt = -1
        var taken: (listener: SeccompListener, first: SeccompNotification)? = nil
        while listenerFD < 0 && taken == nil {
            var fds = [pollfd(fd: parentEnd.rawValue, events: Int16(POLLIN), revents: 0)]
            let ready = try valueOrErrno {
                fds.withUnsafeMutableBufferPointer { system_notifyPoll($0.baseAddress!, 1, fallbackAfterMilliseconds) }
            }.get()
            if ready == 0 {
                taken = takeListener(from: pid)
                continue
            }
            switch receiveDescriptor(parentEnd.rawValue) {
            case .success(let fd?):
                listenerFD = fd
            case .success(nil), .failure:
                // The child closed its end without sending: it failed before exec, and said why on its pipe.
                let failure = spawned.failure()
                _ = try? Wait.wait(pid, options: [])
                throw failure ?? SpawnFailure(stage: .sendListener, error: .brokenPipe)
            }
        }
        if let taken {
            return SpawnedSupervisedProcess(
                pid: pid, listener: taken.listener, process: spawned, socket: parentEnd, firstNotification: taken.first)
        }
        let listener = try SeccompListener(adopting: OwnedFileDescriptor(adopting: listenerFD))
        return SpawnedSupervisedProcess(
            pid: pid, listener: listener, process: spawned, socket: parentEnd, firstNotification: nil)
    }

    /// This process's environment as `NAME=value` strings (the C global `environ`).
    public static var currentEnvironment: [String] {
        var result: [String] = []
        let start: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        guard var cursor = start else { return result }
        while let entry = cursor.pointee {
            result.append(String(cString: entry))
            cursor += 1
        }
        return result
    }

    /// Receives one descriptor sent with SCM_RIGHTS; nil at end of file. The new descriptor is close-on-exec.
    private static func receiveDescriptor(_ socket: CInt) -> Result<CInt?, Errno> {
        var byte: UInt8 = 0
        // CMSG_SPACE(sizeof(int)): the header, padded to 8 bytes, plus one int padded to 8 bytes.
        let headerSize = MemoryLayout<cmsghdr>.size
        let controlSize = headerSize + 8
        var control = [UInt64](repeating: 0, count: controlSize / 8)
        return withUnsafeMutablePointer(to: &byte) { bytePointer in
            control.withUnsafeMutableBytes { controlBytes in
                var vector = iovec(iov_base: bytePointer, iov_len: 1)
                return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    var message = msghdr()
                    message.msg_iov = vectorPointer
                    message.msg_iovlen = 1
                    message.msg_control = controlBytes.baseAddress
                    message.msg_controllen = controlSize
                    let received = valueOrErrno { system_notifyRecvmsg(socket, &message, CInt(MSG_CMSG_CLOEXEC)) }
                    switch received {
                    case .failure(let error): return .failure(error)
                    case .success(0): return .success(nil)
                    case .success:
                        let header = controlBytes.load(as: cmsghdr.self)
                        guard Int(message.msg_controllen) >= headerSize + 4, header.cmsg_level == SOL_SOCKET,
                            header.cmsg_type == CInt(SCM_RIGHTS)
                        else { return .success(nil) }
                        return .success(controlBytes.load(fromByteOffset: headerSize, as: CInt.self))
                    }
                }
            }
        }
    }

    /// Duplicates the child's listener when the child cannot send it because it is blocked in a notified
    /// `sendmsg`, and receives that notification.
    ///
    /// Between fork and exec the child also holds copies of every listener this process had open when it
    /// forked (close-on-exec closes them only at exec). Copies of listeners still open here are told apart with
    /// kcmp(2). A listener this process closed after the fork cannot be told apart that way, so each remaining
    /// candidate is checked: the child's own listener has a pending notification from the child. A notification
    /// from anyone else on a listener this process already closed is answered with ENOSYS, which is what its
    /// caller gets once the last copy closes anyway.
    private static func takeListener(from pid: ProcessID) -> (listener: SeccompListener, first: SeccompNotification)? {
        guard case .success(let pidfd) = valueOrErrno({ system_notifyPidfdOpen(pid.rawValue) }) else { return nil }
        defer { _ = system_close(CInt(pidfd)) }
        let ours = seccompListeners(in: "self")
        let candidates = seccompListeners(in: String(pid.rawValue)).filter { theirs in
            !ours.contains { system_notifyKcmpFile(pid.rawValue, getpid(), theirs, $0) == 0 }
        }
        for number in candidates.sorted(by: >) {
            guard case .success(let fd) = valueOrErrno({ system_notifyPidfdGetfd(CInt(pidfd), number) }),
                let listener = try? SeccompListener(adopting: OwnedFileDescriptor(adopting: CInt(fd)))
            else { continue }
            var fds = [pollfd(fd: CInt(fd), events: Int16(POLLIN), revents: 0)]
            while (fds.withUnsafeMutableBufferPointer { system_notifyPoll($0.baseAddress!, 1, 0) }) > 0,
                fds[0].revents & Int16(POLLIN) != 0
            {
                guard let notification = try? listener.receive() else { break }
                if notification.thread == pid { return (listener, notification) }
                try? listener.reply(.error(.noFunction), to: notification.id)
                fds[0].revents = 0
            }
            listener.close()
        }
        return nil
    }

    /// The descriptor numbers that are seccomp listeners (`anon_inode:seccomp notify`) in /proc/PROCESS/fd.
    private static func seccompListeners(in process: String) -> [CInt] {
        guard let directory = opendir("/proc/\(process)/fd") else { return [] }
        defer { closedir(directory) }
        var result: [CInt] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let number = CInt(name) else { continue }
            var target = [CChar](repeating: 0, count: 128)
            let length = system_notifyReadlink("/proc/\(process)/fd/\(name)", &target, target.count - 1)
            guard length > 0 else { continue }
            let link = String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link == "anon_inode:seccomp notify" { result.append(number) }
        }
        return result
    }
}
