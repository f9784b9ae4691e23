public import SystemPackage

/// An epoll instance watching descriptors for readability, plus an eventfd that wakes it on request.
///
/// The ring buffer reader sleeps here: the kernel makes a ring buffer map readable when records arrive, and
/// `wake()` lets another thread end the wait (on stop) without a timeout.
public struct EventPoll: ~Copyable, Sendable {
    private let epoll: OwnedFileDescriptor
    private let waker: OwnedFileDescriptor

    /// The corresponding C calls are `epoll_create1(EPOLL_CLOEXEC)` and `eventfd(0, EFD_CLOEXEC|EFD_NONBLOCK)`.
    public init() throws(Errno) {
        let epoll = OwnedFileDescriptor(adopting: try valueOrErrno { system_epollCreate() }.get())
        let waker = OwnedFileDescriptor(adopting: try valueOrErrno { system_eventfd() }.get())
        try nothingOrErrno { system_epollAdd(epoll.rawValue, waker.rawValue) }.get()
        self.epoll = epoll
        self.waker = waker
    }

    /// Watches `descriptor` for readability (`epoll_ctl(EPOLL_CTL_ADD, EPOLLIN)`).
    public func add(_ descriptor: CInt) throws(Errno) {
        try nothingOrErrno { system_epollAdd(epoll.rawValue, descriptor) }.get()
    }

    /// Makes a current or the next `wait` return at once. Safe from any thread.
    public func wake() {
        _ = system_eventfdSignal(waker.rawValue)
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) and returns the ready descriptors, without the waker.
    /// `woken` is true when `wake()` was called.
    ///
    /// The corresponding C call is `epoll_wait(2)`; EINTR is retried.
    public func wait(timeoutMilliseconds: Int32) throws(Errno) -> (ready: [CInt], woken: Bool) {
        var descriptors: [CInt] = []
        _ = try valueOrErrno { system_epollWait(epoll.rawValue, timeoutMilliseconds, &descriptors) }.get()
        let woken = descriptors.contains(waker.rawValue)
        return (descriptors.filter { $0 != waker.rawValue }, woken)
    }
}
