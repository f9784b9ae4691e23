// The child side of fork → execve. Between fork and exec only async-signal-safe calls are allowed
// (signal-safety(7)): no malloc, no stdio, no locks. Failures travel to the parent over a close-on-exec
// pipe as two ints (stage, errno); a successful execve closes the pipe and the parent reads EOF.
#include "include/sh_spawn.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/seccomp.h>

static void report(int fd, int stage, int err) {
    int message[2] = {stage, err};
    ssize_t unused = write(fd, message, sizeof message);
    (void)unused;
}

static int send_fd(int sock, int fd) {
    char byte = 0;
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    union { struct cmsghdr header; char buffer[CMSG_SPACE(sizeof(int))]; } control;
    memset(&control, 0, sizeof control);
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buffer,
                         .msg_controllen = sizeof control.buffer};
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
    return sendmsg(sock, &msg, 0) < 0 ? -1 : 0;
}

static void child(const struct sh_spawn_request *request, int fd) {
    // The parent may block signals (it waits for them with sigwait); the program must start clean.
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, NULL);
    int reset[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2};
    for (unsigned i = 0; i < sizeof reset / sizeof reset[0]; i++) signal(reset[i], SIG_DFL);

    if (request->pin_cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(request->pin_cpu, &set);
        if (sched_setaffinity(0, sizeof set, &set) != 0) { report(fd, 3, errno); _exit(127); }
    }
    if (request->stop_before_exec) {
        // The tracer waits for this stop, seizes the child and sends SIGCONT (strace's startup_child).
        kill(getpid(), SIGSTOP);
    }
    if (request->filter != NULL) {
        if (request->filter_flags != 0) {
            long listener = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, request->filter_flags, request->filter);
            if (listener < 0 && errno == EACCES) {
                prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
                listener = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, request->filter_flags, request->filter);
            }
            if (listener < 0) { report(fd, 1, errno); _exit(127); }
            if (request->listener_socket >= 0) {
                if (send_fd(request->listener_socket, (int)listener) != 0) { report(fd, 4, errno); _exit(127); }
                close((int)listener);
                close(request->listener_socket);
            }
        } else {
            // Root keeps setuid semantics: set no_new_privs only when the kernel demands it (EACCES).
            if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, request->filter, 0, 0) != 0) {
                if (errno != EACCES || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
                    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, request->filter, 0, 0) != 0) {
                    report(fd, 1, errno);
                    _exit(127);
                }
            }
        }
    }
    execve(request->path, request->argv, request->envp);
    report(fd, 2, errno);
    _exit(127);
}

pid_t sh_spawn(const struct sh_spawn_request *request, int *result_fd) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(fds[0]);
        close(fds[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        child(request, fds[1]);
    }
    close(fds[1]);
    *result_fd = fds[0];
    return pid;
}

int sh_spawn_result(int result_fd, int *child_errno) {
    int message[2] = {0, 0};
    ssize_t got;
    do { got = read(result_fd, message, sizeof message); } while (got < 0 && errno == EINTR);
    close(result_fd);
    if (got == (ssize_t)sizeof message) {
        *child_errno = message[1];
        return message[0];
    }
    *child_errno = 0;
    return 0;
}
