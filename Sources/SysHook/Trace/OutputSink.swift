#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A buffered writer to a file descriptor. The tracer writes a line per syscall; one write(2) per line would
/// double the cost of a traced call, so lines collect here and go out when the buffer fills, when the engine is
/// about to block (so an interactive user sees a call that blocks), and at exit.
public final class OutputSink {
    public let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private let limit = 64 * 1024
    /// Line-at-a-time output for terminals, as stdio does.
    private let lineBuffered: Bool

    public init(fd: Int32, ownsDescriptor: Bool = false) {
        self.fd = fd
        self.ownsDescriptor = ownsDescriptor
        self.lineBuffered = isatty(fd) != 0
        buffer.reserveCapacity(limit)
    }

    /// Opens `path` for writing, truncating it (`-o FILE`) or appending to it (`-A`).
    public convenience init?(path: String, append: Bool = false) {
        let fd = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC) | O_CLOEXEC, 0o666)
        guard fd >= 0 else { return nil }
        self.init(fd: fd, ownsDescriptor: true)
    }

    public func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= limit || (lineBuffered && text.utf8.last == 10) { flush() }
    }

    /// Writes UTF-8 bytes (a batch rendered byte by byte, as `watch` does: no String in between).
    public func write(bytes: [UInt8]) {
        if buffer.isEmpty && bytes.count >= limit {
            write(all: bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit || (lineBuffered && bytes.last == 10) { flush() }
    }

    public func flush() {
        write(all: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func write(all bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                break
            }
            offset += written
        }
    }

    deinit {
        flush()
        if ownsDescriptor { close(fd) }
    }
}
