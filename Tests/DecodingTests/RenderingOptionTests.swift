import SyscallTables
import Testing

@testable import Decoding

/// `-X`, `-x`/`-xx`, `-s` and `-y` change only rendering (and what is read), never the decoded tree's meaning.
@Suite struct RenderingOptionTests {
    func openat(_ options: StraceFormatOptions) -> String {
        var memory = FakeMemory()
        memory.place("/etc/passwd", at: 0x1000)
        return straceLine(
            "openat",
            [UInt64(bitPattern: -100), 0x1000, 0o2000000, 0],
            returning: .returned(3),
            memory: memory,
            options: options
        )
    }

    @Test func xlatStyles() {
        var options = StraceFormatOptions()
        options.style = .raw
        #expect(openat(options) == aligned(#"openat(-100, "/etc/passwd", 0x80000)"#, "3"))
        options.style = .verbose
        #expect(openat(options) == #"openat(-100 /* AT_FDCWD */, "/etc/passwd", 0x80000 /* O_RDONLY|O_CLOEXEC */) = 3"#)
    }

    @Test func hexStrings() {
        var memory = FakeMemory()
        memory.place(Array("ab\n".utf8), at: 0x1000)
        memory.place([0x61, 0xff], at: 0x2000)
        var options = StraceFormatOptions()
        options.hexStrings = 1
        #expect(
            straceLine("write", [1, 0x1000, 3], returning: .returned(3), memory: memory, options: options)
                == #"write(1, "ab\n", 3)                     = 3"#
        )
        #expect(
            straceLine("write", [1, 0x2000, 2], returning: .returned(2), memory: memory, options: options)
                == #"write(1, "\x61\xff", 2)                 = 2"#
        )
        options.hexStrings = 2
        #expect(
            straceLine("write", [1, 0x1000, 3], returning: .returned(3), memory: memory, options: options)
                == #"write(1, "\x61\x62\x0a", 3)             = 3"#
        )
    }

    @Test func stringLimitCutsBuffersButNotPaths() {
        var memory = FakeMemory()
        memory.place("/a/very/long/path/name", at: 0x1000)
        memory.place(Array("0123456789".utf8), at: 0x2000)
        var options = StraceFormatOptions()
        options.stringLimit = 4
        #expect(
            straceLine("write", [1, 0x2000, 10], returning: .returned(10), memory: memory, options: options)
                == aligned(#"write(1, "0123"..., 10)"#, "10")
        )
        #expect(
            straceLine("unlink", [0x1000], returning: .returned(-2), memory: memory, options: options)
                == aligned(#"unlink("/a/very/long/path/name")"#, "-1 ENOENT (No such file or directory)")
        )
    }

    @Test func descriptorPathsFromProc() throws {
        // Our own stdin-like descriptor: open a real file and let -y find it through /proc/self's pid.
        var options = StraceFormatOptions()
        options.decodeDescriptors = 1
        let formatter = SyscallFormatter(options: options)
        let pid = ProcessIDs.current
        let call = SyscallInvocation(
            pid: pid,
            architecture: .native,
            number: SyscallTablesLookup.number(of: "close"),
            arguments: [0]
        )
        let text = formatter.entryText(formatter.enter(call, memory: FakeMemory()))
        let link = DescriptorLookup.target(pid: pid, fd: 0)?.path
        #expect(link != nil)
        #expect(text == "close(0<\(StraceRenderer.escapedPath(link ?? ""))>")
    }
}

@Suite struct MinimalDecodingTests {
    @Test func minimalDecodingPrintsRawArguments() {
        var memory = FakeMemory()
        memory.place("/etc/passwd", at: 0x1000)
        var options = StraceFormatOptions()
        options.minimalDecoding = true
        let line = straceLine("openat", [UInt64(bitPattern: -100), 0x1000, 0o2000000, 0], returning: .returned(3),
                              memory: memory, options: options)
        #expect(line.hasPrefix(#"openat(-100, "/etc/passwd", 0x80000"#))
    }
}
