import Foundation

/// 企业微信群机器人: POST `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…` with a text
/// (at most 2048 bytes, `mentioned_mobile_list` to @ people by phone) or markdown message (at
/// most 4096 bytes). 20 messages a minute per robot. The webhook URL is the credential.
public struct WeComRobot: Sendable, CustomStringConvertible {
    public struct Configuration: Sendable, CustomStringConvertible {
        public var endpoint: ChannelEndpoint
        public var path: String
        public var key: Secret

        /// Reads the webhook URL as WeCom shows it; nil unless it is http(s) with a `key`.
        public init?(webhookURL: Secret) {
            guard let components = URLComponents(string: webhookURL.revealed),
                  let scheme = components.scheme, let host = components.host,
                  let key = components.queryItems?.first(where: { $0.name == "key" })?.value, !key.isEmpty,
                  let endpoint = ChannelEndpoint(scheme: scheme.lowercased(), host: host, port: components.port).validated
            else { return nil }
            self.endpoint = endpoint
            self.path = components.percentEncodedPath.isEmpty ? "/cgi-bin/webhook/send" : components.percentEncodedPath
            self.key = Secret(key)
        }

        public var description: String { "WeComRobot(endpoint: \(endpoint)\(path), key: \(key))" }
    }

    public static let textMaximumBytes = 2048
    public static let markdownMaximumBytes = 4096

    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public var description: String { configuration.description }

    private struct TextBody: Encodable {
        struct Text: Encodable {
            let content: String
            let mentioned_mobile_list: [String]?
        }

        let msgtype = "text"
        let text: Text
    }

    private struct MarkdownBody: Encodable {
        struct Markdown: Encodable { let content: String }
        let msgtype = "markdown"
        let markdown: Markdown
    }

    /// A text message; `mentionedMobiles` @-mentions group members by phone (`@all` for everyone).
    public func textRequest(_ content: String, mentionedMobiles: [String] = []) throws(ChannelError) -> ChannelRequest {
        guard !content.isEmpty, content.utf8.count <= Self.textMaximumBytes else {
            throw ChannelError(.invalidRequest, .wecomRobot, "text must have 1 to \(Self.textMaximumBytes) bytes, has \(content.utf8.count)")
        }
        let body = JSONBody.encode(TextBody(text: .init(content: content, mentioned_mobile_list: mentionedMobiles.isEmpty ? nil : mentionedMobiles)))
        return request(body)
    }

    public func markdownRequest(_ content: String) throws(ChannelError) -> ChannelRequest {
        guard !content.isEmpty, content.utf8.count <= Self.markdownMaximumBytes else {
            throw ChannelError(.invalidRequest, .wecomRobot, "markdown must have 1 to \(Self.markdownMaximumBytes) bytes, has \(content.utf8.count)")
        }
        return request(JSONBody.encode(MarkdownBody(markdown: .init(content: content))))
    }

    private func request(_ body: [UInt8]) -> ChannelRequest {
        ChannelRequest(method: "POST", endpoint: configuration.endpoint, path: configuration.path,
                       query: [.init("key", configuration.key.revealed, isSecret: true)],
                       headers: [.init("Content-Type", "application/json")], body: body)
    }

    /// WeCom's return codes met by the robot webhook, by class; unlisted codes are permanent.
    static let codeClasses: [Int: ResponseClass] = [
        0: .success,
        -1: .transient,          // 系统繁忙
        45009: .rateLimited,     // api freq out of limit: more than 20 a minute
        93000: .configuration,   // invalid webhook url: the key is wrong or the robot was removed
        93008: .configuration,   // the robot is not in the group any more
        40008: .permanent,       // invalid message type
        44004: .permanent,       // empty content
        45002: .permanent,       // content too long
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
                           retryAfter: classification == .rateLimited ? .seconds(60) : nil)
    }
}
