import Channels
import Foundation
import Runtime

/// The official account's access token, fetched and refreshed in one place for the whole process
/// (`stable_token`, which leaves tokens other replicas hold valid) and cached until 5 minutes
/// before it expires; `AccessTokenCache` decides, this actor does the HTTP calls it asks for.
actor WeChatTokenSource {
    enum Answer: Sendable {
        case token(AccessTokenCache.Token)
        /// No valid token now (a refresh failed or is under way): try again at `until`.
        case unavailable(until: Date, reason: String)
    }

    private let account: WeChatOfficialAccount
    private let transport: ChannelTransport
    private let logger: Logger
    private var cache = AccessTokenCache()
    private let refreshes = MetricsRegistry.shared.counter("duban_notify_wechat_token_refreshes_total", help: "WeChat access token fetches")
    private let refreshFailures = MetricsRegistry.shared.counter("duban_notify_wechat_token_failures_total", help: "WeChat access token fetches that failed")

    init(account: WeChatOfficialAccount, transport: ChannelTransport, logger: Logger) {
        self.account = account
        self.transport = transport
        self.logger = logger
    }

    func token() async -> Answer {
        let now = Date()
        switch cache.decide(at: now) {
        case .use(let token):
            return .token(token)
        case .wait(let until):
            return .unavailable(until: until, reason: "access token refresh under way or backing off")
        case .refresh(let force):
            refreshes.increment()
            let reason: String
            do {
                let response = try await transport.send(account.stableTokenRequest(forceRefresh: force))
                switch try WeChatOfficialAccount.parseToken(response) {
                case .token(let value, let expiresIn):
                    let token = cache.refreshSucceeded(value: value, expiresIn: expiresIn, at: Date())
                    logger.info("wechat access token refreshed", metadata: ["token": "\(token)", "forced": "\(force)"])
                    return .token(token)
                case .failed(let outcome):
                    reason = "\(outcome)"
                }
            } catch {
                reason = "\(error)"
            }
            refreshFailures.increment()
            cache.refreshFailed(at: Date())
            logger.error("wechat access token refresh failed", metadata: ["reason": reason])
            return .unavailable(until: Date().addingTimeInterval(cache.failureBackoff.timeInterval), reason: "access token refresh failed: \(reason)")
        }
    }

    /// WeChat refused `token` on a send: drop it (the next `token()` forces a refresh) and say
    /// whether one more send is worth it.
    func refused(_ token: AccessTokenCache.Token, alreadyRetried: Bool) -> AccessTokenCache.Recovery {
        cache.authenticationFailed(using: token, alreadyRetried: alreadyRetried)
    }
}
