public import SystemPackage

/// Why the user-notification supervisor could not do what was asked.
public struct NotifyError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        fileprivate enum Storage: Hashable, Sendable { case notificationGone, unreadableMemory, kernel, spawn }
        fileprivate let storage: Storage
        /// The notified call is no longer pending: the target died or a signal interrupted the call (an
        /// interrupted call that restarts arrives again as a new notification). What was read for it is stale.
        public static let notificationGone = Code(storage: .notificationGone)
        /// The target's memory at the given address could not be read.
        public static let unreadableMemory = Code(storage: .unreadableMemory)
        /// A seccomp operation failed; `underlying` says why.
        public static let kernel = Code(storage: .kernel)
        /// The target could not be started; `message` says why.
        public static let spawn = Code(storage: .spawn)
    }

    public let code: Code
    public let underlying: Errno?
    public let message: String

    public init(_ code: Code, underlying: Errno? = nil, message: String) {
        self.code = code
        self.underlying = underlying
        self.message = message
    }

    public var description: String {
        if let underlying { return "\(message): \(underlying)" }
        return message
    }
}
