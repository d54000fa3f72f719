public import Foundation

/// The policy for a WeChat account's access token, as a state machine without I/O: one refresh
/// at a time for the whole process, started `refreshMargin` before expiry (the old token serves
/// meanwhile); after WeChat refuses a token, one forced refresh and one retry of the send; never a
/// refresh loop. The sender owns one cache per account (behind its actor or lock) and does the
/// HTTP calls the decisions ask for.
public struct AccessTokenCache: Sendable {
    public struct Token: Sendable, CustomStringConvertible {
        public let value: Secret
        public let expiresAt: Date
        /// Increases with each refresh: tells a refusal of the current token from a stale one.
        public let generation: Int

        public var description: String { "AccessToken(generation \(generation), expires \(expiresAt))" }
    }

    public enum Decision: Sendable {
        /// Send with this token.
        case use(Token)
        /// Fetch a new token now (`stable_token`, forced when WeChat refused the current one) and
        /// report the result with `refreshSucceeded` or `refreshFailed`.
        case refresh(force: Bool)
        /// Another refresh is in flight, or the last one failed recently, and no valid token is
        /// held: try again at this time.
        case wait(until: Date)
    }

    public enum Recovery: Sendable, Equatable {
        /// Ask `decide` again (it refreshes or returns the newer token) and resend once.
        case retryWithNewToken
        /// A fresh token was refused too: the AppSecret, IP whitelist or account is wrong. Stop
        /// and alert; do not refresh again for this send.
        case giveUp
    }

    /// Refresh this long before the token expires (WeChat tokens last 7200 s).
    public var refreshMargin: Duration
    /// A refresh that has not reported back after this long is considered lost.
    public var refreshTimeout: Duration
    /// After a failed refresh, wait this long before the next attempt.
    public var failureBackoff: Duration

    public private(set) var current: Token?
    private var refreshStartedAt: Date?
    private var refreshNotBefore: Date?
    private var forceNextRefresh = false
    private var generation = 0

    public init(refreshMargin: Duration = .seconds(300), refreshTimeout: Duration = .seconds(30), failureBackoff: Duration = .seconds(10)) {
        self.refreshMargin = refreshMargin
        self.refreshTimeout = refreshTimeout
        self.failureBackoff = failureBackoff
    }

    public mutating func decide(at now: Date) -> Decision {
        let usable = current.flatMap { $0.expiresAt > now ? $0 : nil }
        if let usable, now < usable.expiresAt.addingTimeInterval(-refreshMargin.seconds) { return .use(usable) }
        if let started = refreshStartedAt, now < started.addingTimeInterval(refreshTimeout.seconds) {
            return usable.map(Decision.use) ?? .wait(until: started.addingTimeInterval(refreshTimeout.seconds))
        }
        if let notBefore = refreshNotBefore, now < notBefore {
            return usable.map(Decision.use) ?? .wait(until: notBefore)
        }
        refreshStartedAt = now
        return .refresh(force: forceNextRefresh)
    }

    @discardableResult
    public mutating func refreshSucceeded(value: Secret, expiresIn: Duration, at now: Date) -> Token {
        generation += 1
        let token = Token(value: value, expiresAt: now.addingTimeInterval(expiresIn.seconds), generation: generation)
        current = token
        refreshStartedAt = nil
        refreshNotBefore = nil
        forceNextRefresh = false
        return token
    }

    public mutating func refreshFailed(at now: Date) {
        refreshStartedAt = nil
        refreshNotBefore = now.addingTimeInterval(failureBackoff.seconds)
    }

    /// WeChat answered a send made with `used` with an authentication code (40001, 40014,
    /// 42001). `alreadyRetried` is true when this send already went out once with a token
    /// obtained after an earlier refusal.
    public mutating func authenticationFailed(using used: Token, alreadyRetried: Bool) -> Recovery {
        guard !alreadyRetried else { return .giveUp }
        if let current, current.generation == used.generation {
            // The token we hold was refused: drop it and force the next refresh (a plain
            // stable_token call would hand back the same token while it is unexpired).
            self.current = nil
            forceNextRefresh = true
            refreshNotBefore = nil
        }
        return .retryWithNewToken
    }
}
