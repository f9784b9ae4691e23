import Testing

@testable import Decoding

/// Expected lines are strace 6.1's output for the same calls (n1.c-style probe), with 7.x's epoll `data=` form.
@Suite struct NetworkTimeDecoderTests {
    static let inet: [UInt8] = [2, 0, 0xb2, 0x6e, 127, 0, 0, 1] + [UInt8](repeating: 0, count: 8)

    @Test func socketCalls() {
        #expect(
            straceLine("socket", [2, 0x80001, 6], returning: .returned(3))
                == "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 3"
        )
        #expect(
            straceLine("socket", [2, 1, 0], returning: .returned(4)) == "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 4"
        )
        #expect(
            straceLine("socket", [16, 0x80003, 0], returning: .returned(9))
                == "socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 9"
        )
        #expect(
            straceLine("socket", [1, 0x802, 0], returning: .returned(8))
                == "socket(AF_UNIX, SOCK_DGRAM|SOCK_NONBLOCK, 0) = 8"
        )
    }

    @Test func inetAddresses() {
        let memory = FakeMemory([(0x1000, Self.inet)])
        #expect(
            straceLine("bind", [3, 0x1000, 16], returning: .returned(0), memory: memory)
                == #"bind(3, {sa_family=AF_INET, sin_port=htons(45678), sin_addr=inet_addr("127.0.0.1")}, 16) = 0"#
        )
        var six = [UInt8](repeating: 0, count: 28)
        six[0] = 10
        six[3] = 53
        six[23] = 1
        #expect(
            straceLine("connect", [11, 0x2000, 28], returning: .returned(0), memory: FakeMemory([(0x2000, six)]))
                == #"connect(11, {sa_family=AF_INET6, sin6_port=htons(53), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0"#
        )
    }

    @Test func unixAndNetlinkAddresses() {
        var path = [UInt8](repeating: 0, count: 110)
        path[0] = 1
        path.replaceSubrange(2..<18, with: Array("/tmp/nosuch.sock".utf8))
        #expect(
            straceLine("connect", [8, 0x1000, 110], returning: .returned(-2), memory: FakeMemory([(0x1000, path)]))
                == #"connect(8, {sa_family=AF_UNIX, sun_path="/tmp/nosuch.sock"}, 110) = -1 ENOENT (No such file or directory)"#
        )
        let abstract: [UInt8] = [1, 0, 0] + Array("abstract".utf8)
        #expect(
            straceLine("bind", [8, 0x1000, 11], returning: .returned(0), memory: FakeMemory([(0x1000, abstract)]))
                == #"bind(8, {sa_family=AF_UNIX, sun_path=@"abstract"}, 11) = 0"#
        )
        let netlink: [UInt8] = [16, 0] + [UInt8](repeating: 0, count: 10)
        #expect(
            straceLine("bind", [9, 0x1000, 12], returning: .returned(0), memory: FakeMemory([(0x1000, netlink)]))
                == "bind(9, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 0"
        )
    }

    @Test func acceptShowsChangedLength() {
        let before = FakeMemory([(0x1000, Self.inet + [UInt8](repeating: 0, count: 12)), (0x2000, .le(UInt32(28)))])
        let after = FakeMemory([
            (0x1000, [2, 0, 0xe6, 0x6a, 127, 0, 0, 1] + [UInt8](repeating: 0, count: 20)), (0x2000, .le(UInt32(16))),
        ])
        #expect(
            straceLine(
                "accept4",
                [3, 0x1000, 0x2000, 0x80000],
                returning: .returned(5),
                memory: before,
                exitMemory: after
            )
                == #"accept4(3, {sa_family=AF_INET, sin_port=htons(58986), sin_addr=inet_addr("127.0.0.1")}, [28 => 16], SOCK_CLOEXEC) = 5"#
        )
    }

    @Test func sendAndReceive() {
        var memory = FakeMemory()
        memory.place(Array("hello".utf8), at: 0x1000)
        #expect(
            straceLine("sendto", [4, 0x1000, 5, 0x4000, 0, 0], returning: .returned(5), memory: memory)
                == #"sendto(4, "hello", 5, MSG_NOSIGNAL, NULL, 0) = 5"#
        )
        #expect(
            straceLine("recvfrom", [5, 0x1000, 64, 0, 0, 0], returning: .returned(5), memory: memory)
                == #"recvfrom(5, "hello", 64, 0, NULL, NULL) = 5"#
        )
        var message = FakeMemory()
        message.place(Array("abc".utf8), at: 0x3000)
        message.place(.le(UInt64(0x3000)) + .le(UInt64(3)), at: 0x4000)
        message.place(
            .le(UInt64(0)) + .le(UInt64(0)) + .le(UInt64(0x4000)) + .le(UInt64(1)) + .le(UInt64(0)) + .le(UInt64(0))
                + .le(UInt64(0)),
            at: 0x5000
        )
        #expect(
            straceLine("sendmsg", [4, 0x5000, 0], returning: .returned(3), memory: message)
                == #"sendmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="abc", iov_len=3}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 3"#
        )
    }

    @Test func socketOptions() {
        let one = FakeMemory([(0x1000, .le(Int32(1)))])
        #expect(
            straceLine("setsockopt", [3, 1, 2, 0x1000, 4], returning: .returned(0), memory: one)
                == "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0"
        )
        #expect(
            straceLine("setsockopt", [3, 6, 1, 0x1000, 4], returning: .returned(0), memory: one)
                == "setsockopt(3, SOL_TCP, TCP_NODELAY, [1], 4) = 0"
        )
        let error = FakeMemory([(0x1000, .le(Int32(0))), (0x2000, .le(Int32(4)))])
        #expect(
            straceLine("getsockopt", [4, 1, 4, 0x1000, 0x2000], returning: .returned(0), memory: error)
                == "getsockopt(4, SOL_SOCKET, SO_ERROR, [0], [4]) = 0"
        )
        #expect(
            straceLine("shutdown", [4, 1], returning: .returned(0)) == "shutdown(4, SHUT_WR)                    = 0"
        )
    }

    @Test func pollAndSelect() {
        let fds: [UInt8] =
            .le(Int32(0)) + .le(UInt16(1)) + .le(UInt16(1)) + .le(Int32(1)) + .le(UInt16(0xc)) + .le(UInt16(4))
        let memory = FakeMemory([(0x1000, fds)])
        #expect(
            straceLine("poll", [0x1000, 2, 0], returning: .returned(2), memory: memory)
                == "poll([{fd=0, events=POLLIN}, {fd=1, events=POLLOUT|POLLERR}], 2, 0) = 2 ([{fd=0, revents=POLLIN}, {fd=1, revents=POLLOUT}])"
        )
        #expect(
            straceLine("poll", [0x1000, 2, 0], returning: .returned(0), memory: memory)
                == "poll([{fd=0, events=POLLIN}, {fd=1, events=POLLOUT|POLLERR}], 2, 0) = 0 (Timeout)"
        )
        let sets = FakeMemory([(0x1000, .le(UInt64(9))), (0x2000, .le(Int64(0)) + .le(Int64(0)))])
        #expect(
            straceLine("pselect6", [4, 0x1000, 0, 0, 0x2000, 0], returning: .returned(1), memory: sets)
                == "pselect6(4, [0 3], NULL, NULL, {tv_sec=0, tv_nsec=0}, NULL) = 1 (in [0 3], left {tv_sec=0, tv_nsec=0})"
        )
    }

    @Test func epollAndDescriptors() {
        #expect(
            straceLine("epoll_create1", [0x80000], returning: .returned(12))
                == "epoll_create1(EPOLL_CLOEXEC)            = 12"
        )
        let event = FakeMemory([(0x1000, .le(UInt32(0x8000_0001)) + .le(UInt64(0x1234)))])
        #expect(
            straceLine("epoll_ctl", [12, 1, 0, 0x1000], returning: .returned(-1), memory: event)
                == "epoll_ctl(12, EPOLL_CTL_ADD, 0, {events=EPOLLIN|EPOLLET, data=0x1234}) = -1 EPERM (Operation not permitted)"
        )
        #expect(
            straceLine("epoll_wait", [12, 0x1000, 4, 0], returning: .returned(0), memory: event)
                == "epoll_wait(12, [], 4, 0)                = 0"
        )
        #expect(
            straceLine("eventfd2", [0, 0x80800], returning: .returned(13))
                == "eventfd2(0, EFD_CLOEXEC|EFD_NONBLOCK)   = 13"
        )
        #expect(
            straceLine("timerfd_create", [1, 0x80000], returning: .returned(14))
                == "timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC) = 14"
        )
        let mask = FakeMemory([(0x1000, .le(UInt64(1 << 9)))])
        #expect(
            straceLine("signalfd4", [UInt64(UInt32.max), 0x1000, 8, 0x80000], returning: .returned(15), memory: mask)
                == "signalfd4(-1, [USR1], 8, SFD_CLOEXEC)   = 15"
        )
    }

    @Test func clocksAndSleeps() {
        let ts = FakeMemory([(0x1000, .le(Int64(0)) + .le(Int64(1000)))])
        #expect(
            straceLine("clock_nanosleep", [0, 0, 0x1000, 0], returning: .returned(0), memory: ts)
                == "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=1000}, NULL) = 0"
        )
        let boot = FakeMemory([(0x1000, .le(Int64(1969)) + .le(Int64(179096373)))])
        #expect(
            straceLine("clock_gettime", [7, 0x1000], returning: .returned(0), memory: boot)
                == "clock_gettime(CLOCK_BOOTTIME, {tv_sec=1969, tv_nsec=179096373}) = 0"
        )
        #expect(
            straceLine("time", [0], returning: .returned(1795612155))
                == "time(NULL)                              = 1795612155 (2026-11-25T13:09:15+0000)"
        )
        #expect(
            straceLine("futex", [0x7ffe5313644c, 129, 1], returning: .returned(0))
                == "futex(0x7ffe5313644c, FUTEX_WAKE_PRIVATE, 1) = 0"
        )
        let one = FakeMemory([(0x1000, .le(Int64(0)) + .le(Int64(1)))])
        #expect(
            straceLine(
                "futex",
                [0x7ffe5313644c, 0x109, 0, 0x1000, 0, 0xffff_ffff],
                returning: .returned(-110),
                memory: one
            )
                == "futex(0x7ffe5313644c, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=1}, FUTEX_BITSET_MATCH_ANY) = -1 ETIMEDOUT (Connection timed out)"
        )
    }
}
