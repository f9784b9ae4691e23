#ifndef SH_SPAWN_H
#define SH_SPAWN_H
#include <sys/types.h>
#include <linux/filter.h>

/// What the spawned child does between fork and execve.
struct sh_spawn_request {
    /// Absolute or relative path to execute: resolved by the parent, so the child does no PATH search.
    const char *_Nonnull path;
    char *const _Nullable *_Nonnull argv;
    char *const _Nullable *_Nonnull envp;
    /// Stop with SIGSTOP before installing the filter, so the tracer can seize the child first.
    int stop_before_exec;
    /// Seccomp filter to install just before execve, or NULL.
    const struct sock_fprog *_Nullable filter;
    /// seccomp(2) flags for the filter (e.g. SECCOMP_FILTER_FLAG_NEW_LISTENER); 0 uses prctl like strace.
    unsigned int filter_flags;
    /// With SECCOMP_FILTER_FLAG_NEW_LISTENER: the Unix socket the listener descriptor is sent over, else -1.
    int listener_socket;
    /// CPU to pin the child to before execve, or -1 to leave its affinity alone.
    int pin_cpu;
};

/// Forks; the child stops itself if asked, installs the filter and execs. The child runs only
/// async-signal-safe code and reports a failure (stage and errno) to the parent over a close-on-exec pipe.
/// Returns the child's pid, or -1 with errno set when fork itself failed. When the child failed before
/// exec, `*child_stage` is set (1 = seccomp, 2 = execve, 3 = affinity, 4 = send listener) and `*child_errno` holds errno;
/// the parent learns that only after the child ran, so callers read the pipe with sh_spawn_wait_result.
pid_t sh_spawn(const struct sh_spawn_request *_Nonnull request, int *_Nonnull result_fd);

/// Reads the child's failure report from `result_fd` (blocking until the child exec'd or failed), closes it.
/// Returns 0 when the child reached execve successfully, else the stage number; errno of the child in *child_errno.
int sh_spawn_result(int result_fd, int *_Nonnull child_errno);
#endif
