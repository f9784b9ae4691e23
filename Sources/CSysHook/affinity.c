// CPU affinity takes a cpu_set_t built with the CPU_SET macros, which Swift cannot call.
#include "include/sh_syscalls.h"
#include <sched.h>
#include <unistd.h>

int sh_pin_to_cpu(pid_t tid, int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(tid, sizeof set, &set);
}

int sh_unpin(pid_t tid) {
    cpu_set_t set;
    CPU_ZERO(&set);
    long count = sysconf(_SC_NPROCESSORS_CONF);
    for (long i = 0; i < count && i < CPU_SETSIZE; i++) CPU_SET((int)i, &set);
    return sched_setaffinity(tid, sizeof set, &set);
}

int sh_current_cpu(void) { return sched_getcpu(); }
