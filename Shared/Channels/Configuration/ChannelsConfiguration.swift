public import Domain
public import Runtime

/// Which gateways this deployment uses and their credentials, read once at start from the
/// environment. A gateway is enabled by setting its variables; setting only some of them is an
/// error that names the missing one. Secrets are held as `Secret` and never appear in
/// `description`, in errors or in logs.
///
/// | variable | meaning |
/// |---|---|
/// | `DUBAN_ALIYUN_SMS_ACCESS_KEY_ID`, `DUBAN_ALIYUN_SMS_ACCESS_KEY_SECRET` | Alibaba Cloud SMS (RAM user with AliyunDysmsFullAccess) |
/// | `DUBAN_ALIYUN_SMS_ENDPOINT` | default `https://dysmsapi.aliyuncs.com` |
/// | `DUBAN_TENCENT_SMS_SECRET_ID`, `DUBAN_TENCENT_SMS_SECRET_KEY`, `DUBAN_TENCENT_SMS_SDK_APP_ID` | Tencent Cloud SMS |
/// | `DUBAN_TENCENT_SMS_REGION`, `DUBAN_TENCENT_SMS_ENDPOINT` | default `ap-guangzhou`, `https://sms.tencentcloudapi.com` |
/// | `DUBAN_WECHAT_APP_ID`, `DUBAN_WECHAT_APP_SECRET`, `DUBAN_WECHAT_SERVER_TOKEN` | WeChat Official Account |
/// | `DUBAN_WECHAT_ENDPOINT` | default `https://api.weixin.qq.com` |
/// | `DUBAN_WECOM_ROBOT_WEBHOOK` | WeCom group robot webhook URL (a secret) |
/// | `DUBAN_DINGTALK_ROBOT_WEBHOOK`, `DUBAN_DINGTALK_ROBOT_SECRET` | DingTalk robot webhook URL and optional `SEC…` secret |
/// | `DUBAN_SMS_GATEWAY_URL` | Duban's generic JSON webhook (the fake gateway) |
/// | `DUBAN_SMS_PROVIDERS` | SMS providers in fallback order, e.g. `alibaba_cloud_sms,tencent_cloud_sms`; default: every configured one in that order, then the generic webhook |
/// | `DUBAN_NOTIFY_QUIET_WINDOWS` | `stage/role=HH:MM-HH:MM;…` (China time); default none |
public struct ChannelsConfiguration: Sendable, CustomStringConvertible {
    public var alibabaCloudSMS: AlibabaCloudSMS.Configuration?
    public var tencentCloudSMS: TencentCloudSMS.Configuration?
    public var wechat: WeChatOfficialAccount.Configuration?
    public var wecomRobot: WeComRobot.Configuration?
    public var dingtalkRobot: DingTalkRobot.Configuration?
    public var genericWebhook: GenericWebhookSMS.Configuration?
    public var smsProviders: [NotificationProvider]
    public var quietWindows: QuietWindowPolicy
    /// Fallback order of channels per recipient (`DUBAN_NOTIFY_CHANNELS`); default SMS only.
    public var channelPreferences: ChannelPreferences
    /// The WeChat template per notification kind (`DUBAN_WECHAT_TEMPLATES`).
    public var wechatTemplates: WeChatTemplates
    /// The documented caps with the deployment's changes (`DUBAN_NOTIFY_RATE_LIMITS`).
    public var rateLimits: [RateLimitRule]

    public init(environment: Environment) throws {
        alibabaCloudSMS = try Self.group(environment, ["DUBAN_ALIYUN_SMS_ACCESS_KEY_ID", "DUBAN_ALIYUN_SMS_ACCESS_KEY_SECRET"]) { values in
            AlibabaCloudSMS.Configuration(
                endpoint: try Self.endpoint(environment, "DUBAN_ALIYUN_SMS_ENDPOINT", default: AlibabaCloudSMS.Configuration.defaultEndpoint),
                accessKeyId: values[0], accessKeySecret: Secret(values[1]))
        }
        tencentCloudSMS = try Self.group(environment, ["DUBAN_TENCENT_SMS_SECRET_ID", "DUBAN_TENCENT_SMS_SECRET_KEY", "DUBAN_TENCENT_SMS_SDK_APP_ID"]) { values in
            TencentCloudSMS.Configuration(
                endpoint: try Self.endpoint(environment, "DUBAN_TENCENT_SMS_ENDPOINT", default: TencentCloudSMS.Configuration.defaultEndpoint),
                region: environment.string("DUBAN_TENCENT_SMS_REGION", default: "ap-guangzhou"),
                secretId: values[0], secretKey: Secret(values[1]), smsSdkAppId: values[2])
        }
        wechat = try Self.group(environment, ["DUBAN_WECHAT_APP_ID", "DUBAN_WECHAT_APP_SECRET", "DUBAN_WECHAT_SERVER_TOKEN"]) { values in
            WeChatOfficialAccount.Configuration(
                endpoint: try Self.endpoint(environment, "DUBAN_WECHAT_ENDPOINT", default: WeChatOfficialAccount.Configuration.defaultEndpoint),
                appId: values[0], appSecret: Secret(values[1]), serverToken: Secret(values[2]))
        }
        wecomRobot = try environment.optionalString("DUBAN_WECOM_ROBOT_WEBHOOK").map { url in
            guard let configuration = WeComRobot.Configuration(webhookURL: Secret(url)) else {
                throw ConfigurationError(variable: "DUBAN_WECOM_ROBOT_WEBHOOK", expected: "a webhook URL https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
                                         found: "‹redacted›")
            }
            return configuration
        }
        dingtalkRobot = try environment.optionalString("DUBAN_DINGTALK_ROBOT_WEBHOOK").map { url in
            let secret = environment.optionalString("DUBAN_DINGTALK_ROBOT_SECRET").map(Secret.init)
            guard let configuration = DingTalkRobot.Configuration(webhookURL: Secret(url), secret: secret) else {
                throw ConfigurationError(variable: "DUBAN_DINGTALK_ROBOT_WEBHOOK", expected: "a webhook URL https://oapi.dingtalk.com/robot/send?access_token=…",
                                         found: "‹redacted›")
            }
            return configuration
        }
        if environment.optionalString("DUBAN_DINGTALK_ROBOT_SECRET") != nil && dingtalkRobot == nil {
            throw ConfigurationError(variable: "DUBAN_DINGTALK_ROBOT_WEBHOOK", expected: "the robot's webhook URL, since DUBAN_DINGTALK_ROBOT_SECRET is set", found: nil)
        }
        genericWebhook = try environment.optionalString("DUBAN_SMS_GATEWAY_URL").map { url in
            guard let configuration = GenericWebhookSMS.Configuration(sendURL: url) else {
                throw ConfigurationError(variable: "DUBAN_SMS_GATEWAY_URL", expected: "an http:// or https:// URL without a query", found: url)
            }
            return configuration
        }

        var configured: [NotificationProvider] = []
        if alibabaCloudSMS != nil { configured.append(.alibabaCloudSMS) }
        if tencentCloudSMS != nil { configured.append(.tencentCloudSMS) }
        if genericWebhook != nil { configured.append(.genericWebhook) }
        if let list = environment.optionalString("DUBAN_SMS_PROVIDERS") {
            var providers: [NotificationProvider] = []
            for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                guard let provider = NotificationProvider(rawValue: name), provider.channel == "sms" else {
                    throw ConfigurationError(variable: "DUBAN_SMS_PROVIDERS", expected: "a comma-separated list of alibaba_cloud_sms, tencent_cloud_sms, generic_webhook", found: list)
                }
                guard configured.contains(provider) else {
                    throw ConfigurationError(variable: "DUBAN_SMS_PROVIDERS", expected: "only providers whose credentials are set; \(name) is not configured", found: list)
                }
                if !providers.contains(provider) { providers.append(provider) }
            }
            smsProviders = providers
        } else {
            smsProviders = configured
        }

        if let text = environment.optionalString("DUBAN_NOTIFY_QUIET_WINDOWS") {
            do {
                quietWindows = try QuietWindowPolicy(parsing: text)
            } catch {
                throw ConfigurationError(variable: "DUBAN_NOTIFY_QUIET_WINDOWS", expected: error.description, found: text)
            }
        } else {
            quietWindows = .none
        }

        if let text = environment.optionalString("DUBAN_WECHAT_TEMPLATES") {
            guard wechat != nil else {
                throw ConfigurationError(variable: "DUBAN_WECHAT_APP_ID", expected: "the official account, since DUBAN_WECHAT_TEMPLATES is set", found: nil)
            }
            do { wechatTemplates = try WeChatTemplates(parsing: text) } catch {
                throw ConfigurationError(variable: "DUBAN_WECHAT_TEMPLATES", expected: error.description, found: text)
            }
        } else {
            wechatTemplates = WeChatTemplates()
        }
        if let text = environment.optionalString("DUBAN_NOTIFY_RATE_LIMITS") {
            do { rateLimits = try RateLimitOverrides.apply(text, to: DocumentedLimits.all) } catch {
                throw ConfigurationError(variable: "DUBAN_NOTIFY_RATE_LIMITS", expected: error.description, found: text)
            }
        } else {
            rateLimits = DocumentedLimits.all
        }
        if let text = environment.optionalString("DUBAN_NOTIFY_CHANNELS") {
            do { channelPreferences = try ChannelPreferences(parsing: text) } catch {
                throw ConfigurationError(variable: "DUBAN_NOTIFY_CHANNELS", expected: error.description, found: text)
            }
            let configured: [ChannelPreferences.Channel: Bool] = [
                .sms: !smsProviders.isEmpty, .wechat: wechat != nil, .wecomRobot: wecomRobot != nil, .dingtalkRobot: dingtalkRobot != nil,
            ]
            if let missing = channelPreferences.namedChannels.sorted(by: { $0.rawValue < $1.rawValue }).first(where: { configured[$0] != true }) {
                throw ConfigurationError(variable: "DUBAN_NOTIFY_CHANNELS", expected: "only configured channels; \(missing.rawValue) has no credentials", found: text)
            }
        } else {
            channelPreferences = .smsOnly
        }
    }

    /// All of `names` set (values in order), none set (nil), or an error naming the first missing.
    private static func group<Value>(_ environment: Environment, _ names: [String], _ make: ([String]) throws -> Value) throws -> Value? {
        let values = names.map { environment.optionalString($0) }
        if values.allSatisfy({ $0 == nil }) { return nil }
        if let missing = zip(names, values).first(where: { $0.1 == nil })?.0 {
            let present = zip(names, values).filter { $0.1 != nil }.map(\.0).joined(separator: ", ")
            throw ConfigurationError(variable: missing, expected: "a value, since \(present) is set (set all of \(names.joined(separator: ", ")) or none)", found: nil)
        }
        return try make(values.compactMap { $0 })
    }

    private static func endpoint(_ environment: Environment, _ name: String, default fallback: ChannelEndpoint) throws -> ChannelEndpoint {
        guard let text = environment.optionalString(name) else { return fallback }
        guard let endpoint = ChannelEndpoint(text) else {
            throw ConfigurationError(variable: name, expected: "http(s)://host[:port] without a path", found: text)
        }
        return endpoint
    }

    public var description: String {
        let parts: [String] = [
            alibabaCloudSMS?.description, tencentCloudSMS?.description, wechat?.description, wecomRobot?.description,
            dingtalkRobot?.description, genericWebhook?.description,
        ].compactMap { $0 }
        return "Channels(sms: [\(smsProviders.map(\.rawValue).joined(separator: ", "))], \(parts.joined(separator: ", ")), quiet windows: \(quietWindows.rules.count), preferences: \(channelPreferences))"
    }
}
