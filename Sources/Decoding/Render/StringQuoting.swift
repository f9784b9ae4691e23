/// strace's quoting of tracee bytes: printable ASCII as is, `\t \n \v \f \r \" \\` escaped, other bytes in the
/// shortest octal that cannot run into a following digit; with `-x` a string holding any non-printable,
/// non-whitespace byte is printed wholly in `\xNN`, and with `-xx` every string is.
enum StringQuoting {
    static func quote(_ bytes: [UInt8], hexStrings: Int) -> String {
        var out = "\""
        out.reserveCapacity(bytes.count + 2)
        let allHex = hexStrings >= 2 || (hexStrings == 1 && bytes.contains { needsHex($0) })
        if allHex {
            for byte in bytes { out += "\\x" + hexDigits(byte) }
            out += "\""
            return out
        }
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0B: out += "\\v"
            case 0x0C: out += "\\f"
            case 0x0D: out += "\\r"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "\\"
                let nextIsOctalDigit =
                    index + 1 < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[index + 1])
                if nextIsOctalDigit || byte >> 6 != 0 {
                    out.unicodeScalars.append(octalDigit(byte >> 6))
                    out.unicodeScalars.append(octalDigit(byte >> 3))
                } else if byte >> 3 != 0 {
                    out.unicodeScalars.append(octalDigit(byte >> 3))
                }
                out.unicodeScalars.append(octalDigit(byte))
            }
        }
        out += "\""
        return out
    }

    /// Bytes that make `-x` switch a whole string to hex: anything outside printable ASCII except `\t\n\v\f\r`.
    private static func needsHex(_ byte: UInt8) -> Bool {
        if byte > 0x7E { return true }
        return byte < 0x20 && !(0x09...0x0D).contains(byte)
    }

    private static func octalDigit(_ value: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(UInt8(ascii: "0") + (value & 7))
    }

    static func hexDigits(_ byte: UInt8) -> String {
        let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
