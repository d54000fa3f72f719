/// A credential from configuration (AccessKey secret, SecretKey, AppSecret, access token, robot
/// webhook URL). It prints, dumps and reflects as `‹redacted›`, so a secret that reaches a log
/// line, an error or `dump` by accident shows nothing. Code that signs reads `revealed` explicitly.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// The secret itself, for signing and for the request that must carry it.
    public var revealed: String { value }

    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "‹redacted›" }
    public var debugDescription: String { "Secret(‹redacted›)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Whether two secrets hold the same value (for cache bookkeeping; not constant-time).
    public func hasSameValue(as other: Secret) -> Bool { value == other.value }
}
