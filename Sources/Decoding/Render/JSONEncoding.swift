/// A tiny JSON writer: the decoded value tree has a fixed shape, so no Codable machinery is needed, and key order
/// stays as written (arguments in call order). The mapping is documented in docs/json-schema.md.
///
/// Everything is appended as UTF-8 bytes to one buffer the caller owns: `syshook watch` renders a whole batch of
/// events into one array, which is several times cheaper than building and joining a String per member. The String
/// forms below wrap the same code, so trace and watch print values identically.
package enum JSONEncoding {
    /// `text` as a JSON string literal.
    package static func string(_ text: String) -> String {
        var out: [UInt8] = []
        appendString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` as JSON.
    static func value(_ value: DecodedValue) -> String {
        var out: [UInt8] = []
        appendValue(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal: `"`, `\`, and control characters (and DEL) escaped, the rest as is.
    package static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings (names, paths) need no escaping: they are appended whole. A Swift String is valid UTF-8, and
        // every byte of a multi-byte sequence is >= 0x80, so escaping byte by byte escapes exactly the scalars
        // below 0x20 and DEL.
        if text.utf8.contains(where: needsEscape) {
            for byte in text.utf8 { appendEscaped(byte, to: &out) }
        } else {
            out += text.utf8
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends the object key `"name":`, preceded by a comma unless it is the object's first member.
    package static func appendKey(_ name: String, first: Bool = false, to out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        appendString(name, to: &out)
        out.append(UInt8(ascii: ":"))
    }

    package static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        appendDecimal(value.magnitude, to: &out)
    }

    package static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        appendDigits(value, count: digits, to: &out)
    }

    /// Appends a literal's UTF-8 bytes. A `StaticString` hands over its bytes in place: 12 ns, where appending a
    /// String's `utf8` view costs 25 (measured; a JSON line appends some fifteen literals).
    @inline(__always)
    package static func append(_ literal: StaticString, to out: inout [UInt8]) {
        literal.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// The last `count` decimal digits of `value`, zero-padded.
    package static func appendDigits(_ value: UInt64, count: Int, to out: inout [UInt8]) {
        let start = out.count
        for _ in 0..<count { out.append(UInt8(ascii: "0")) }
        var value = value
        var index = start + count - 1
        while index >= start {
            out[index] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
            index -= 1
        }
    }

    /// Appends `value` as JSON (see docs/json-schema.md, *Values*).
    package static func appendValue(_ value: DecodedValue, to out: inout [UInt8]) {
        switch value {
        case .signed(let number):
            appendDecimal(number, to: &out)
        case .unsigned(let number), .hex(let number), .octal(let number):
            appendDecimal(number, to: &out)
        case .descriptor(let fd, let target):
            append("{\"fd\":", to: &out)
            appendDecimal(Int64(fd), to: &out)
            if let target {
                append(",\"path\":", to: &out)
                appendString(target.path, to: &out)
                if target.deleted { append(",\"deleted\":true", to: &out) }
                if let details = target.details {
                    append(",\"details\":", to: &out)
                    appendString(details, to: &out)
                }
            }
            out.append(UInt8(ascii: "}"))
        case .withTarget(let inner, let target):
            append("{\"value\":", to: &out)
            appendValue(inner, to: &out)
            append(",\"path\":", to: &out)
            appendString(target.path, to: &out)
            out.append(UInt8(ascii: "}"))
        case .flags(let flags):
            append("{\"value\":", to: &out)
            appendDecimal(flags.raw, to: &out)
            append(",\"flags\":[", to: &out)
            for (index, name) in flags.names.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendString(name, to: &out)
            }
            out.append(UInt8(ascii: "]"))
            if flags.leftover != 0 {
                append(",\"unknown\":", to: &out)
                appendDecimal(flags.leftover, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .constant(let constant):
            append("{\"value\":", to: &out)
            appendDecimal(constant.raw, to: &out)
            if let name = constant.name {
                append(",\"name\":", to: &out)
                appendString(name, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .string(let text):
            appendBytes(text, to: &out)
        case .address(let address):
            if address == 0 {
                append("null", to: &out)
            } else {
                append("{\"address\":\"0x", to: &out)
                out += String(address, radix: 16).utf8
                append("\"}", to: &out)
            }
        case .structure(let fields):
            out.append(UInt8(ascii: "{"))
            for (index, field) in fields.enumerated() {
                if case .elided = field.value {
                    appendKey("...", first: index == 0, to: &out)
                    append("true", to: &out)
                } else {
                    appendKey(field.name ?? "_\(index)", first: index == 0, to: &out)
                    appendValue(field.value, to: &out)
                }
            }
            out.append(UInt8(ascii: "}"))
        case .array(let elements, let more):
            out.append(UInt8(ascii: "["))
            appendElements(elements, to: &out)
            if more { out += (elements.isEmpty ? "\"...\"" : ",\"...\"").utf8 }
            out.append(UInt8(ascii: "]"))
        case .signalSet(let signals, let complemented):
            append("{\"signals\":[", to: &out)
            for (index, signal) in signals.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendString(SignalNames.shortName(signal), to: &out)
            }
            append("],\"complement\":", to: &out)
            out += (complemented ? "true" : "false").utf8
            out.append(UInt8(ascii: "}"))
        case .spaced(let members), .sequence(let members):
            out.append(UInt8(ascii: "["))
            appendElements(members, to: &out)
            out.append(UInt8(ascii: "]"))
        case .changed(let before, let after):
            append("{\"before\":", to: &out)
            appendValue(before, to: &out)
            append(",\"after\":", to: &out)
            appendValue(after, to: &out)
            out.append(UInt8(ascii: "}"))
        case .labelled(let label, let inner)
        where label == "left" || label == "in" || label == "out" || label == "except":
            out.append(UInt8(ascii: "{"))
            appendKey(label, first: true, to: &out)
            appendValue(inner, to: &out)
            out.append(UInt8(ascii: "}"))
        case .pointee(let inner), .named(_, let inner), .labelled(_, let inner), .symbolic(let inner):
            appendValue(inner, to: &out)
        case .call(let name, let arguments):
            append("{\"call\":", to: &out)
            appendString(name, to: &out)
            append(",\"args\":[", to: &out)
            appendElements(arguments, to: &out)
            append("]}", to: &out)
        case .combined(let parts):
            append("{\"combined\":[", to: &out)
            appendElements(parts, to: &out)
            append("]}", to: &out)
        case .commented(let inner, let comment):
            append("{\"value\":", to: &out)
            appendValue(inner, to: &out)
            append(",\"comment\":", to: &out)
            appendString(comment, to: &out)
            out.append(UInt8(ascii: "}"))
        case .elided:
            append("\"...\"", to: &out)
        case .verbatim(let text):
            appendString(text, to: &out)
        }
    }

    /// Values separated by commas (the inside of an array).
    private static func appendElements(_ values: [DecodedValue], to out: inout [UInt8]) {
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendValue(value, to: &out)
        }
    }

    /// Bytes as a JSON string when they are valid UTF-8, else as hex.
    private static func appendBytes(_ value: StringValue, to out: inout [UInt8]) {
        if !value.forceHex, let text = String(validating: value.bytes, as: UTF8.self) {
            append("{\"string\":", to: &out)
            appendString(text, to: &out)
        } else {
            append("{\"hex\":\"", to: &out)
            let digits = Array("0123456789abcdef".utf8)
            for byte in value.bytes {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0xF)])
            }
            out.append(UInt8(ascii: "\""))
        }
        if value.truncated { append(",\"truncated\":true", to: &out) }
        out.append(UInt8(ascii: "}"))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): append("\\\"", to: &out)
        case UInt8(ascii: "\\"): append("\\\\", to: &out)
        case UInt8(ascii: "\n"): append("\\n", to: &out)
        case UInt8(ascii: "\r"): append("\\r", to: &out)
        case UInt8(ascii: "\t"): append("\\t", to: &out)
        case 0..<0x20, 0x7F:
            let digits = Array("0123456789abcdef".utf8)
            append("\\u00", to: &out)
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        default: out.append(byte)
        }
    }
}
