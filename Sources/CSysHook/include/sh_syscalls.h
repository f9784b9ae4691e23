#ifndef SH_SYSCALLS_H
#define SH_SYSCALLS_H
// One call per function. Each is C because the libc function is variadic (ptrace, syscall, ioctl,
// prctl) or has no glibc wrapper; raw syscall(SYS_x, ...) is used so the importer needs no _GNU_SOURCE.
#include <sys/types.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <errno.h>

/// errno is a thread-local macro the importer cannot read reliably.
static inline int sh_errno(void) { return errno; }
static inline void sh_set_errno(int value) { errno = value; }

/// ptrace(2) is variadic in glibc, so Swift cannot call it.
static inline long sh_ptrace(int request, pid_t pid, void *_Nullable addr, void *_Nullable data) {
    return ptrace((enum __ptrace_request)request, pid, addr, data);
}

/// seccomp(2) has no glibc wrapper.
static inline long sh_seccomp(unsigned int op, unsigned int flags, void *_Nullable args) {
    return syscall(SYS_seccomp, op, flags, args);
}

/// bpf(2) has no glibc wrapper.
static inline long sh_bpf(int cmd, void *_Nonnull attr, unsigned int size) {
    return syscall(SYS_bpf, cmd, attr, size);
}

/// perf_event_open(2) has no glibc wrapper.
static inline long sh_perf_event_open(void *_Nonnull attr, pid_t pid, int cpu, int group_fd, unsigned long flags) {
    return syscall(SYS_perf_event_open, attr, pid, cpu, group_fd, flags);
}

/// pidfd_open(2) has no wrapper in glibc 2.36's default namespace.
static inline long sh_pidfd_open(pid_t pid, unsigned int flags) {
    return syscall(SYS_pidfd_open, pid, flags);
}

/// process_vm_readv(2) is declared only under _GNU_SOURCE, which the importer does not see.
static inline long sh_process_vm_readv(pid_t pid, const struct iovec *_Nonnull local, unsigned long liovcnt,
                                       const struct iovec *_Nonnull remote, unsigned long riovcnt) {
    return syscall(SYS_process_vm_readv, pid, local, liovcnt, remote, riovcnt, 0UL);
}

/// process_vm_writev(2): as process_vm_readv.
static inline long sh_process_vm_writev(pid_t pid, const struct iovec *_Nonnull local, unsigned long liovcnt,
                                        const struct iovec *_Nonnull remote, unsigned long riovcnt) {
    return syscall(SYS_process_vm_writev, pid, local, liovcnt, remote, riovcnt, 0UL);
}

/// tgkill(2): glibc 2.36 declares it only under _GNU_SOURCE.
static inline long sh_tgkill(pid_t tgid, pid_t tid, int sig) {
    return syscall(SYS_tgkill, tgid, tid, sig);
}

/// gettid(2): declared only under _GNU_SOURCE.
static inline pid_t sh_gettid(void) { return (pid_t)syscall(SYS_gettid); }

/// ioctl(2) is variadic.
static inline int sh_ioctl_ptr(int fd, unsigned long request, void *_Nullable arg) {
    return ioctl(fd, request, arg);
}
/// ioctl(2) is variadic.
static inline int sh_ioctl_int(int fd, unsigned long request, unsigned long arg) {
    return ioctl(fd, request, arg);
}

/// prctl(2) is variadic.
static inline int sh_prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5) {
    return prctl(option, a2, a3, a4, a5);
}

/// syscall(2) is variadic; the fixture and benchmarks issue exact syscalls through this.
static inline long sh_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
    return syscall(nr, a1, a2, a3, a4, a5, a6);
}

/// sched_setaffinity/sched_getcpu take a cpu_set_t built by macros (CPU_SET) Swift cannot call.
int sh_pin_to_cpu(pid_t tid, int cpu);
/// Allows every CPU the machine has again.
int sh_unpin(pid_t tid);
/// sched_getcpu(3) is declared only under _GNU_SOURCE.
int sh_current_cpu(void);
#endif
