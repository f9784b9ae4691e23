import LinuxSystem
#if canImport(Glibc)
import Glibc
#endif

/// Time stamps for trace lines.
struct Clock {
    /// Nanoseconds of CLOCK_MONOTONIC: durations (-T, -r, -c).
    static func monotonic() -> UInt64 { MonotonicClock.nanoseconds() }

    /// Wall-clock time (-t, -tt, -ttt).
    static func wall() -> timespec {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return now
    }

    /// Wall-clock time in seconds since the epoch (JSON timestamps).
    static func wallSeconds() -> Double {
        let time = wall()
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// `HH:MM:SS`, `HH:MM:SS.uuuuuu` or `SECONDS.uuuuuu` in local time, as strace prints it.
    static func format(_ time: timespec, style: TraceOutputOptions.Timestamps) -> String {
        let micros = Int(time.tv_nsec / 1000)
        let fraction = "." + pad(micros, 6)
        if style == .epoch { return String(time.tv_sec) + fraction }
        var seconds = time.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        let clock = pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
        return style == .microseconds ? clock + fraction : clock
    }

    /// `S.uuuuuu` of a duration in nanoseconds (`<0.000012>` for -T, the -r column).
    static func seconds(_ nanoseconds: UInt64) -> String {
        String(nanoseconds / 1_000_000_000) + "." + pad(Int((nanoseconds / 1000) % 1_000_000), 6)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
