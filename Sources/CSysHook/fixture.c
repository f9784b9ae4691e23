// Process-creation calls the test fixture needs but Swift cannot make safely (the child must not return into
// Swift code that shares the parent's stack).
#include "include/sh_fixture.h"
#include <linux/sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

pid_t sh_vfork_exit(int code) {
    pid_t pid = vfork();
    if (pid == 0) _exit(code);
    return pid;
}

pid_t sh_clone3_exit(int code) {
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.exit_signal = SIGCHLD;
    long pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid == 0) syscall(SYS_exit_group, code);
    return (pid_t)pid;
}
