// Benchmark workload: N raw syscalls in a tight loop, optionally after installing the same seccomp filter
// syshook installs for `-e trace=getuid` (the floor for "untraced" overhead: a filter, no tracer).
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void install_trace_getuid_filter(void) {
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getuid, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
    };
    struct sock_fprog prog = {.len = sizeof code / sizeof code[0], .filter = code};
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) { perror("seccomp"); exit(1); }
}

int main(int argc, char **argv) {
    int arg = 1;
    if (argc > arg && strcmp(argv[arg], "--filter") == 0) { install_trace_getuid_filter(); arg++; }
    if (argc < arg + 2) { fprintf(stderr, "usage: loop [--filter] getppid|getuid|openat N\n"); return 2; }
    long n = atol(argv[arg + 1]);
    if (strcmp(argv[arg], "openat") == 0) {
        // A call with arguments to decode (dirfd, path string, flags, mode) that fails fast.
        for (long i = 0; i < n; i++) syscall(SYS_openat, -100, "/nonexistent-benchmark-path", 0x80000, 0);
        return 0;
    }
    long nr = strcmp(argv[arg], "getuid") == 0 ? SYS_getuid : SYS_getppid;
    for (long i = 0; i < n; i++) syscall(nr);
    return 0;
}
