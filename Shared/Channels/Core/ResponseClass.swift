/// What a provider's answer means for the attempt, the same six words for every provider.
/// Raw values are stable strings (stored with the attempt, used in metrics labels).
public enum ResponseClass: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Accepted: the message is with the provider (delivery comes later, by receipt).
    case success
    /// Failed for a reason a later try may fix (provider busy, internal error): retry with
    /// backoff and jitter, capped.
    case transient
    /// Refused by a frequency or quota rule: reschedule to the next window, merge into a digest,
    /// or fall back to another channel. Retrying at once only burns more quota.
    case rateLimited = "rate_limited"
    /// This message can never go out this way (bad number, user unsubscribed or blocked, content
    /// refused): do not retry; fall back or report.
    case permanent
    /// Duban's side is set up wrong (template or signature not approved, app id, balance,
    /// permissions, IP whitelist): retrying cannot help until an operator acts; alert.
    case configuration
    /// The credentials or token were refused: refresh a token once, otherwise alert.
    case authentication

    public var description: String { rawValue }
}
