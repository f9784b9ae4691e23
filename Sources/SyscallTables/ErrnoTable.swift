/// errno names and messages as strace prints them. The data (`entries`, `aliases`, `restartNumbers`) is
/// generated into Generated/ErrnoNames.swift; this file holds the lookups.
public enum ErrnoTable {
    private static let indexByNumber: [Int32: Int] = {
        var index: [Int32: Int] = [:]
        for (position, entry) in entries.enumerated() { index[entry.number] = position }
        return index
    }()

    private static let numberByName: [String: Int32] = {
        var numbers: [String: Int32] = [:]
        for entry in entries { numbers[entry.name] = entry.number }
        for alias in aliases { numbers[alias.name] = alias.number }
        return numbers
    }()

    /// The name strace prints for `number` (`EAGAIN` for 11, `ERESTARTSYS` for 512), or nil if it has none.
    public static func name(_ number: Int32) -> String? {
        indexByNumber[number].map { entries[$0].name }
    }

    /// The message strace prints in parentheses: strerror(3) for ordinary values, the kernel's wording for
    /// the restart values.
    public static func message(_ number: Int32) -> String? {
        indexByNumber[number].map { entries[$0].message }
    }

    /// The number of an errno name, accepting second names (`EWOULDBLOCK`) as well. Case-sensitive, like C.
    public static func number(named name: String) -> Int32? {
        numberByName[name]
    }

    /// Whether the kernel restarts a syscall that returns `number` (or turns it into EINTR), so a tracer
    /// never sees it as the final result and strace prints `= ?`.
    public static func isRestart(_ number: Int32) -> Bool {
        restartNumbers.contains(number)
    }
}
