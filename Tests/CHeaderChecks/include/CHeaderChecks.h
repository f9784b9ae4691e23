#ifndef CHEADERCHECKS_H
#define CHEADERCHECKS_H

// The Generated/*.c files of this target _Static_assert that syshook's generated tables agree with the host's
// kernel and libc headers; a table that disagrees fails the build. Each function returns how many names the
// host headers defined (and so were checked), so a test can tell the checks were compiled in.

int sh_header_checks_x86_64(void);
int sh_header_checks_i386(void);
int sh_header_checks_generic(void);
int sh_header_checks_errno_signals(void);

#endif
