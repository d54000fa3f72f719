public import Domain

/// One documented cap of a provider, as data: what is counted (scope), how many, over what
/// window, and where the number comes from. `provisional` marks figures the sources disagree on
/// (notify.md); a deployment may replace any rule with what its contract says.
public struct RateLimitRule: Sendable, Equatable, CustomStringConvertible {
    public enum Scope: String, Sendable, Codable {
        /// Every request to the provider (API rate).
        case provider
        /// Each recipient (phone number or openid).
        case recipient
        /// Each recipient with one signature and one template (Alibaba Cloud's notification cap).
        case recipientSignatureAndTemplate = "recipient_signature_template"
        /// Each recipient with identical content (Tencent Cloud's 30-second rule).
        case recipientAndContent = "recipient_content"
        /// Each destination: one robot webhook, one WeChat account.
        case destination
    }

    public enum Window: Sendable, Equatable {
        /// A token bucket refilled over this period (smooths an API request rate).
        case tokenBucket(Duration)
        /// At most `limit` in any interval of this length.
        case slidingWindow(Duration)
        /// At most `limit` per China-time calendar day.
        case chinaCalendarDay
    }

    public var name: String
    public var provider: NotificationProvider
    public var scope: Scope
    public var limit: Int
    public var window: Window
    /// The documentation the figure comes from.
    public var basis: String
    public var provisional: Bool

    public init(name: String, provider: NotificationProvider, scope: Scope, limit: Int, window: Window, basis: String, provisional: Bool = false) {
        self.name = name
        self.provider = provider
        self.scope = scope
        self.limit = limit
        self.window = window
        self.basis = basis
        self.provisional = provisional
    }

    public var description: String {
        let span: String
        switch window {
        case .tokenBucket(let period): span = "per \(period) (token bucket)"
        case .slidingWindow(let period): span = "per \(period)"
        case .chinaCalendarDay: span = "per China-time day"
        }
        return "\(name): \(limit) \(span) per \(scope.rawValue)\(provisional ? " (provisional)" : "")"
    }
}

/// The caps the providers document, as defaults for `RateLimiter`.
public enum DocumentedLimits {
    public static func rules(for provider: NotificationProvider) -> [RateLimitRule] {
        all.filter { $0.provider == provider }
    }

    public static let all: [RateLimitRule] = [
        RateLimitRule(name: "alibaba.notification.per_number_signature_template_day", provider: .alibabaCloudSMS,
                      scope: .recipientSignatureAndTemplate, limit: 50, window: .chinaCalendarDay,
                      basis: "阿里云短信默认流控：短信通知，同一签名、同一模板对同一手机号 50 条/日（自然日），按提交计"),
        // The per-number caps Alibaba Cloud lists for one number (1 a minute, 5 an hour, 10 a day).
        // Its documentation states them for verification codes; Duban applies them to every SMS to
        // a number, so that a burst of notices to one person is held and merged into a digest
        // rather than refused by the gateway. A contract with other figures replaces them.
        RateLimitRule(name: "alibaba.per_number_minute", provider: .alibabaCloudSMS, scope: .recipient, limit: 1,
                      window: .slidingWindow(.seconds(60)), basis: "阿里云短信默认流控：同一手机号 1 条/分钟", provisional: true),
        RateLimitRule(name: "alibaba.per_number_hour", provider: .alibabaCloudSMS, scope: .recipient, limit: 5,
                      window: .slidingWindow(.seconds(3600)), basis: "阿里云短信默认流控：同一手机号 5 条/小时", provisional: true),
        RateLimitRule(name: "alibaba.per_number_day", provider: .alibabaCloudSMS, scope: .recipient, limit: 10,
                      window: .chinaCalendarDay, basis: "阿里云短信默认流控：同一手机号 10 条/自然日", provisional: true),
        RateLimitRule(name: "alibaba.api.send_rate", provider: .alibabaCloudSMS, scope: .provider, limit: 5000,
                      window: .tokenBucket(.seconds(1)), basis: "阿里云短信 API 单用户 QPS 上限 5000 次/秒"),
        RateLimitRule(name: "tencent.same_content_per_number_30s", provider: .tencentCloudSMS, scope: .recipientAndContent, limit: 1,
                      window: .slidingWindow(.seconds(30)), basis: "腾讯云短信默认频率限制：同一手机号 30 秒内相同内容 1 条"),
        RateLimitRule(name: "tencent.per_number_hour", provider: .tencentCloudSMS, scope: .recipient, limit: 5,
                      window: .slidingWindow(.seconds(3600)), basis: "腾讯云短信默认频率限制：同一手机号 1 小时内 5 条", provisional: true),
        RateLimitRule(name: "tencent.per_number_day", provider: .tencentCloudSMS, scope: .recipient, limit: 10,
                      window: .chinaCalendarDay, basis: "腾讯云短信默认频率限制：同一手机号每自然日 10 条（资料不一：10 或 2）", provisional: true),
        RateLimitRule(name: "tencent.api.send_rate", provider: .tencentCloudSMS, scope: .provider, limit: 3000,
                      window: .tokenBucket(.seconds(1)), basis: "腾讯云 SendSms 接口 3000 次/秒"),
        RateLimitRule(name: "wechat.template.per_account_day", provider: .wechatOfficialAccount, scope: .destination, limit: 100_000,
                      window: .chinaCalendarDay, basis: "微信模板消息：每个账号每日 10 万次（粉丝多时更高）"),
        RateLimitRule(name: "wecom.robot.per_minute", provider: .wecomRobot, scope: .destination, limit: 20,
                      window: .slidingWindow(.seconds(60)), basis: "企业微信群机器人：每个机器人 20 条/分钟"),
        RateLimitRule(name: "dingtalk.robot.per_minute", provider: .dingtalkRobot, scope: .destination, limit: 20,
                      window: .slidingWindow(.seconds(60)), basis: "钉钉自定义机器人：每个机器人 20 条/分钟，超过后限流 10 分钟"),
    ]
}
