/// Type ids by name, built in one pass over the type section without making a `String` of any name.
///
/// vmlinux has ~150,000 types; a `[String: [UInt32]]` of them took 30 ms to build (a String and an array per
/// name), most of `syshook watch`'s start-up; this takes 5. It is an open-addressing table of type ids keyed by an FNV-1a hash
/// of the name's bytes in the string section: a lookup hashes the wanted name, probes, and compares bytes.
struct BTFNameTable: Sendable {
    /// Type ids (0 = empty slot), a power-of-two count at least twice the number of named types.
    private let slots: [UInt32]
    private let hashes: [UInt32]

    /// `nameOffsets[id]`: the string-section offset of type `id`'s name (0 = anonymous); `strings` the string
    /// section (a slice of the blob: its indices are the blob's).
    init(nameOffsets: [UInt32], strings: ArraySlice<UInt8>) {
        var capacity = 1
        while capacity < 2 * nameOffsets.count { capacity <<= 1 }
        var slots = [UInt32](repeating: 0, count: capacity)
        var hashes = [UInt32](repeating: 0, count: capacity)
        let mask = capacity - 1
        for id in 1..<nameOffsets.count where nameOffsets[id] != 0 {
            let hash = Self.hash(strings, from: strings.startIndex + Int(nameOffsets[id]))
            var slot = Int(hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(id)
            hashes[slot] = hash
        }
        self.slots = slots
        self.hashes = hashes
    }

    /// The ids of the types named `name`, in id order. `nameMatches(id)` compares a candidate's name bytes.
    func ids(named name: String, nameMatches: (UInt32) -> Bool) -> [UInt32] {
        let hash = Self.hash(ArraySlice(Array(name.utf8)), from: 0)
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        var found: [UInt32] = []
        while slots[slot] != 0 {
            if hashes[slot] == hash, nameMatches(slots[slot]) { found.append(slots[slot]) }
            slot = (slot + 1) & mask
        }
        return found.sorted()
    }

    /// FNV-1a (32-bit) of the bytes from index `start` up to a NUL or the end.
    private static func hash(_ bytes: ArraySlice<UInt8>, from start: Int) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        var index = start
        while index < bytes.endIndex, bytes[index] != 0 {
            hash = (hash ^ UInt32(bytes[index])) &* 16_777_619
            index += 1
        }
        return hash
    }
}
