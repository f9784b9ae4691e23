/// Signal names as strace prints them. The data (`entries`, `aliases`, `realtimeRange`) is generated into
/// Generated/SignalNames.swift; this file holds the lookups.
public enum SignalTable {
    private static let nameByNumber: [Int32: String] = {
        var names: [Int32: String] = [:]
        for entry in entries { names[entry.number] = entry.name }
        return names
    }()

    private static let numberByName: [String: Int32] = {
        var numbers: [String: Int32] = [:]
        for entry in entries { numbers[entry.name] = entry.number }
        for alias in aliases { numbers[alias.name] = alias.number }
        return numbers
    }()

    /// The name strace prints for `number` (`SIGABRT` for 6, `SIGRTMIN` for 32, `SIGRT_6` for 38).
    public static func name(_ number: Int32) -> String? {
        nameByNumber[number]
    }

    /// The number of a signal written as a user would on a command line: "SIGKILL", "KILL", "kill", "9",
    /// an alias ("SIGIOT", "SIGPOLL"), or a realtime spelling ("SIGRT_6", "SIGRTMIN+6", "RTMAX-2").
    /// Realtime offsets count from the kernel's SIGRTMIN (32), as strace's names do.
    public static func number(named text: String) -> Int32? {
        if let number = Int32(text) {
            return number >= 1 && number <= realtimeRange.upperBound ? number : nil
        }
        var name = text.uppercased()
        if !name.hasPrefix("SIG") { name = "SIG" + name }
        if let number = numberByName[name] { return number }
        return realtimeNumber(name)
    }

    /// SIGRTMAX, SIGRTMIN+n and SIGRTMAX-n, which strace accepts but never prints.
    private static func realtimeNumber(_ name: String) -> Int32? {
        let bases: [(prefix: String, base: Int32, sign: Int32)] = [
            ("SIGRTMIN+", realtimeRange.lowerBound, 1), ("SIGRTMAX-", realtimeRange.upperBound, -1),
        ]
        if name == "SIGRTMAX" { return realtimeRange.upperBound }
        for (prefix, base, sign) in bases where name.hasPrefix(prefix) {
            guard let offset = Int32(name.dropFirst(prefix.count)) else { return nil }
            let number = base + sign * offset
            return realtimeRange.contains(number) ? number : nil
        }
        return nil
    }
}
