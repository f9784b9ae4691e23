public import Decoding

/// How `syshook trace` prints, beyond how each syscall is decoded.
public struct TraceOutputOptions: Sendable {
    public enum Timestamps: Int, Sendable { case none = 0, seconds = 1, microseconds = 2, epoch = 3 }
    public enum Format: String, Sendable { case text, json }

    public var format: StraceFormatOptions = StraceFormatOptions()
    public var outputFormat: Format = .text
    /// `-t`, `-tt`, `-ttt`.
    public var timestamps: Timestamps = .none
    /// `-r`: time since the previous line.
    public var relativeTimestamps = false
    /// `-T`: time spent in each syscall.
    public var syscallTimes = false
    /// `-q` (1) suppresses attach/detach messages, `-qq` (2) also exit messages.
    public var quiet = 0
    /// `-e status=`: which outcomes print.
    public var statuses: StatusFilter = .all
    /// `-e signal=`: which signals print (nil = all).
    public var signals: Set<Int32>? = nil
    /// Always prefix lines with the pid (`-o` with `-f`, or `--always-show-pid`).
    public var alwaysShowPID = false
    /// The name messages start with ("strace: Process 12 attached").
    public var programName = "syshook"
    /// Whether a followed process exists at all (strace prints "Process N attached" for followed children).
    public var following = false

    public init() {}
}

/// strace's `-e status=` classes.
public struct StatusFilter: OptionSet, Sendable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let successful = StatusFilter(rawValue: 1)
    public static let failed = StatusFilter(rawValue: 2)
    /// The call never returned (the thread exited inside it): `= ?`.
    public static let unfinished = StatusFilter(rawValue: 4)
    public static let unavailable = StatusFilter(rawValue: 8)
    public static let detached = StatusFilter(rawValue: 16)
    public static let all: StatusFilter = [.successful, .failed, .unfinished, .unavailable, .detached]

    public static func named(_ name: String) -> StatusFilter? {
        switch name {
        case "successful": .successful
        case "failed": .failed
        case "unfinished": .unfinished
        case "unavailable": .unavailable
        case "detached": .detached
        case "all": .all
        case "none": []
        default: nil
        }
    }
}
