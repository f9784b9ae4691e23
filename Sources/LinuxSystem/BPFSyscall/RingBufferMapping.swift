import CSysHook
public import SystemPackage

/// The memory of a BPF ring buffer map, mapped as the kernel lays it out (shared/notes.md c.7):
/// a consumer page we may write (its first `unsigned long` is `consumer_pos`), then, read-only, a producer page
/// (`producer_pos`) followed by the data area mapped twice back to back, so a record never wraps.
///
/// Positions grow forever; `position & (size - 1)` indexes the data. Positions and headers are read with acquire
/// loads and the consumer position is published with a release store, pairing with the kernel's
/// `smp_store_release` in `bpf_ringbuf_commit`.
public struct RingBufferMapping: ~Copyable, @unchecked Sendable {
    // @unchecked: the mapping is owned by one reader at a time (it is ~Copyable); the kernel side is
    // synchronized through the acquire/release operations below.
    private let consumerPage: UnsafeMutableRawPointer
    private let producerPage: UnsafeMutableRawPointer
    private let pageSize: Int
    /// The size of the data area in bytes: a power of two.
    public let size: Int

    /// Maps the ring buffer map `descriptor` of `size` bytes.
    ///
    /// The corresponding C calls are `mmap(NULL, page, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0)` and
    /// `mmap(NULL, page + 2 * size, PROT_READ, MAP_SHARED, fd, page)`.
    public init(descriptor: CInt, size: Int) throws(Errno) {
        let page = system_pageSize()
        guard let consumer = system_mmap(page, PROT_READ | PROT_WRITE, descriptor, 0) else {
            throw Errno(rawValue: system_errno)
        }
        guard let producer = system_mmap(page + 2 * size, PROT_READ, descriptor, page) else {
            let error = Errno(rawValue: system_errno)
            _ = system_munmap(consumer, page)
            throw error
        }
        self.consumerPage = consumer
        self.producerPage = producer
        self.pageSize = page
        self.size = size
    }

    deinit {
        _ = system_munmap(consumerPage, pageSize)
        _ = system_munmap(producerPage, pageSize + 2 * size)
    }

    /// How far we have read (acquire load of `consumer_pos`).
    public var consumerPosition: UInt64 { UInt64(sh_load_acquire_ulong(consumerPage)) }

    /// How far the kernel has reserved (acquire load of `producer_pos`).
    public var producerPosition: UInt64 { UInt64(sh_load_acquire_ulong(producerPage)) }

    /// Publishes how far we have read, freeing the space (release store of `consumer_pos`).
    public func setConsumerPosition(_ position: UInt64) {
        sh_store_release_ulong(consumerPage, CUnsignedLong(position))
    }

    /// The 32-bit length word of the record header at `position` (acquire load; the busy and discard bits are
    /// its top two bits).
    public func headerLength(at position: UInt64) -> UInt32 {
        UInt32(sh_load_acquire_uint(dataAddress(position)))
    }

    /// Copies `count` bytes starting at `position` (which may run past the end of the first data mapping: the
    /// second mapping continues it).
    public func bytes(at position: UInt64, count: Int) -> [UInt8] {
        let start = UnsafeRawPointer(dataAddress(position))
        return Array(UnsafeRawBufferPointer(start: start, count: min(count, size)))
    }

    private func dataAddress(_ position: UInt64) -> UnsafeMutableRawPointer {
        producerPage + pageSize + Int(position & UInt64(size - 1))
    }
}
