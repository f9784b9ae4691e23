public import Foundation

/// A `syshook watch` running in the background for a test.
public struct RunningWatcher {
    public let process: Process
    /// What it wrote to stderr up to its start message (the programs are attached, the signal handlers set).
    public let startMessages: String
    /// Its stderr, for reading what it says after starting.
    public let errors: Pipe
}

/// Starts `syshook watch ARGUMENTS` and returns once it says its programs are attached (or its stderr closes).
public func startWatcher(_ arguments: [String]) throws -> RunningWatcher {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Executables.syshook)
    process.arguments = ["watch"] + arguments
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    var text = ""
    while !text.contains("attached") {
        let data = errors.fileHandleForReading.availableData
        if data.isEmpty { break }
        text += String(decoding: data, as: UTF8.self)
    }
    return RunningWatcher(process: process, startMessages: text, errors: errors)
}

extension RunningWatcher {
    /// Stops it with SIGTERM, waits for it, and returns everything it wrote to stderr.
    public func stop() -> String {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return startMessages + String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}
