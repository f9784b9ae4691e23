import CHeaderChecks
import Testing

/// The CHeaderChecks target fails to compile if a generated number disagrees with the host headers; these tests
/// make sure the checks were compiled in, and that the host headers did define the names (linux-libc-dev 6.1
/// lacks only the syscalls added after 6.1).
@Suite struct HeaderCheckTests {
    @Test func syscallNumbersWereCheckedAgainstTheHostHeaders() {
        #if arch(x86_64)
        #expect(sh_header_checks_x86_64() > 350)
        #expect(sh_header_checks_i386() > 400)
        #endif
        #expect(sh_header_checks_generic() > 290)
    }

    @Test func errnoAndSignalValuesWereCheckedAgainstLibc() {
        // 131 errno names from 1..133 plus their two aliases, and 31 signals plus aliases.
        #expect(sh_header_checks_errno_signals() > 160)
    }
}
