#ifndef SH_ATOMICS_H
#define SH_ATOMICS_H
// Acquire loads and release stores on memory the kernel shares with us (the BPF ring buffer's consumer and
// producer positions and record headers). Swift's Synchronization.Atomic cannot be placed over an mmap'd
// address, so these are C11/GCC builtins, one operation each.

/// Acquire load of an `unsigned long` at `address` (ring buffer positions).
static inline unsigned long sh_load_acquire_ulong(const void *_Nonnull address) {
    return __atomic_load_n((const unsigned long *)address, __ATOMIC_ACQUIRE);
}

/// Acquire load of a 32-bit word at `address` (ring buffer record headers).
static inline unsigned int sh_load_acquire_uint(const void *_Nonnull address) {
    return __atomic_load_n((const unsigned int *)address, __ATOMIC_ACQUIRE);
}

/// Release store of an `unsigned long` at `address` (the consumer position).
static inline void sh_store_release_ulong(void *_Nonnull address, unsigned long value) {
    __atomic_store_n((unsigned long *)address, value, __ATOMIC_RELEASE);
}
#endif
