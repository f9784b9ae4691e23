import LinuxSystem
import SyscallTables

/// One line describing a notified call for `notify-log`, in strace's shape: `[pid 123] openat(-100,
/// "/etc/hosts", 0x80000, 0)`. String arguments are read from the target; numbers print in decimal when small
/// and in hex otherwise. A call whose caller is already gone ends in ` <gone>`.
enum NotifyCallDescription {
    static func line(for call: SyscallNotification) -> String {
        let entry = call.architecture.flatMap { SyscallTable.forArchitecture($0).entry(number: call.syscallNumber) }
        let name = entry?.name ?? "syscall_\(call.syscallNumber)"
        let kinds = entry?.arguments ?? Array(repeating: ArgumentKind.hex, count: 6)
        var rendered: [String] = []
        var gone = false
        for (index, kind) in kinds.prefix(6).enumerated() {
            let value = call.arguments[index]
            switch kind {
            case .string:
                do throws(NotifyError) {
                    rendered.append(quoted(try call.readString(argument: index, limit: 256)))
                } catch {
                    if error.code == .notificationGone { gone = true }
                    rendered.append("0x" + String(value, radix: 16))
                }
            case .signed, .descriptor:
                rendered.append(String(Int32(truncatingIfNeeded: value)))
            case .unsigned:
                rendered.append(String(value))
            case .hex, .pointer:
                rendered.append(value == 0 ? "0" : "0x" + String(value, radix: 16))
            }
        }
        let suffix = gone ? " <gone>" : ""
        return "[pid \(call.thread)] \(name)(\(rendered.joined(separator: ", ")))\(suffix)"
    }

    /// A C-style string literal, escaping quotes, backslashes and control characters.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\x" + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
