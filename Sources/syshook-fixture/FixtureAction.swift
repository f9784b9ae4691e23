/// An action takes its arguments and returns the exit code.
typealias FixtureActionBody = @Sendable ([String]) -> Int32

enum FixtureAction {
    /// All actions, merged from the per-area tables. Each area adds one static table in its own file and one line here.
    static let all: [String: FixtureActionBody] = {
        var merged: [String: FixtureActionBody] = [:]
        for table in [processActions, notifyActions, seccompActions, monitorActions, decodingActions] {
            merged.merge(table) { first, _ in first }
        }
        return merged
    }()
}
