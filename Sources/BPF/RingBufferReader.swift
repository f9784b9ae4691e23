import LinuxSystem
import Synchronization

/// Reads the records a BPF ring buffer map receives, on its own thread, as an `AsyncSequence` of byte arrays.
///
/// The consume loop follows the kernel's protocol (shared/notes.md c.7): load the producer position (acquire);
/// for each record header up to it, stop at a record still marked busy (reserved, not yet committed), skip
/// discarded ones, deliver the rest, then publish the new consumer position (release). The thread sleeps in
/// epoll until the kernel signals new data, with a timeout as a safety net for suppressed wake-ups.
public final class RingBufferReader: Sendable {
    /// `BPF_RINGBUF_BUSY_BIT`: the producer has reserved the record but not committed it yet.
    static let busyBit: UInt32 = 1 << 31
    /// `BPF_RINGBUF_DISCARD_BIT`: the producer discarded the record; skip it.
    static let discardBit: UInt32 = 1 << 30
    /// `BPF_RINGBUF_HDR_SZ`.
    static let headerSize: UInt64 = 8

    private let mapping: Mutex<RingBufferMapping>
    private let poll: EventPoll
    private let stopped = Atomic<Bool>(false)
    /// The records, in the order the kernel committed their reservations.
    public let records: AsyncStream<[UInt8]>
    private let continuation: AsyncStream<[UInt8]>.Continuation

    /// Maps `map` (a `.ringBuffer` map) and prepares the wake-up; call `start()` to begin reading.
    public init(map: Map) throws(BPFError) {
        do {
            mapping = Mutex(try RingBufferMapping(descriptor: map.fileDescriptor, size: map.maxEntries))
            poll = try EventPoll()
            try poll.add(map.fileDescriptor)
        } catch {
            throw BPFError(.ringBuffer, object: map.name, underlying: error)
        }
        (records, continuation) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .unbounded)
    }

    /// Starts the reader thread. Records flow into `records` until `stop()`, or, when `onRecord` is given, to
    /// it on the reader thread (one hop less for consumers that decode records anyway). `onBatchEnd` runs on
    /// the reader thread after each batch of at most `batchLimit` records, once the space they took has been
    /// handed back to the kernel: the place to flush what the batch produced.
    public func start(
        pollTimeoutMilliseconds: Int32 = 100, batchLimit: Int = 4096, onRecord: (@Sendable ([UInt8]) -> Void)? = nil,
        onBatchEnd: (@Sendable () -> Void)? = nil
    ) {
        OSThread.start(name: "syshook-ringbuf") { [self] in
            let stream = continuation
            let deliver: ([UInt8]) -> Void = onRecord ?? { stream.yield($0) }
            while !stopped.load(ordering: .acquiring) {
                while drain(limit: batchLimit, deliver) > 0 { onBatchEnd?() }
                _ = try? poll.wait(timeoutMilliseconds: pollTimeoutMilliseconds)
            }
            // Whatever was committed before the stop still counts.
            while drain(limit: batchLimit, deliver) > 0 { onBatchEnd?() }
            continuation.finish()
        }
    }

    /// Ends the reader thread after a final drain; `records` then finishes.
    public func stop() {
        stopped.store(true, ordering: .releasing)
        poll.wake()
    }

    /// Delivers the committed records now in the buffer, at most `limit` of them, to `body`, returning how many
    /// were delivered. The consumer position is published once, after the last of them (`body` must copy what
    /// it keeps: the kernel may reuse the space after that). Safe to call without `start()` (tests, synchronous
    /// use); not concurrently with a running reader thread.
    @discardableResult
    public func drain(limit: Int = .max, _ body: ([UInt8]) -> Void) -> Int {
        mapping.withLock { mapping in
            var delivered = 0
            let start = mapping.consumerPosition
            var consumer = start
            var producer = mapping.producerPosition
            while consumer < producer && delivered < limit {
                while consumer < producer && delivered < limit {
                    let length = mapping.headerLength(at: consumer)
                    if length & Self.busyBit != 0 { break }
                    let size = UInt64(length & ~(Self.busyBit | Self.discardBit))
                    let step = (size + Self.headerSize + 7) & ~7
                    if length & Self.discardBit == 0 {
                        body(mapping.bytes(at: consumer + Self.headerSize, count: Int(size)))
                        delivered += 1
                    }
                    consumer += step
                }
                if delivered >= limit { break }
                // Stopped at a busy record: wait for the producer to commit it (it is between reserve and submit,
                // a few instructions) rather than losing the order.
                if consumer < producer, mapping.headerLength(at: consumer) & Self.busyBit != 0 {
                    if stopped.load(ordering: .acquiring) { break }
                    continue
                }
                producer = mapping.producerPosition
            }
            if consumer != start { mapping.setConsumerPosition(consumer) }
            return delivered
        }
    }
}
