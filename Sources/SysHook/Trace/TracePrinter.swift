public import Tracer

/// Anything that turns tracer events into output: strace lines, JSON Lines, a `-c` summary.
public protocol TracePrinter: AnyObject {
    func handle(_ event: TraceEvent)
    /// Writes buffered lines out; called when the tracer is about to wait.
    func flush()
    /// Writes what is buffered; the summary printer writes its table here, at the end.
    func finish()
}

extension StracePrinter: TracePrinter {
    public func finish() { flush() }
}
