#ifndef SH_FIXTURE_H
#define SH_FIXTURE_H
#include <sys/types.h>
/// vfork(2) cannot be called from Swift (the child shares the parent's stack until it execs or exits), so the
/// fixture's vfork child lives in C: it calls _exit(code) at once.
pid_t sh_vfork_exit(int code);
/// clone3(2) has no glibc wrapper; the child calls exit_group(code) at once, without touching the stack.
pid_t sh_clone3_exit(int code);
#endif
