extension ClassicBPF {
    /// A named position in a classic-BPF program that jumps refer to; the assembler turns it into an offset.
    public struct Label: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
        public let name: String

        public init(_ name: String) { self.name = name }
        public init(stringLiteral value: String) { self.name = value }

        public var description: String { name }
    }
}
