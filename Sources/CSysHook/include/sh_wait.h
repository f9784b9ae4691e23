#ifndef SH_WAIT_H
#define SH_WAIT_H
// The wait status macros are function-like, so Swift cannot import them.
#include <sys/wait.h>
static inline int sh_WIFEXITED(int s) { return WIFEXITED(s); }
static inline int sh_WEXITSTATUS(int s) { return WEXITSTATUS(s); }
static inline int sh_WIFSIGNALED(int s) { return WIFSIGNALED(s); }
static inline int sh_WTERMSIG(int s) { return WTERMSIG(s); }
static inline int sh_WCOREDUMP(int s) { return WCOREDUMP(s); }
static inline int sh_WIFSTOPPED(int s) { return WIFSTOPPED(s); }
static inline int sh_WSTOPSIG(int s) { return WSTOPSIG(s); }
static inline int sh_WIFCONTINUED(int s) { return WIFCONTINUED(s); }
/// The ptrace event number carried in bits 16-23 of a stop status.
static inline int sh_WPTRACEEVENT(int s) { return (s >> 16) & 0xff; }
#endif
