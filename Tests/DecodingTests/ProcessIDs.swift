import SyscallTables

#if canImport(Glibc)
    import Glibc
#endif

enum ProcessIDs {
    static var current: Int32 { getpid() }
}
