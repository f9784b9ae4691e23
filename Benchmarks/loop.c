// Benchmark workload: N raw syscalls in a tight loop, optionally after installing the filter syshook installs for
// `trace -e trace=getuid` (--filter) or `run --deny getuid` (--deny-filter): the floor for "untraced" overhead,
// a filter and no tracer.
#include <fcntl.h>
#include <time.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void install_getuid_filter(unsigned int action) {
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getuid, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, action),
    };
    struct sock_fprog prog = {.len = sizeof code / sizeof code[0], .filter = code};
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) { perror("seccomp"); exit(1); }
}

int main(int argc, char **argv) {
    int arg = 1;
    int report = 0;
    if (argc > arg && strcmp(argv[arg], "--time") == 0) { report = 1; arg++; }
    if (argc > arg && strcmp(argv[arg], "--filter") == 0) { install_getuid_filter(SECCOMP_RET_TRACE); arg++; }
    else if (argc > arg && strcmp(argv[arg], "--deny-filter") == 0) {
        install_getuid_filter(SECCOMP_RET_ERRNO | 1);
        arg++;
    }
    if (argc < arg + 2) {
        fprintf(stderr, "usage: loop [--time] [--filter|--deny-filter] getppid|getuid|openat N\n");
        return 2;
    }
    long n = atol(argv[arg + 1]);
    if (strcmp(argv[arg], "openat") == 0) {
        // A call with arguments to decode (dirfd, path string, flags, mode) that fails fast.
        for (long i = 0; i < n; i++) syscall(SYS_openat, -100, "/nonexistent-benchmark-path", 0x80000, 0);
        return 0;
    }
    long nr = strcmp(argv[arg], "getuid") == 0 ? SYS_getuid : SYS_getppid;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long i = 0; i < n; i++) syscall(nr);
    clock_gettime(CLOCK_MONOTONIC, &end);
    // --time: the loop times itself, so process start-up (and a launcher's own start-up) is not counted.
    if (report) {
        double ns = (end.tv_sec - start.tv_sec) * 1e9 + (end.tv_nsec - start.tv_nsec);
        fprintf(stderr, "%.1f\n", ns / n);
    }
    return 0;
}
