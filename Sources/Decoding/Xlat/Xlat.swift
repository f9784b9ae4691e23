/// Namespace of the generated constant tables (one `Xlat+<name>.swift` per spec in Tools/Inputs/xlat).
enum Xlat {}
