/// A tiny JSON writer: the decoded value tree has a fixed shape, so no Codable machinery is needed, and key order
/// stays as written (arguments in call order). The mapping is documented in docs/json-schema.md.
enum JSONEncoding {
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    static func hexAddress(_ value: UInt64) -> String { string("0x" + String(value, radix: 16)) }

    /// Bytes as a JSON string when they are valid UTF-8, else as hex.
    static func bytes(_ value: StringValue) -> String {
        var members: [(String, String)] = []
        if let text = String(validating: value.bytes, as: UTF8.self), !value.forceHex {
            members.append(("string", string(text)))
        } else {
            members.append(("hex", string(value.bytes.map { StringQuoting.hexDigits($0) }.joined())))
        }
        if value.truncated { members.append(("truncated", "true")) }
        return object(members)
    }

    static func value(_ value: DecodedValue) -> String {
        switch value {
        case .signed(let number): return String(number)
        case .unsigned(let number), .hex(let number), .octal(let number): return String(number)
        case .descriptor(let fd, let target):
            var members = [("fd", String(fd))]
            if let target {
                members.append(("path", string(target.path)))
                if target.deleted { members.append(("deleted", "true")) }
                if let details = target.details { members.append(("details", string(details))) }
            }
            return object(members)
        case .withTarget(let inner, let target):
            return object([("value", self.value(inner)), ("path", string(target.path))])
        case .flags(let flags):
            var members = [
                ("value", String(flags.raw)), ("flags", "[" + flags.names.map(string).joined(separator: ",") + "]"),
            ]
            if flags.leftover != 0 { members.append(("unknown", String(flags.leftover))) }
            return object(members)
        case .constant(let constant):
            var members = [("value", String(constant.raw))]
            if let name = constant.name { members.append(("name", string(name))) }
            return object(members)
        case .string(let text): return bytes(text)
        case .address(let address): return address == 0 ? "null" : object([("address", hexAddress(address))])
        case .structure(let fields):
            var members: [(String, String)] = []
            for (index, field) in fields.enumerated() {
                if case .elided = field.value {
                    members.append(("...", "true"))
                } else {
                    members.append((field.name ?? "_\(index)", self.value(field.value)))
                }
            }
            return object(members)
        case .array(let elements, let more):
            var items = elements.map(self.value)
            if more { items.append(string("...")) }
            return "[" + items.joined(separator: ",") + "]"
        case .signalSet(let signals, let complemented):
            let names = signals.map { string(SignalNames.shortName($0)) }
            return object([
                ("signals", "[" + names.joined(separator: ",") + "]"), ("complement", complemented ? "true" : "false"),
            ])
        case .spaced(let members):
            return "[" + members.map(self.value).joined(separator: ",") + "]"
        case .changed(let before, let after):
            return object([("before", self.value(before)), ("after", self.value(after))])
        case .labelled(let label, let inner)
        where label == "left" || label == "in" || label == "out" || label == "except":
            return object([(label, self.value(inner))])
        case .pointee(let inner), .named(_, let inner), .labelled(_, let inner), .symbolic(let inner):
            return self.value(inner)
        case .call(let name, let arguments):
            return object([
                ("call", string(name)), ("args", "[" + arguments.map(self.value).joined(separator: ",") + "]"),
            ])
        case .sequence(let values):
            return "[" + values.map(self.value).joined(separator: ",") + "]"
        case .combined(let parts):
            return object([("combined", "[" + parts.map(self.value).joined(separator: ",") + "]")])
        case .commented(let inner, let comment):
            return object([("value", self.value(inner)), ("comment", string(comment))])
        case .elided:
            return string("...")
        case .verbatim(let text):
            return string(text)
        }
    }
}
