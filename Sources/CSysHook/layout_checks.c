// Compile-time checks that the constants Swift re-declares match the kernel headers (style.md D3).
#include "include/CSysHook.h"

_Static_assert(sizeof(struct __ptrace_syscall_info) == 88, "ptrace_syscall_info layout changed");
_Static_assert(PTRACE_GET_SYSCALL_INFO == 0x420e, "keep Ptrace.Request.getSyscallInfo in sync");
_Static_assert(PTRACE_O_TRACESECCOMP == 0x80, "keep Ptrace.Options.traceSeccomp in sync");
_Static_assert(PTRACE_O_EXITKILL == 0x100000, "keep Ptrace.Options.exitKill in sync");
_Static_assert(PTRACE_EVENT_STOP == 128, "keep Ptrace.Event.stop in sync");
_Static_assert(sizeof(struct seccomp_data) == 64, "seccomp_data layout changed");
_Static_assert(sizeof(struct seccomp_notif) == 80, "seccomp_notif layout changed");
_Static_assert(SECCOMP_RET_TRACE == 0x7ff00000U, "keep Seccomp action values in sync");
