#ifndef SH_IA32_H
#define SH_IA32_H
// A 64-bit x86 process that executes `int $0x80` enters the kernel through the ia32 (i386) syscall path, so
// seccomp sees AUDIT_ARCH_I386 and i386 numbering. Tests use it to check the i386 part of generated filters on
// the real kernel without a 32-bit toolchain. Inline assembly is not available from Swift, hence C.
#if defined(__x86_64__)
/// Makes i386 syscall `nr` with no arguments through `int $0x80`; returns the raw result (-errno on failure).
static inline long sh_ia32_syscall0(long nr) {
    long result;
    __asm__ volatile("int $0x80" : "=a"(result) : "a"(nr) : "memory", "cc");
    return result;
}
#endif
#endif
