public import Foundation

/// 钉钉自定义机器人: POST `https://oapi.dingtalk.com/robot/send?access_token=…` with a text or
/// markdown message; with "加签" security, `timestamp` (ms) and `sign` are added to the URL
/// (`DingTalkSignature`). 20 messages a minute per robot; beyond that DingTalk throttles the
/// robot for 10 minutes. The webhook URL and the secret are credentials.
public struct DingTalkRobot: Sendable, CustomStringConvertible {
    public struct Configuration: Sendable, CustomStringConvertible {
        public var endpoint: ChannelEndpoint
        public var path: String
        public var accessToken: Secret
        /// The `SEC…` signing secret; nil for a robot secured by keywords or IP only.
        public var secret: Secret?

        /// Reads the webhook URL as DingTalk shows it; nil unless it is http(s) with an `access_token`.
        public init?(webhookURL: Secret, secret: Secret?) {
            guard let components = URLComponents(string: webhookURL.revealed),
                  let scheme = components.scheme, let host = components.host,
                  let token = components.queryItems?.first(where: { $0.name == "access_token" })?.value, !token.isEmpty,
                  let endpoint = ChannelEndpoint(scheme: scheme.lowercased(), host: host, port: components.port).validated
            else { return nil }
            self.endpoint = endpoint
            self.path = components.percentEncodedPath.isEmpty ? "/robot/send" : components.percentEncodedPath
            self.accessToken = Secret(token)
            self.secret = secret.flatMap { $0.isEmpty ? nil : $0 }
        }

        public var description: String {
            "DingTalkRobot(endpoint: \(endpoint)\(path), accessToken: \(accessToken), signed: \(secret != nil))"
        }
    }

    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public var description: String { configuration.description }

    private struct At: Encodable {
        let atMobiles: [String]
        let isAtAll: Bool
    }

    private struct TextBody: Encodable {
        struct Text: Encodable { let content: String }
        let msgtype = "text"
        let text: Text
        let at: At
    }

    private struct MarkdownBody: Encodable {
        struct Markdown: Encodable {
            let title: String
            let text: String
        }

        let msgtype = "markdown"
        let markdown: Markdown
        let at: At
    }

    /// A text message signed at `date` (the timestamp must be within an hour of DingTalk's clock).
    /// To @ someone, DingTalk also wants `@phone` inside the content; it is added when missing.
    public func textRequest(_ content: String, atMobiles: [String] = [], atAll: Bool = false, at date: Date) throws(ChannelError) -> ChannelRequest {
        guard !content.isEmpty else { throw ChannelError(.invalidRequest, .dingtalkRobot, "text is empty") }
        var text = content
        for mobile in atMobiles where !text.contains("@\(mobile)") { text += " @\(mobile)" }
        return request(JSONBody.encode(TextBody(text: .init(content: text), at: At(atMobiles: atMobiles, isAtAll: atAll))), at: date)
    }

    public func markdownRequest(title: String, text: String, atMobiles: [String] = [], atAll: Bool = false, at date: Date) throws(ChannelError) -> ChannelRequest {
        guard !title.isEmpty, !text.isEmpty else { throw ChannelError(.invalidRequest, .dingtalkRobot, "markdown needs a title and a text") }
        return request(JSONBody.encode(MarkdownBody(markdown: .init(title: title, text: text), at: At(atMobiles: atMobiles, isAtAll: atAll))), at: date)
    }

    private func request(_ body: [UInt8], at date: Date) -> ChannelRequest {
        var query: [ChannelRequest.QueryItem] = [.init("access_token", configuration.accessToken.revealed, isSecret: true)]
        if let secret = configuration.secret {
            let timestamp = UTCTimestamp.unixMilliseconds(date)
            query.append(.init("timestamp", String(timestamp)))
            query.append(.init("sign", DingTalkSignature.sign(timestampMilliseconds: timestamp, secret: secret), isSecret: true))
        }
        return ChannelRequest(method: "POST", endpoint: configuration.endpoint, path: configuration.path, query: query,
                              headers: [.init("Content-Type", "application/json; charset=utf-8")], body: body)
    }

    /// DingTalk's robot return codes, by class; unlisted codes are permanent.
    static let codeClasses: [Int: ResponseClass] = [
        0: .success,
        -1: .transient,          // 系统繁忙
        130101: .rateLimited,    // send too fast: more than 20 a minute; throttled for 10 minutes
        410100: .rateLimited,    // 发送速度太快而限流
        310000: .configuration,  // sign not match / keywords not in content / ip not in whitelist
        300001: .configuration,  // token is not exist
        400101: .configuration,  // access_token 不存在
        400102: .configuration,  // 机器人已停用
        400106: .configuration,  // 机器人不存在
        400013: .configuration,  // 群已被解散
        400105: .permanent,      // 不支持的消息类型
        430101: .permanent,      // 含有不安全的外链
        430102: .permanent,      // 含有不合适的文本
        430103: .permanent,      // 含有不合适的图片
        430104: .permanent,      // 含有不合适的内容
    ]

    private struct Answer: Decodable {
        let errcode: Int?
        let errmsg: String?
    }

    public static func classify(_ response: ChannelResponse) -> SendOutcome {
        guard let answer = JSONBody.decode(Answer.self, from: response.body), let code = answer.errcode else {
            return .fromHTTPStatus(response)
        }
        let classification = codeClasses[code] ?? .permanent
        return SendOutcome(classification: classification, providerCode: String(code), message: answer.errmsg ?? "",
                           retryAfter: classification == .rateLimited ? .seconds(600) : nil)
    }
}
