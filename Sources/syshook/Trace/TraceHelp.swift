/// The help screen of `syshook trace` (strace's options, grouped as strace groups them).
enum TraceHelp {
    static func usage(_ name: String) -> String {
        """
        Usage: \(name) [-ACdffhiqqrtttTvVwxxyyzZ] [-I N] [-X raw|abbrev|verbose] [-e EXPR]...
                      [-a COLUMN] [-o FILE] [-s STRSIZE] [-S SORTBY] [-E VAR=VAL]...
                      { -p PID | [-E VAR=VAL]... PROG [ARGS] }
        """
    }

    static let text = """
        Examples:
          syshook trace -f -e trace=%file -- ls /
          syshook trace -e trace=@open cat /etc/hostname     # open, openat, openat2, creat
          syshook trace -p 1234                              # attach; Ctrl-C detaches
          ln -s "$(command -v syshook)" ~/bin/strace           # scripts written for strace run unchanged

        Only the selected syscalls stop the program (a seccomp filter with -f); all others run at full speed.
        glibc issues openat for open() and clone for fork(): asking for `open` warns and names the family (@open).

        Tracing:
          -f, --follow-forks   follow forks, vforks, clones and threads
          -ff                  with -o FILE, write each process's trace to FILE.PID
          -p PID, --attach=PID trace the process PID (all its threads with -f); may repeat or be PID,PID
          -E VAR=VAL, -E VAR   set or remove an environment variable for the command
          --seccomp-bpf[=no]   select syscalls with a seccomp filter (default with -f; =no uses plain stops)
          --no-pin             do not keep the tracer on the tracee's CPU (see Benchmarks/README.md)
          --syscall-limit=N    detach from everything after N syscalls were printed (the command keeps running)
          --kill-on-exit       processes attached with -p die with syshook (started ones always do)

        Filtering:
          -e trace=SET         NAME, %CLASS (%file %desc %process %network %signal %ipc %memory %creds
                               %clock %stat %lstat %fstat %%stat %statfs %fstatfs %%statfs %pure),
                               @FAMILY (@open @fork @stat …), /REGEX, !SET, ?NAME (no error if unknown), all, none
          -e signal=SET        print only these signals (SIGCHLD, CHLD, 17, !SIGCHLD, all, none)
          -e status=SET        successful, failed, unfinished, unavailable, detached, all, none
          -z, -Z               print only successful / only failed syscalls

        Output:
          -o FILE              write the trace to FILE (-A appends)
          -s N                 print at most N bytes of each string (default 32)
          -a COLUMN            align return values at COLUMN (default 40)
          -t, -tt, -ttt        prefix lines with the time, with microseconds, as seconds since the epoch
          -r                   prefix lines with the time since the previous line
          -T                   show the time spent in each syscall
          -q, -qq              suppress attach/detach messages; also exit messages
          -x, -xx              print non-ASCII strings in hex; all strings in hex
          -y, -yy              print paths of descriptors; also socket details
          -v                   print structures and arrays in full
          -X raw|abbrev|verbose  how to print constants
          --always-show-pid    prefix every line with the pid
          -h, --help           show this help
          -V, --version        show the version

        Summary and other formats:
          -c, -C               a table of calls, errors and time per syscall instead of / after the trace
          -S KEY               sort it by time, calls, errors, name or nothing
          --format json        one JSON object per syscall, signal, exec and exit (docs/json-schema.md)

        Tampering:
          -e inject=SET:error=ERRNO|retval=N[:signal=SIG][:delay_enter=US][:delay_exit=US][:when=FIRST[..LAST][+STEP]]
          -e fault=SET[:error=ERRNO][:when=…]   fail calls (ENOSYS unless told otherwise)
          --kill-after SET=N   SIGKILL the program at call N+1 of SET, which does not run
          --redirect OLD=NEW   path arguments equal to OLD become NEW before the kernel sees them

        Not supported (refused, never ignored): -D -b -i -k -n -P -u -U.
        """
}
