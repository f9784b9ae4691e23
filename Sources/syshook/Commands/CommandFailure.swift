/// A failure a command reports in one line ("Error: …", exit code 1) without a usage screen: the input was
/// well-formed but names something that does not exist.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
