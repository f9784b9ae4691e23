/// Values shared by the file decoders: open flags, modes, device numbers, times.
enum FileValues {
    /// open(2) flags: the access mode from the low two bits, then the other flags (`O_RDONLY|O_CLOEXEC`).
    static func openFlags(_ raw: UInt64) -> DecodedValue {
        let flags = raw & 0xFFFF_FFFF
        let accessMode = flags & 3
        let accessName = accessMode == 3 ? "O_ACCMODE" : Xlat.accessModes.name(of: accessMode) ?? "O_ACCMODE"
        let (names, unknown) = Xlat.openFlags.decompose(flags & ~3)
        return .flags(FlagsValue(raw: flags, names: [accessName] + names, leftover: unknown))
    }

    /// Whether open(2) reads its mode argument (O_CREAT or O_TMPFILE).
    static func takesMode(_ flags: UInt64) -> Bool {
        let tmpfile = Xlat.openFlags.value(named: "O_TMPFILE") ?? 0
        return flags & 0o100 != 0 || (tmpfile != 0 && flags & tmpfile == tmpfile)
    }

    /// A permission mode argument (`umode_t`, 16 bits): plain octal, as strace's `print_numeric_umode_t`.
    static func numericMode(_ raw: UInt64) -> DecodedValue {
        .octal(raw & 0xFFFF)
    }

    /// A mode with its file type: `S_IFREG|0644`, `S_IFDIR|S_ISVTX|0777` (with `-X verbose`, `0100644 /* S_IFREG|0644 */`).
    static func symbolicMode(_ raw: UInt64) -> DecodedValue {
        let type = raw & 0o170000
        var names: [String] = []
        if type != 0 { names.append(Xlat.fileTypes.name(of: type) ?? StraceRenderer.octal(type)) }
        names += Xlat.modeBits.decompose(raw & 0o7000).names
        names.append(StraceRenderer.octal(raw & 0o777))
        return .flags(FlagsValue(raw: raw, names: names, leftover: 0, leftoverFormat: .octal))
    }

    /// `makedev(0x8, 0x1)` from a kernel `dev_t` (the glibc encoding).
    static func device(_ dev: UInt64) -> DecodedValue {
        let major = ((dev >> 8) & 0xFFF) | ((dev >> 32) & ~UInt64(0xFFF))
        let minor = (dev & 0xFF) | ((dev >> 12) & ~UInt64(0xFF))
        let text = "makedev(\(StraceRenderer.hex(major)), \(StraceRenderer.hex(minor)))"
        return .constant(ConstantValue(raw: Int64(bitPattern: dev), name: text, format: .hex))
    }

    /// A time in seconds with strace's comment: `1700000000 /* 2023-11-14T22:13:20+0000 */`.
    static func time(seconds: Int64, nanoseconds: Int64? = nil) -> String? {
        Timestamps.iso8601(seconds: seconds, nanoseconds: nanoseconds)
    }
}

/// Calendar dates for strace's time comments, in UTC (strace uses the local zone; syshook's tests run in UTC).
enum Timestamps {
    static func iso8601(seconds: Int64, nanoseconds: Int64?) -> String? {
        guard seconds > -62_135_596_800, seconds < 253_402_300_800 else { return nil }
        // strace leaves the epoch itself without a date comment.
        if seconds == 0 && (nanoseconds ?? 0) == 0 { return nil }
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondsOfDay = seconds - days * 86400
        let (year, month, day) = civil(fromDays: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var text =
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondsOfDay / 3600, 2)):"
            + "\(pad(secondsOfDay / 60 % 60, 2)):\(pad(secondsOfDay % 60, 2))"
        if let nanoseconds, nanoseconds > 0, nanoseconds < 1_000_000_000 { text += "." + pad(nanoseconds, 9) }
        return text + "+0000"
    }

    /// Howard Hinnant's days-to-civil algorithm.
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
