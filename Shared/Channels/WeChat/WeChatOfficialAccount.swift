import Foundation

/// 微信公众号模板消息 (cgi-bin/message/template/send) and the account's access token.
///
/// The access token is obtained centrally with `stable_token` (it does not invalidate tokens
/// other processes hold, unlike `cgi-bin/token`), lasts 7200 s and travels in the URL; see
/// `AccessTokenCache` for when to refresh. A template message goes to one openid with
/// `template_id`, optional `url` or `miniprogram`, `data` fields and `client_msg_id` (Duban's key:
/// WeChat drops a repeat with the same openid and id for 10 minutes). Since 2023-05-04 fields
/// have no colour, no emoji, no `first`/`remark` lines, at most 20 characters and no line break.
public struct WeChatOfficialAccount: Sendable, CustomStringConvertible {
    public struct Configuration: Sendable, CustomStringConvertible {
        public var endpoint: ChannelEndpoint
        public var appId: String
        public var appSecret: Secret
        /// The token set on the account's server configuration page: checks that an event push
        /// really comes from WeChat.
        public var serverToken: Secret

        public static let defaultEndpoint = ChannelEndpoint(host: "api.weixin.qq.com")

        public init(endpoint: ChannelEndpoint = defaultEndpoint, appId: String, appSecret: Secret, serverToken: Secret) {
            self.endpoint = endpoint
            self.appId = appId
            self.appSecret = appSecret
            self.serverToken = serverToken
        }

        public var description: String {
            "WeChatOfficialAccount(endpoint: \(endpoint), appId: \(appId), appSecret: \(appSecret), serverToken: \(serverToken))"
        }
    }

    /// A template field's value: at most 20 characters since 2023-05-04.
    public static let fieldMaximumCharacters = 20
    /// client_msg_id: Duban's key, ASCII, at most 64 bytes.
    public static let clientMessageIdMaximumBytes = 64
    public static let contentType = "application/json; charset=utf-8"

    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public var description: String { configuration.description }

    private struct StableTokenBody: Encodable {
        let grant_type = "client_credential"
        let appid: String
        let secret: String
        let force_refresh: Bool
    }

    /// POST cgi-bin/stable_token. `forceRefresh` only after WeChat refused the current token:
    /// forced refreshes are limited per day.
    public func stableTokenRequest(forceRefresh: Bool) -> ChannelRequest {
        let body = JSONBody.encode(StableTokenBody(appid: configuration.appId, secret: configuration.appSecret.revealed, force_refresh: forceRefresh))
        return ChannelRequest(method: "POST", endpoint: configuration.endpoint, path: "/cgi-bin/stable_token",
                              headers: [.init("Content-Type", Self.contentType)], body: body)
            .redactingBody(replacing: configuration.appSecret.revealed)
    }

    public enum TokenAnswer: Sendable {
        case token(value: Secret, expiresIn: Duration)
        case failed(SendOutcome)
    }

    private struct TokenBody: Decodable {
        let access_token: String?
        let expires_in: Int?
        let errcode: Int?
        let errmsg: String?
    }

    /// Reads `{"access_token":…,"expires_in":7200}` or `{"errcode":…,"errmsg":…}`.
    public static func parseToken(_ response: ChannelResponse) throws(ChannelError) -> TokenAnswer {
        guard let body = JSONBody.decode(TokenBody.self, from: response.body) else {
            guard response.isSuccessStatus else { return .failed(.fromHTTPStatus(response)) }
            throw ChannelError(.malformedResponse, .wechatOfficialAccount, "token answer is not JSON (HTTP \(response.statusCode))")
        }
        if let token = body.access_token, !token.isEmpty, let expiresIn = body.expires_in, expiresIn > 0 {
            return .token(value: Secret(token), expiresIn: .seconds(expiresIn))
        }
        guard let code = body.errcode, code != 0 else {
            throw ChannelError(.malformedResponse, .wechatOfficialAccount, "token answer has neither access_token with expires_in nor errcode")
        }
        return .failed(SendOutcome(classification: responseClass(forCode: code), providerCode: String(code), message: body.errmsg ?? ""))
    }

    /// A template message's jump target: a web page, or a page of a mini program bound to the account.
    public enum Link: Sendable, Equatable {
        case url(String)
        case miniProgram(appId: String, pagePath: String)
    }

    private struct TemplateBody: Encodable {
        struct Field: Encodable { let value: String }
        struct MiniProgram: Encodable {
            let appid: String
            let pagepath: String
        }

        let touser: String
        let template_id: String
        let url: String?
        let miniprogram: MiniProgram?
        let client_msg_id: String
        let data: [String: Field]
    }

    /// POST cgi-bin/message/template/send?access_token=… for one openid.
    /// - Parameter fields: template keyword → value (`thing2` → `某某水泥有限公司`).
    public func templateMessageRequest(to openId: String, templateId: String, fields: [(key: String, value: String)], link: Link? = nil,
                                       clientMessageId: String, accessToken: Secret) throws(ChannelError) -> ChannelRequest {
        guard !openId.isEmpty, openId.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ChannelError(.invalidRequest, .wechatOfficialAccount, "touser is not an openid")
        }
        guard !templateId.isEmpty else { throw ChannelError(.invalidRequest, .wechatOfficialAccount, "template_id is empty") }
        guard !clientMessageId.isEmpty, clientMessageId.utf8.count <= Self.clientMessageIdMaximumBytes, clientMessageId.allSatisfy(\.isASCII) else {
            throw ChannelError(.invalidRequest, .wechatOfficialAccount, "client_msg_id must be 1 to \(Self.clientMessageIdMaximumBytes) ASCII bytes")
        }
        guard !fields.isEmpty else { throw ChannelError(.invalidRequest, .wechatOfficialAccount, "a template message needs data fields") }
        var data: [String: TemplateBody.Field] = [:]
        for field in fields {
            try Self.check(field: field.key, value: field.value)
            guard data[field.key] == nil else { throw ChannelError(.invalidRequest, .wechatOfficialAccount, "field \(field.key) given twice") }
            data[field.key] = .init(value: field.value)
        }
        var url: String?
        var miniProgram: TemplateBody.MiniProgram?
        switch link {
        case .url(let target): url = target
        case .miniProgram(let appId, let pagePath): miniProgram = .init(appid: appId, pagepath: pagePath)
        case nil: break
        }
        let body = JSONBody.encode(TemplateBody(touser: openId, template_id: templateId, url: url, miniprogram: miniProgram,
                                                client_msg_id: clientMessageId, data: data))
        return ChannelRequest(method: "POST", endpoint: configuration.endpoint, path: "/cgi-bin/message/template/send",
                              query: [.init("access_token", accessToken.revealed, isSecret: true)],
                              headers: [.init("Content-Type", Self.contentType)], body: body)
    }

    static func check(field key: String, value: String) throws(ChannelError) {
        guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw ChannelError(.invalidRequest, .wechatOfficialAccount, "field key \(key) is not a template keyword")
        }
        guard key != "first", key != "remark" else {
            throw ChannelError(.invalidRequest, .wechatOfficialAccount, "field \(key): first and remark lines are no longer shown (since 2023-05-04)")
        }
        guard !value.isEmpty, value.count <= fieldMaximumCharacters else {
            throw ChannelError(.invalidRequest, .wechatOfficialAccount, "field \(key) has \(value.count) characters; 1 to \(fieldMaximumCharacters) allowed")
        }
        if value.contains(where: \.isNewline) || value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw ChannelError(.invalidRequest, .wechatOfficialAccount, "field \(key) contains a line break or control character")
        }
        // Emoji: pictographs shown as emoji by default, the emoji planes, or anything forced to
        // emoji presentation by VS16. Text symbols such as ® stay allowed.
        if value.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation || ($0.properties.isEmoji && $0.value >= 0x1F000) || $0.value == 0xFE0F }) {
            throw ChannelError(.invalidRequest, .wechatOfficialAccount, "field \(key) contains an emoji")
        }
    }
}

extension ChannelRequest {
    /// The same request whose evidence and description show `secret` as `‹redacted›` wherever it
    /// appears in the body (the AppSecret travels in the stable_token body).
    func redactingBody(replacing secret: String) -> ChannelRequest {
        var copy = self
        copy.bodySecrets.append(secret)
        return copy
    }
}
