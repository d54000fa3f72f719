import Foundation
import Runtime
import Web

/// The WeChat official account API as far as Notify needs it: `cgi-bin/stable_token` hands out a
/// token (a new one only when forced or the first time, like WeChat), `message/template/send`
/// checks it (40001 otherwise; `DUBAN_FAKE_GATEWAY_WECHAT_REVOKE_FIRST` revokes the token on the first
/// N sends, so that only a forced refresh helps), drops a repeated client_msg_id to the same openid (answering the
/// first msgid), and applies the gateway's failure injection (-1 system busy, 45009 quota, stall).
struct WeChatFake: Sendable {
    struct Account: Sendable {
        var token: String?
        var generation = 0
        var messages: [String: String] = [:]
        /// Template sends still to be refused with 40001 as if the token had been invalidated
        /// elsewhere; only a forced refresh gets a token that works again.
        var revocationsLeft = 0
        var revoked = false
    }

    let state: Locked<GatewayState>
    let account: Locked<Account>
    let appSecret: String?
    let stall: Duration

    init(state: Locked<GatewayState>, appSecret: String?, stall: Duration, revokeFirst: Int) {
        self.state = state
        self.appSecret = appSecret
        self.stall = stall
        account = Locked(Account(revocationsLeft: revokeFirst))
    }

    func stableToken(_ request: HTTPRequest) -> HTTPResponse {
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        guard body["grant_type"] as? String == "client_credential", body["appid"] is String, let secret = body["secret"] as? String else {
            return .json(#"{"errcode":40002,"errmsg":"invalid grant_type or missing appid/secret"}"#)
        }
        if let appSecret, secret != appSecret { return .json(#"{"errcode":40125,"errmsg":"invalid appsecret"}"#) }
        let force = body["force_refresh"] as? Bool ?? false
        let token = account.withLock { account -> String in
            if account.token == nil || force {
                account.generation += 1
                account.token = "fake-wechat-token-\(account.generation)"
                account.revoked = false
            }
            return account.token!
        }
        Console.line("[fake-wechat] stable_token (force: \(force)) → \(token)")
        return .json(AlibabaCloudFake.json(["access_token": token, "expires_in": 7200]))
    }

    func templateSend(_ request: HTTPRequest) async -> HTTPResponse {
        let accepted = account.withLock { account -> Bool in
            guard let token = request.query["access_token"], token == account.token, !account.revoked else { return false }
            if account.revocationsLeft > 0 {
                account.revocationsLeft -= 1
                account.revoked = true
                return false
            }
            return true
        }
        guard accepted else {
            Console.line("[fake-wechat] template send refused: access token invalid or revoked")
            return .json(#"{"errcode":40001,"errmsg":"invalid credential, access_token is invalid or not latest"}"#)
        }
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        guard let openId = body["touser"] as? String, let templateId = body["template_id"] as? String,
              let data = body["data"] as? [String: Any], !data.isEmpty else {
            return .json(#"{"errcode":47001,"errmsg":"data format error"}"#)
        }
        let clientMessageId = body["client_msg_id"] as? String ?? UUID().uuidString
        let record = AlibabaCloudFake.json(["provider": "wechat_official_account", "outId": clientMessageId, "openid": openId,
                                            "templateId": templateId, "fields": data.count])
        let outcome = state.withLock { $0.admit(outId: clientMessageId, record: record) }
        switch outcome.injected {
        case .failure: return .json(#"{"errcode":-1,"errmsg":"system error (injected)"}"#)
        case .rateLimit: return .json(#"{"errcode":45009,"errmsg":"reach max api daily quota limit (injected)"}"#)
        case .stall: try? await Task.sleep(for: stall)
        case nil: break
        }
        // WeChat drops the same client_msg_id to the same openid: the first message stands.
        let msgid = account.withLock { account in
            let key = openId + "|" + clientMessageId
            if let first = account.messages[key] { return first }
            account.messages[key] = String(outcome.bizId.filter(\.isNumber))
            return account.messages[key]!
        }
        Console.line("[fake-wechat] template \(templateId) to \(openId) client_msg_id=\(clientMessageId) → msgid \(msgid)")
        return .json(#"{"errcode":0,"errmsg":"ok","msgid":"# + msgid + "}")
    }
}
