import LinuxSystem
import SyscallTables
import SystemPackage

/// Emulated opens: the supervisor opens a different file than the one the target named and installs it into
/// the target (`SECCOMP_IOCTL_NOTIF_ADDFD` with `SECCOMP_ADDFD_FLAG_SEND`), so the target's open returns it.
///
/// The path is read from the target, made absolute (against the target's working directory or the directory
/// of its dirfd) and normalized lexically; symbolic links are not followed. The open runs with the
/// supervisor's credentials, not the target's. Paths that are not redirected open normally (`.continue`),
/// which is not a security boundary: see `NotifyDecision.continue`.
enum OpenRedirect {
    /// The decision for an open-family call given `redirects` (normalized old → new paths).
    static func decide(_ call: SyscallNotification, redirects: [String: String]) -> NotifyDecision {
        guard let request = try? OpenRequest(call), let target = redirects[request.path] else { return .continue }
        do throws(Errno) {
            let descriptor = try NotifyEmulation.open(target, flags: request.flags, mode: request.mode)
            return .returnDescriptor(descriptor, closeOnExec: request.flags & NotifyEmulation.closeOnExecFlag != 0)
        } catch {
            return .fail(error)
        }
    }

    /// `path` made absolute against `/` and without `.`, `..` and repeated slashes.
    static func normalize(_ path: String, relativeTo base: String = "/") -> String {
        let full = path.hasPrefix("/") ? path : base + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}

/// The path, flags and mode of an open-family call, read from the target.
struct OpenRequest {
    let path: String
    let flags: Int32
    let mode: UInt32

    /// Reads the call's arguments; the id is checked after every read (`SyscallNotification.readString`).
    /// - Throws: `NotifyError` when memory cannot be read or the call is gone; also for a call that is not an
    ///   open or an openat2 with RESOLVE_* flags, which a plain open cannot honour.
    init(_ call: SyscallNotification) throws(NotifyError) {
        let args = call.arguments
        var directory: Int32 = NotifyEmulation.currentDirectoryDescriptor
        let raw: String
        switch call.syscallName {
        case "open":
            raw = try call.readString(argument: 0)
            flags = Int32(truncatingIfNeeded: args[1])
            mode = UInt32(truncatingIfNeeded: args[2])
        case "creat":
            raw = try call.readString(argument: 0)
            flags = NotifyEmulation.creatFlags
            mode = UInt32(truncatingIfNeeded: args[1])
        case "openat":
            directory = Int32(truncatingIfNeeded: args[0])
            raw = try call.readString(argument: 1)
            flags = Int32(truncatingIfNeeded: args[2])
            mode = UInt32(truncatingIfNeeded: args[3])
        case "openat2":
            directory = Int32(truncatingIfNeeded: args[0])
            raw = try call.readString(argument: 1)
            // struct open_how { u64 flags; u64 mode; u64 resolve; }
            let how = try call.readBytes(at: args[2], count: 24)
            guard how.count == 24 else { throw NotifyError(.unreadableMemory, message: "short struct open_how") }
            func field(_ index: Int) -> UInt64 {
                (0..<8).reduce(UInt64(0)) { $0 | UInt64(how[index * 8 + $1]) << (8 * UInt64($1)) }
            }
            guard field(2) == 0 else { throw NotifyError(.unreadableMemory, message: "openat2 with RESOLVE_ flags") }
            flags = Int32(truncatingIfNeeded: field(0))
            mode = UInt32(truncatingIfNeeded: field(1))
        default:
            throw NotifyError(.unreadableMemory, message: "not an open call")
        }
        let base: String?
        if raw.hasPrefix("/") {
            base = "/"
        } else if directory == NotifyEmulation.currentDirectoryDescriptor {
            base = NotifyEmulation.workingDirectory(of: call.thread)
        } else {
            base = NotifyEmulation.path(ofDescriptor: directory, in: call.thread)
        }
        guard let base, call.isPending else {
            throw NotifyError(.notificationGone, message: "cannot resolve the path of notification \(call.id)")
        }
        path = OpenRedirect.normalize(raw, relativeTo: base)
    }
}
