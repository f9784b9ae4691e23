import Testing

@testable import Decoding

#if canImport(Glibc)
    import Glibc
#endif

/// `-y`/`-yy` read the real /proc of a process: these use our own descriptors.
@Suite struct DescriptorLookupTests {
    @Test func deviceFilesShowTheirNumbers() throws {
        let fd = open("/dev/null", O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let target = DescriptorLookup.target(pid: getpid(), fd: fd, details: true)
        #expect(target?.path == "/dev/null")
        #expect(target?.details == "char 1:3")
        var options = StraceFormatOptions()
        options.decodeDescriptors = 2
        #expect(StraceRenderer(options: options).render(.descriptor(fd, target)) == "\(fd)</dev/null<char 1:3>>")
        options.decodeDescriptors = 1
        #expect(StraceRenderer(options: options).render(.descriptor(fd, target)) == "\(fd)</dev/null>")
    }

    @Test func listeningTCPSocketShowsItsAddress() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        let unbound = DescriptorLookup.target(pid: getpid(), fd: fd, details: true)
        #expect(unbound?.details?.hasPrefix("TCP:[") == true)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x0100_007F)  // 127.0.0.1 in network order on little-endian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(bound == 0)
        try #require(listen(fd, 1) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let port = UInt16(bigEndian: address.sin_port)
        #expect(DescriptorLookup.target(pid: getpid(), fd: fd, details: true)?.details == "TCP:[127.0.0.1:\(port)]")
    }

    @Test func closedDescriptorHasNoTarget() {
        #expect(DescriptorLookup.target(pid: getpid(), fd: 999_999) == nil)
    }
}
