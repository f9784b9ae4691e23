// The facade re-exports the modules whose types its API speaks in, so `import SysHook` is all a client needs.
@_exported public import Decoding
@_exported public import LinuxSystem
@_exported public import Monitor
@_exported public import Seccomp
@_exported public import SyscallTables
@_exported public import Tracer
