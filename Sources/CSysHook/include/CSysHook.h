#ifndef CSYSHOOK_H
#define CSYSHOOK_H
// Umbrella header of the C shim. The include order is fixed: <sys/ptrace.h> must come before
// <linux/ptrace.h>, the other order fails to compile (style.md, "Facts checked on this machine").
#include <sys/types.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/epoll.h>
#include <signal.h>
#include <errno.h>
#include <unistd.h>
#include <sched.h>
#include <linux/seccomp.h>
#include <linux/filter.h>
#include <linux/audit.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>

#include "sh_syscalls.h"
#include "sh_wait.h"
#include "sh_constants.h"
#include "sh_spawn.h"
#include "sh_fixture.h"
#include "sh_atomics.h"
#include "sh_ia32.h"
#endif
