// The practical limit of a seccomp-filtered ptrace tracer: spawn, seize, and for each SECCOMP_RET_TRACE stop
// fetch the syscall info and resume to the exit stop, then continue; nothing printed. Usage: ptrace-min CMD ARGS
#define _GNU_SOURCE
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/ptrace.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdint.h>

int main(int argc, char **argv) {
    pid_t child = fork();
    if (child == 0) {
        kill(getpid(), SIGSTOP);
        struct sock_filter code[] = {
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getuid, 1, 0),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
        };
        struct sock_fprog prog = {.len = 4, .filter = code};
        prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    int status;
    waitpid(child, &status, WSTOPPED);
    ptrace(PTRACE_SEIZE, child, 0, PTRACE_O_TRACESECCOMP | PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL);
    kill(child, SIGCONT);
    int in_syscall = 0;
    for (;;) {
        if (waitpid(-1, &status, __WALL) < 0) break;
        if (WIFEXITED(status) || WIFSIGNALED(status)) break;
        int sig = WSTOPSIG(status), event = status >> 16;
        if (event == PTRACE_EVENT_SECCOMP) {
            struct ptrace_syscall_info info;
            ptrace(PTRACE_GET_SYSCALL_INFO, child, sizeof info, &info);
            in_syscall = 1;
            ptrace(PTRACE_SYSCALL, child, 0, 0);
        } else if (sig == (SIGTRAP | 0x80)) {
            struct ptrace_syscall_info info;
            ptrace(PTRACE_GET_SYSCALL_INFO, child, sizeof info, &info);
            in_syscall = 0;
            ptrace(PTRACE_CONT, child, 0, 0);
        } else {
            ptrace(PTRACE_CONT, child, 0, event || sig == SIGCONT ? 0 : sig);
        }
    }
    (void)in_syscall;
    return 0;
}
