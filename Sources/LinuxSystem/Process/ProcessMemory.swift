import CSysHook
#if canImport(Glibc)
import Glibc
#endif

/// Reads and writes another process's memory with process_vm_readv/writev (one syscall per read, no ptrace
/// round trip per word). Works for any process this one may ptrace.
public struct ProcessMemory: Sendable {
    public let pid: ProcessID

    public init(pid: ProcessID) { self.pid = pid }

    /// Up to `count` bytes at `address`; nil when nothing there is readable. A read that crosses into an unmapped
    /// page returns the readable prefix (process_vm_readv reports a partial transfer).
    public func read(_ address: UInt64, count: Int) -> [UInt8]? {
        guard count > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        let got = buffer.withUnsafeMutableBytes { bytes -> Int in
            var local = iovec(iov_base: bytes.baseAddress, iov_len: count)
            var remote = iovec(iov_base: UnsafeMutableRawPointer(bitPattern: UInt(address)), iov_len: count)
            return system_process_vm_readv(pid.rawValue, &local, 1, &remote, 1)
        }
        if got <= 0 {
            // A range that starts readable but crosses a bad page fails as a whole when the first page is the
            // bad one; otherwise retry page by page so a string near the end of a mapping is still read.
            return got == 0 ? [] : readByPages(address, count: count)
        }
        if got < count { buffer.removeSubrange(got...) }
        return buffer
    }

    private func readByPages(_ address: UInt64, count: Int) -> [UInt8]? {
        let page: UInt64 = 4096
        let firstChunk = Int(min(UInt64(count), page - (address % page)))
        guard firstChunk < count else { return nil }
        var result: [UInt8] = []
        var cursor = address
        var remaining = count
        var chunk = firstChunk
        while remaining > 0 {
            var buffer = [UInt8](repeating: 0, count: chunk)
            let got = buffer.withUnsafeMutableBytes { bytes -> Int in
                var local = iovec(iov_base: bytes.baseAddress, iov_len: chunk)
                var remote = iovec(iov_base: UnsafeMutableRawPointer(bitPattern: UInt(cursor)), iov_len: chunk)
                return system_process_vm_readv(pid.rawValue, &local, 1, &remote, 1)
            }
            if got <= 0 { break }
            result.append(contentsOf: buffer[..<got])
            if got < chunk { break }
            cursor += UInt64(chunk)
            remaining -= chunk
            chunk = min(remaining, Int(page))
        }
        return result.isEmpty ? nil : result
    }

    /// The bytes of the NUL-terminated string at `address`, at most `limit` bytes; `truncated` when no NUL was
    /// found within `limit`. Reads in page-bounded chunks so a string at the end of a mapping is still found.
    public func readCString(_ address: UInt64, limit: Int) -> (bytes: [UInt8], truncated: Bool)? {
        var collected: [UInt8] = []
        var cursor = address
        let page: UInt64 = 4096
        while collected.count < limit {
            let chunk = Int(min(UInt64(limit - collected.count), page - (cursor % page)))
            guard let bytes = read(cursor, count: chunk), !bytes.isEmpty else {
                return collected.isEmpty ? nil : (collected, true)
            }
            if let nul = bytes.firstIndex(of: 0) {
                collected.append(contentsOf: bytes[..<nul])
                return (collected, false)
            }
            collected.append(contentsOf: bytes)
            if bytes.count < chunk { return (collected, true) }
            cursor += UInt64(chunk)
        }
        return (collected, true)
    }

    /// Writes `bytes` at `address`; returns the number of bytes written.
    public func write(_ bytes: [UInt8], at address: UInt64) -> Int {
        var copy = bytes
        return copy.withUnsafeMutableBytes { buffer -> Int in
            var local = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
            var remote = iovec(iov_base: UnsafeMutableRawPointer(bitPattern: UInt(address)), iov_len: buffer.count)
            return system_process_vm_writev(pid.rawValue, &local, 1, &remote, 1)
        }
    }
}
