#ifndef SH_CONSTANTS_H
#define SH_CONSTANTS_H
// Constants Swift cannot import: compound macros (AUDIT_ARCH_*) and ioctl numbers built by _IOWR.
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <linux/perf_event.h>
#include <sys/wait.h>

static const unsigned int sh_AUDIT_ARCH_X86_64 = AUDIT_ARCH_X86_64;
static const unsigned int sh_AUDIT_ARCH_I386 = AUDIT_ARCH_I386;
static const unsigned int sh_AUDIT_ARCH_AARCH64 = AUDIT_ARCH_AARCH64;
static const unsigned long sh_SECCOMP_IOCTL_NOTIF_RECV = SECCOMP_IOCTL_NOTIF_RECV;
static const unsigned long sh_SECCOMP_IOCTL_NOTIF_SEND = SECCOMP_IOCTL_NOTIF_SEND;
static const unsigned long sh_SECCOMP_IOCTL_NOTIF_ID_VALID = SECCOMP_IOCTL_NOTIF_ID_VALID;
static const unsigned long sh_SECCOMP_IOCTL_NOTIF_ADDFD = SECCOMP_IOCTL_NOTIF_ADDFD;
static const unsigned long sh_PERF_EVENT_IOC_ENABLE = PERF_EVENT_IOC_ENABLE;
static const unsigned long sh_PERF_EVENT_IOC_DISABLE = PERF_EVENT_IOC_DISABLE;
static const unsigned long sh_PERF_EVENT_IOC_SET_BPF = PERF_EVENT_IOC_SET_BPF;
/// __WALL and __WNOTHREAD are double-underscore names the importer hides.
static const int sh_WALL = __WALL;
static const int sh_WNOTHREAD = __WNOTHREAD;
#endif
