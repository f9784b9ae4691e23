#if canImport(Glibc)
import Glibc
#endif

/// CLOCK_MONOTONIC, for durations (syscall times, delays, summaries): it never jumps with the wall clock.
public enum MonotonicClock {
    public static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
