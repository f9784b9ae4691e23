public import SystemPackage

/// Small kernel text files (/proc, /sys, tracefs) read in one go.
public enum KernelFiles {
    /// The bytes of the file at `path`.
    ///
    /// The corresponding C calls are `open(2)` and `read(2)` until end of file.
    public static func read(_ path: String) throws(Errno) -> [UInt8] {
        try system_readWholeFile(path).get()
    }

    /// The file as text with trailing whitespace removed.
    public static func readText(_ path: String) throws(Errno) -> String {
        var text = String(decoding: try read(path), as: UTF8.self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }

    /// The number of possible CPUs (`/sys/devices/system/cpu/possible`, e.g. `0-1`): per-CPU maps return one
    /// value for each.
    public static func possibleCPUCount() -> Int {
        guard let text = try? readText("/sys/devices/system/cpu/possible") else { return 1 }
        var highest = 0
        for range in text.split(separator: ",") {
            let bounds = range.split(separator: "-").compactMap { Int($0) }
            highest = max(highest, bounds.last ?? 0)
        }
        return highest + 1
    }

    /// The page size (`sysconf(_SC_PAGESIZE)`).
    public static var pageSize: Int { system_pageSize() }

    /// The inode number of `path` (`stat(2)`'s `st_ino`).
    public static func inode(of path: String) throws(Errno) -> UInt64 {
        try system_inode(path).get()
    }

    /// This process's effective capability set (`CapEff` in /proc/self/status).
    public static func effectiveCapabilities() -> UInt64 {
        guard let status = try? readText("/proc/self/status") else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("CapEff:") {
            return UInt64(line.dropFirst(7).trimmingPrefix(while: { $0 == " " || $0 == "\t" }), radix: 16) ?? 0
        }
        return 0
    }
}
