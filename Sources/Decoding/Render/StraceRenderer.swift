/// Renders decoded values as strace prints them. The display style (`-X`, `-x`, `-y`) is decided here, never in a
/// decoder (style.md D11).
public struct StraceRenderer: Sendable {
    public var options: StraceFormatOptions

    public init(options: StraceFormatOptions) {
        self.options = options
    }

    /// The arguments joined with `, `.
    public func render(_ arguments: [DecodedArgument]) -> String {
        var out = ""
        for (index, argument) in arguments.enumerated() {
            if index > 0 { out += argument.isUpdate ? " => " : ", " }
            write(argument.value, to: &out)
        }
        return out
    }

    public func render(_ value: DecodedValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    public func write(_ value: DecodedValue, to out: inout String) {
        switch value {
        case .signed(let number): out += String(number)
        case .unsigned(let number): out += String(number)
        case .hex(let number): out += Self.hex(number)
        case .octal(let number): out += Self.octal(number)
        case .descriptor(let fd, let target):
            out += String(fd)
            if options.decodeDescriptors > 0, let target { writeTarget(target, to: &out) }
        case .withTarget(let inner, let target):
            write(inner, to: &out)
            if options.decodeDescriptors > 0 { writeTarget(target, to: &out) }
        case .flags(let flags): writeFlags(flags, to: &out)
        case .constant(let constant): writeConstant(constant, to: &out)
        case .string(let string):
            out += StringQuoting.quote(string.bytes, hexStrings: string.forceHex ? 2 : options.hexStrings)
            if string.truncated { out += "..." }
        case .address(let address): out += Self.address(address)
        case .structure(let fields):
            out += "{"
            for (index, field) in fields.enumerated() {
                if index > 0 { out += ", " }
                if let name = field.name { out += name + "=" }
                write(field.value, to: &out)
            }
            out += "}"
        case .array(let elements, let more):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += ", " }
                write(element, to: &out)
            }
            if more { out += elements.isEmpty ? "..." : ", ..." }
            out += "]"
        case .signalSet(let signals, let complemented):
            if complemented { out += "~" }
            out += "["
            for (index, signal) in signals.enumerated() {
                if index > 0 { out += " " }
                let name = SignalNames.shortName(signal)
                switch options.style {
                case .abbrev: out += name
                case .raw: out += String(signal)
                case .verbose: out += name == String(signal) ? name : "\(signal) /* \(name) */"
                }
            }
            out += "]"
        case .spaced(let members):
            out += "["
            for (index, member) in members.enumerated() {
                if index > 0 { out += " " }
                write(member, to: &out)
            }
            out += "]"
        case .changed(let before, let after):
            write(before, to: &out)
            out += " => "
            write(after, to: &out)
        case .pointee(let inner):
            out += "["
            write(inner, to: &out)
            out += "]"
        case .call(let name, let arguments):
            out += name + "("
            for (index, argument) in arguments.enumerated() {
                if index > 0 { out += ", " }
                write(argument, to: &out)
            }
            out += ")"
        case .combined(let parts):
            for (index, part) in parts.enumerated() {
                if index > 0 { out += "|" }
                write(part, to: &out)
            }
        case .commented(let inner, let comment):
            write(inner, to: &out)
            out += " /* " + comment + " */"
        case .named(let name, let inner):
            out += name + "="
            write(inner, to: &out)
        case .sequence(let values):
            for (index, value) in values.enumerated() {
                if index > 0 { out += ", " }
                write(value, to: &out)
            }
        case .symbolic(let inner):
            var abbreviated = self
            abbreviated.options.style = .abbrev
            abbreviated.write(inner, to: &out)
        case .labelled(let label, let inner):
            out += label + " "
            write(inner, to: &out)
        case .elided: out += "..."
        case .verbatim(let text): out += text
        }
    }

    /// `<path>` after a descriptor; `-yy` adds details inside (`<TCP:[…]>`, `</dev/null<char 1:3>>`).
    func writeTarget(_ target: DescriptorTarget, to out: inout String) {
        out += "<"
        if options.decodeDescriptors > 1, let details = target.details {
            if target.path.hasPrefix("/") {
                out += Self.escapedPath(target.path) + "<" + details + ">"
            } else {
                out += details
            }
        } else {
            out += Self.escapedPath(target.path)
        }
        out += ">"
        if target.deleted { out += "(deleted)" }
    }

    /// strace escapes `<`, `>`, `|`, `"` and non-printable bytes in descriptor paths as `\xNN`.
    static func escapedPath(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            if byte < 0x20 || byte > 0x7E || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "|") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
            {
                out += "\\x" + StringQuoting.hexDigits(byte)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }

    func writeFlags(_ flags: FlagsValue, to out: inout String) {
        let rawText = flags.leftoverFormat == .octal ? Self.octal(flags.raw) : Self.hex(flags.raw)
        switch options.style {
        case .raw:
            out += rawText
        case .abbrev:
            out += Self.symbolic(flags)
        case .verbose:
            out += rawText
            if !flags.names.isEmpty { out += " /* " + Self.symbolic(flags) + " */" }
        }
    }

    static func symbolic(_ flags: FlagsValue) -> String {
        var parts = flags.names
        if flags.leftover != 0 || parts.isEmpty {
            parts.append(flags.leftoverFormat == .octal ? octal(flags.leftover) : hex(flags.leftover))
        }
        return parts.joined(separator: "|")
    }

    func writeConstant(_ constant: ConstantValue, to out: inout String) {
        let number = Self.number(constant.raw, constant.format)
        guard let name = constant.name else {
            out += number
            if let comment = constant.unknownComment, options.style != .raw { out += " /* " + comment + " */" }
            return
        }
        switch options.style {
        case .raw: out += number
        case .abbrev: out += name
        case .verbose: out += number + " /* " + name + " */"
        }
    }

    static func number(_ value: Int64, _ format: ConstantValue.NumberFormat) -> String {
        switch format {
        case .decimal: String(value)
        case .unsignedDecimal: String(UInt64(bitPattern: value))
        case .hex: hex(UInt64(bitPattern: value))
        case .octal: octal(UInt64(bitPattern: value))
        }
    }

    /// C's `%#lx`: `0` for zero, else `0x` and lowercase digits.
    static func hex(_ value: UInt64) -> String {
        value == 0 ? "0" : "0x" + String(value, radix: 16)
    }

    /// strace's `%#03o` for modes: at least three digits with the leading zero (`000`, `0644`).
    static func octal(_ value: UInt64) -> String {
        let digits = String(value, radix: 8)
        return "0" + String(repeating: "0", count: max(0, 2 - digits.count)) + digits
    }

    static func address(_ value: UInt64) -> String {
        value == 0 ? "NULL" : "0x" + String(value, radix: 16)
    }
}
