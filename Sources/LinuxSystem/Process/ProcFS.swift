#if canImport(Glibc)
import Glibc
#endif

/// Small reads of /proc files.
public enum ProcFS {
    /// The whole content of a small text file, or nil when it cannot be read.
    public static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            collected.append(contentsOf: buffer[..<got])
        }
        return String(decoding: collected, as: UTF8.self)
    }

    /// The thread ids of process `pid` (/proc/PID/task), or nil when the process does not exist.
    public static func threads(of pid: ProcessID) -> [ProcessID]? {
        guard let directory = opendir("/proc/\(pid.rawValue)/task") else { return nil }
        defer { closedir(directory) }
        var result: [ProcessID] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if let tid = Int32(name) { result.append(ProcessID(tid)) }
        }
        return result.sorted()
    }

    /// The thread group (process) id of thread `tid`, from the `Tgid:` line of /proc/TID/status.
    public static func threadGroupID(of tid: ProcessID) -> ProcessID? {
        guard let status = read("/proc/\(tid.rawValue)/status") else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("Tgid:") {
            return Int32(line.dropFirst(5).filter { $0.isNumber }).map { ProcessID($0) }
        }
        return nil
    }

    /// The number of the syscall thread `tid` is blocked in (first field of /proc/PID/task/TID/syscall), if any.
    public static func blockedSyscall(of tid: ProcessID, in pid: ProcessID) -> Int? {
        guard let text = read("/proc/\(pid.rawValue)/task/\(tid.rawValue)/syscall"),
              let first = text.split(separator: " ").first else { return nil }
        return Int(first)
    }
}
