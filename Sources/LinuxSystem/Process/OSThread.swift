import CSysHook
#if canImport(Glibc)
import Glibc
#endif

/// A plain OS thread. The ptrace engine needs one thread that owns every ptrace call (ptrace requests are only
/// valid from the thread that attached), which Swift concurrency's pool cannot promise.
public enum OSThread {
    /// Starts `body` on a new detached thread.
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        final class Box: @unchecked Sendable {  // handed over once, read once, by the new thread only
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let box = Unmanaged.passRetained(Box {
            // PR_SET_NAME (15) names the calling thread; pthread_setname_np is a GNU extension the importer hides.
            _ = name.withCString { sh_prctl(15, UInt(bitPattern: $0), 0, 0, 0) }
            body()
        }).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { context in
            let box = Unmanaged<AnyObject>.fromOpaque(context!).takeRetainedValue() as! Box
            box.body()
            return nil
        }, box)
        precondition(result == 0, "pthread_create failed: \(result)")
        pthread_detach(thread)
    }
}
