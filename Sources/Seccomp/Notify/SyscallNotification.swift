public import LinuxSystem
public import SyscallTables
public import SystemPackage

/// A syscall of the supervised program, stopped in the kernel until the supervisor decides about it.
///
/// Answer every notification exactly once (`respond`); the calling thread sleeps until then. If the supervisor
/// stops or dies first, the call fails with `ENOSYS`.
///
/// ## Reading the target's memory
/// `readString` and `readBytes` read through the caller's pid and then check with `SECCOMP_IOCTL_NOTIF_ID_VALID`
/// that the call is still pending, because a dead caller's pid can be reused by an unrelated process whose memory
/// would otherwise be read. That check does not make the data stable: until the call is answered, other threads
/// of the target can change the memory, and with `.continue` the kernel reads the arguments again when the call
/// runs. Decide on what was read only with answers that do not run the call (`.fail`, `.return`, emulation).
public struct SyscallNotification: Sendable, Hashable {
    /// The kernel's cookie for this call.
    public let id: UInt64
    /// The thread that made the call.
    public let thread: ProcessID
    /// The calling ABI, nil for one syshook has no table for.
    public let architecture: Architecture?
    /// The syscall number in `architecture`'s numbering.
    public let syscallNumber: Int
    /// The six raw argument registers.
    public let arguments: [UInt64]
    /// The address of the instruction after the syscall instruction, in the caller.
    public let instructionPointer: UInt64
    let listener: SeccompListener

    init(_ raw: SeccompNotification, listener: SeccompListener) {
        id = raw.id
        thread = raw.thread
        architecture = Architecture(auditArch: raw.auditArch)
        syscallNumber = Int(raw.syscallNumber)
        arguments = raw.arguments
        instructionPointer = raw.instructionPointer
        self.listener = listener
    }

    /// The syscall's name in its architecture's table, if known.
    public var syscallName: String? {
        guard let architecture else { return nil }
        return SyscallTable.forArchitecture(architecture).entry(number: syscallNumber)?.name
    }

    /// Whether the call is still waiting for an answer (the caller was neither killed nor interrupted).
    public var isPending: Bool { listener.isValid(id) }

    /// Reads `count` bytes at `address` in the caller, then checks the call is still pending.
    /// - Throws: `NotifyError.Code.unreadableMemory` for an unmapped address (a short read past the end of a
    ///   mapping returns what was readable); `.notificationGone` when the call is no longer pending.
    public func readBytes(at address: UInt64, count: Int) throws(NotifyError) -> [UInt8] {
        let bytes = ProcessMemory(pid: thread).read(address, count: count)
        try checkPending()
        guard let bytes else {
            let location = "0x" + String(address, radix: 16)
            throw NotifyError(.unreadableMemory, message: "cannot read \(count) bytes at \(location)")
        }
        return bytes
    }

    /// Reads the NUL-terminated string argument at index `argument` (0-based), then checks the call is still
    /// pending. Bytes that are not UTF-8 are replaced with U+FFFD.
    /// - Throws: as `readBytes`; `.unreadableMemory` as well when no NUL appears within `limit` bytes.
    public func readString(argument: Int, limit: Int = 4096) throws(NotifyError) -> String {
        precondition(arguments.indices.contains(argument), "a syscall has six arguments")
        let address = arguments[argument]
        let read = ProcessMemory(pid: thread).readCString(address, limit: limit)
        try checkPending()
        guard let read, !read.truncated else {
            let location = "0x" + String(address, radix: 16)
            throw NotifyError(.unreadableMemory, message: "no string within \(limit) bytes at \(location)")
        }
        return String(decoding: read.bytes, as: UTF8.self)
    }

    /// Answers the call.
    ///
    /// For `.returnDescriptor` the descriptor is installed into the caller and then closed here, whether or not
    /// the installation worked.
    /// - Throws: `.notificationGone` when the caller is no longer waiting (nothing happened to it);
    ///   `.kernel` for other failures, for example `EMFILE` when the target has no free descriptor.
    public func respond(_ decision: NotifyDecision) throws(NotifyError) {
        let result: Result<Void, Errno>
        switch decision {
        case .continue: result = Result { () throws(Errno) in try listener.reply(.continue, to: id) }
        case .fail(let errno): result = Result { () throws(Errno) in try listener.reply(.error(errno), to: id) }
        case .return(let value): result = Result { () throws(Errno) in try listener.reply(.value(value), to: id) }
        case .returnDescriptor(let descriptor, let closeOnExec):
            result = Result { () throws(Errno) in
                try listener.installDescriptor(descriptor.rawValue, into: id, asReply: true, closeOnExec: closeOnExec)
            }.map { _ in () }
            try? descriptor.close()
        }
        switch result {
        case .success: return
        case .failure(.noSuchFileOrDirectory):
            throw NotifyError(
                .notificationGone, underlying: .noSuchFileOrDirectory, message: "notification \(id) is no longer pending")
        case .failure(.badFileDescriptor):
            // The listener was closed (stop(), or every target exited): the kernel already failed the call.
            throw NotifyError(
                .notificationGone, underlying: .badFileDescriptor, message: "the listener of notification \(id) is closed")
        case .failure(let errno):
            throw NotifyError(.kernel, underlying: errno, message: "cannot answer notification \(id)")
        }
    }

    /// Installs a copy of `descriptor` (a descriptor of this process) into the caller without answering the
    /// call, for example before `.continue` so the call finds it, or to hand over several descriptors. This
    /// process keeps its own copy.
    ///
    /// The corresponding C call is `ioctl(listener, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd)` without
    /// `SECCOMP_ADDFD_FLAG_SEND`.
    /// - Parameter number: the descriptor number to use in the caller, replacing whatever is there as dup2(2)
    ///   does (`SECCOMP_ADDFD_FLAG_SETFD`); nil for the lowest free one.
    /// - Returns: the descriptor number in the caller.
    /// - Throws: `.notificationGone` when the caller is no longer waiting; `.kernel` for other failures (for
    ///   example `EMFILE`).
    @discardableResult
    public func installDescriptor(
        _ descriptor: FileDescriptor, at number: Int32? = nil, closeOnExec: Bool
    ) throws(NotifyError) -> Int32 {
        do throws(Errno) {
            return try listener.installDescriptor(
                descriptor.rawValue, into: id, asReply: false, closeOnExec: closeOnExec, targetNumber: number)
        } catch where error == .noSuchFileOrDirectory || error == .badFileDescriptor {
            throw NotifyError(.notificationGone, underlying: error, message: "notification \(id) is no longer pending")
        } catch {
            throw NotifyError(.kernel, underlying: error, message: "cannot install a descriptor for notification \(id)")
        }
    }

    private func checkPending() throws(NotifyError) {
        guard listener.isValid(id) else {
            throw NotifyError(
                .notificationGone, message: "notification \(id) is no longer pending; what was read is stale")
        }
    }

    public static func == (lhs: SyscallNotification, rhs: SyscallNotification) -> Bool {
        lhs.id == rhs.id && lhs.listener === rhs.listener
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
