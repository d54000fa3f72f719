extension WeChatOfficialAccount {
    /// WeChat's global return codes met by the token and template APIs, by class. Unlisted codes
    /// are permanent: retrying an answer nobody documented does not help.
    static let codeClasses: [Int: ResponseClass] = [
        0: .success,
        -1: .transient,            // 系统繁忙
        // The access token (or the AppSecret behind it) was refused: refresh once.
        40001: .authentication,    // invalid credential / access_token invalid or not latest
        40014: .authentication,    // invalid access_token
        42001: .authentication,    // access_token expired
        // Quotas.
        45009: .rateLimited,       // reach max api daily quota limit (template messages: 100 000 a day)
        45011: .rateLimited,       // api minute-quota reach limit
        // This recipient cannot be reached this way.
        40003: .permanent,         // invalid openid
        43004: .permanent,         // require subscribe: the user does not follow the account
        43019: .permanent,         // the user is on the account's blacklist
        43101: .permanent,         // user refuse to accept the msg
        47001: .permanent,         // data format error
        // Duban's account or template is not usable: an operator must act.
        40002: .configuration,     // invalid grant_type
        40013: .configuration,     // invalid appid
        40125: .configuration,     // invalid appsecret
        40164: .configuration,     // caller IP not on the account's whitelist
        40037: .configuration,     // invalid template_id
        47003: .configuration,     // argument invalid: data does not match the template's keywords
        48001: .configuration,     // api unauthorized
        48004: .configuration,     // api forbidden
        50002: .configuration,     // account limited
    ]

    public static func responseClass(forCode code: Int) -> ResponseClass {
        codeClasses[code] ?? .permanent
    }

    private struct Answer: Decodable {
        let errcode: Int?
        let errmsg: String?
        let msgid: FlexibleString?
    }

    /// Classifies the answer to template/send: `{"errcode":0,"errmsg":"ok","msgid":…}` on success.
    public static func classify(_ response: ChannelResponse) -> SendOutcome {
        guard let answer = JSONBody.decode(Answer.self, from: response.body), let code = answer.errcode else {
            return .fromHTTPStatus(response)
        }
        let message = answer.errmsg ?? ""
        if code == 0 {
            guard let msgid = answer.msgid?.value, !msgid.isEmpty else {
                return SendOutcome(classification: .transient, providerCode: "0", message: "ok without msgid", mayHaveBeenSent: true)
            }
            return SendOutcome(classification: .success, providerCode: "0", message: message, providerMessageId: msgid)
        }
        return SendOutcome(classification: responseClass(forCode: code), providerCode: String(code), message: message)
    }
}
