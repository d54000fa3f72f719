@testable import Channels
import Domain
import Foundation
import Testing

@Suite(.timeLimit(.minutes(1)))
struct WeChatTests {
    static let account = WeChatOfficialAccount(configuration: .init(appId: "wx1234567890abcdef", appSecret: Secret("0123456789abcdef0123456789abcdef"),
                                                                    serverToken: Secret("duban-token")))
    static let token = Secret("83_FDMplPKnxaGcKqVaOmivHWti")

    @Test("stable_token: POST JSON with the AppSecret, which evidence and description never show")
    func tokenRequest() {
        let request = Self.account.stableTokenRequest(forceRefresh: true)
        #expect(request.method == "POST")
        #expect(request.urlString == "https://api.weixin.qq.com/cgi-bin/stable_token")
        #expect(String(decoding: request.body, as: UTF8.self)
            == #"{"appid":"wx1234567890abcdef","force_refresh":true,"grant_type":"client_credential","secret":"0123456789abcdef0123456789abcdef"}"#)
        #expect(!request.evidence.contains("0123456789abcdef0123456789abcdef"))
        #expect(request.evidence.contains(#""secret":"‹redacted›""#))
        #expect(!"\(request)".contains("0123456789abcdef0123456789abcdef"))
        #expect(Self.account.stableTokenRequest(forceRefresh: false).body != request.body)
    }

    @Test("token answers: a token with its lifetime, an error code classified, a malformed answer refused")
    func tokenAnswers() throws {
        guard case .token(let value, let expiresIn) = try WeChatOfficialAccount.parseToken(Fixtures.response(200, #"{"access_token":"ACCESS","expires_in":7200}"#)) else {
            Issue.record("expected a token")
            return
        }
        #expect(value.revealed == "ACCESS")
        #expect(expiresIn == .seconds(7200))
        guard case .failed(let refused) = try WeChatOfficialAccount.parseToken(Fixtures.response(200, #"{"errcode":40125,"errmsg":"invalid appsecret"}"#)) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(refused.classification == .configuration)
        guard case .failed(let busy) = try WeChatOfficialAccount.parseToken(ChannelResponse(statusCode: 503, text: "")) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(busy.classification == .transient)
        #expect(throws: ChannelError.self) { try WeChatOfficialAccount.parseToken(Fixtures.response(200, #"{"expires_in":7200}"#)) }
    }

    @Test("template/send: access_token in the URL (redacted in logs), openid, template, data fields, client_msg_id")
    func templateRequest() throws {
        let request = try Self.account.templateMessageRequest(
            to: "oia2TjuEGTNoeX76QEjQNrcURxG8", templateId: "ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY",
            fields: [("thing2", "四川某某水泥股份有限公司"), ("character_string5", "DB20240506001"), ("time3", "2026年11月29日 10:00")],
            link: .miniProgram(appId: "wxminiapp", pagePath: "pages/order?id=1"), clientMessageId: Fixtures.outId, accessToken: Self.token)
        #expect(request.urlString == "https://api.weixin.qq.com/cgi-bin/message/template/send?access_token=83_FDMplPKnxaGcKqVaOmivHWti")
        #expect(request.description == "POST https://api.weixin.qq.com/cgi-bin/message/template/send?access_token=‹redacted› (\(request.body.count) bytes)")
        #expect(!request.evidence.contains("83_FDMplPKnxaGcKqVaOmivHWti"))
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"client_msg_id":"DB0123456789abcdef0123456789ab","data":{"character_string5":{"value":"DB20240506001"},"thing2":{"value":"四川某某水泥股份有限公司"},"time3":{"value":"2026年11月29日 10:00"}},"miniprogram":{"appid":"wxminiapp","pagepath":"pages/order?id=1"},"template_id":"ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY","touser":"oia2TjuEGTNoeX76QEjQNrcURxG8"}"#)
        let withURL = try Self.account.templateMessageRequest(to: "openid_1", templateId: "t", fields: [("thing1", "x")], link: .url("https://duban.example/o/1"),
                                                              clientMessageId: "k", accessToken: Self.token)
        #expect(String(decoding: withURL.body, as: UTF8.self).contains(#""url":"https://duban.example/o/1""#))
    }

    @Test("fields since 2023-05-04: at most 20 characters, no line break, no emoji, no first/remark; client_msg_id ≤ 64 bytes")
    func fieldRules() throws {
        func send(_ fields: [(key: String, value: String)], id: String = "k", to openId: String = "openid") throws(ChannelError) {
            _ = try Self.account.templateMessageRequest(to: openId, templateId: "t", fields: fields, clientMessageId: id, accessToken: Self.token)
        }
        try send([("thing1", String(repeating: "字", count: 20))])
        #expect(throws: ChannelError.self) { try send([("thing1", String(repeating: "字", count: 21))]) }
        #expect(throws: ChannelError.self) { try send([("thing1", "两行\n文字")]) }
        #expect(throws: ChannelError.self) { try send([("thing1", "超标⚠️")]) }
        #expect(throws: ChannelError.self) { try send([("thing1", "超标😀")]) }
        try send([("thing1", "某某®水泥")])
        #expect(throws: ChannelError.self) { try send([("first", "您好")]) }
        #expect(throws: ChannelError.self) { try send([("remark", "请处理")]) }
        #expect(throws: ChannelError.self) { try send([("thing.1", "x")]) }
        #expect(throws: ChannelError.self) { try send([("thing1", "x"), ("thing1", "y")]) }
        #expect(throws: ChannelError.self) { try send([]) }
        #expect(throws: ChannelError.self) { try send([("thing1", "x")], id: String(repeating: "k", count: 65)) }
        #expect(throws: ChannelError.self) { try send([("thing1", "x")], to: "not an openid") }
    }

    @Test("classification of the documented return codes", arguments: [
        (#"{"errcode":0,"errmsg":"ok","msgid":200228332}"#, ResponseClass.success),
        (#"{"errcode":-1,"errmsg":"system error"}"#, .transient),
        (#"{"errcode":40001,"errmsg":"invalid credential, access_token is invalid or not latest"}"#, .authentication),
        (#"{"errcode":42001,"errmsg":"access_token expired"}"#, .authentication),
        (#"{"errcode":40014,"errmsg":"invalid access_token"}"#, .authentication),
        (#"{"errcode":45009,"errmsg":"reach max api daily quota limit"}"#, .rateLimited),
        (#"{"errcode":43004,"errmsg":"require subscribe"}"#, .permanent),
        (#"{"errcode":40003,"errmsg":"invalid openid"}"#, .permanent),
        (#"{"errcode":40037,"errmsg":"invalid template_id"}"#, .configuration),
        (#"{"errcode":40164,"errmsg":"invalid ip, not in whitelist"}"#, .configuration),
        (#"{"errcode":47003,"errmsg":"argument invalid! data.thing2.value invalid"}"#, .configuration),
    ])
    func classification(body: String, expected: ResponseClass) {
        let outcome = WeChatOfficialAccount.classify(Fixtures.response(200, body))
        #expect(outcome.classification == expected)
        if expected == .success { #expect(outcome.providerMessageId == "200228332") }
    }

    static func push(status: String, event: String = "TEMPLATESENDJOBFINISH") -> [UInt8] {
        Array("""
            <xml>
            <ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>
            <FromUserName><![CDATA[oia2TjuEGTNoeX76QEjQNrcURxG8]]></FromUserName>
            <CreateTime>1796317209</CreateTime>
            <MsgType><![CDATA[event]]></MsgType>
            <Event><![CDATA[\(event)]]></Event>
            <MsgID>200228332</MsgID>
            <Status><![CDATA[\(status)]]></Status>
            </xml>
            """.utf8)
    }

    @Test("TEMPLATESENDJOBFINISH: success delivered, user block permanent, system failed transient; other pushes ignored")
    func templateEvents() throws {
        guard case .templateSendFinished(let delivered) = try WeChatOfficialAccount.parsePush(Self.push(status: "success")) else {
            Issue.record("expected a template result")
            return
        }
        #expect(delivered.status == .delivered)
        #expect(delivered.providerMessageId == "200228332")
        #expect(delivered.recipient == "oia2TjuEGTNoeX76QEjQNrcURxG8")
        #expect(delivered.reportedAt == Fixtures.tencentTime.addingTimeInterval(9))
        guard case .templateSendFinished(let blocked) = try WeChatOfficialAccount.parsePush(Self.push(status: "failed:user block")),
              case .templateSendFinished(let systemFailed) = try WeChatOfficialAccount.parsePush(Self.push(status: "failed: system failed")) else {
            Issue.record("expected template results")
            return
        }
        #expect(blocked.status == .failedPermanent)
        #expect(systemFailed.status == .failedTransient)
        #expect(try WeChatOfficialAccount.parsePush(Self.push(status: "", event: "subscribe")) == .other(msgType: "event", event: "subscribe"))
        #expect(throws: ChannelError.self) { try WeChatOfficialAccount.parsePush(Array("<xml><MsgType>event</MsgType>".utf8)) }
        #expect(throws: ChannelError.self) { try WeChatOfficialAccount.parsePush(Self.push(status: "pending")) }
        // The event arrives again (WeChat retries when the answer is slow): same key, no change.
        guard case .templateSendFinished(let repeated) = try WeChatOfficialAccount.parsePush(Self.push(status: "success")) else { return }
        #expect(repeated.deduplicationKey == delivered.deduplicationKey)
        #expect(DeliveryStatus.submitted.merged(with: delivered.status).merged(with: repeated.status) == .delivered)
    }

    @Test("flat XML values: CDATA verbatim, entities decoded in plain text")
    func flatXML() {
        let document = FlatXML("<xml><A><![CDATA[a<b>&amp;]]></A><B> x &lt;&amp;&gt; </B></xml>")
        #expect(document.isXMLRoot)
        #expect(document.value(of: "A") == "a<b>&amp;")
        #expect(document.value(of: "B") == "x <&>")
        #expect(document.value(of: "C") == nil)
    }
}

@Suite(.timeLimit(.minutes(1)))
struct AccessTokenCacheTests {
    let start = Date(timeIntervalSince1970: 1_796_000_000)

    @Test("one refresh at a time; the token serves until 5 minutes before expiry; then one refresh while the old token still serves")
    func lifecycle() {
        var cache = AccessTokenCache()
        guard case .refresh(force: false) = cache.decide(at: start) else {
            Issue.record("an empty cache must refresh")
            return
        }
        // A second caller while the refresh is in flight and no token is held waits.
        guard case .wait(let until) = cache.decide(at: start.addingTimeInterval(1)) else {
            Issue.record("a concurrent caller must wait, not refresh")
            return
        }
        #expect(until == start.addingTimeInterval(30))
        let token = cache.refreshSucceeded(value: Secret("T1"), expiresIn: .seconds(7200), at: start.addingTimeInterval(2))
        guard case .use(let used) = cache.decide(at: start.addingTimeInterval(3)) else {
            Issue.record("a fresh token must be used")
            return
        }
        #expect(used.value.revealed == "T1" && used.generation == token.generation)
        // At 7200 - 300 s the cache refreshes, once; the old token serves other callers meanwhile.
        let nearExpiry = start.addingTimeInterval(2 + 6900)
        guard case .refresh(force: false) = cache.decide(at: nearExpiry) else {
            Issue.record("must refresh before expiry")
            return
        }
        guard case .use(let stillOld) = cache.decide(at: nearExpiry.addingTimeInterval(1)) else {
            Issue.record("the old token serves during the refresh")
            return
        }
        #expect(stillOld.value.revealed == "T1")
    }

    @Test("a refused token: one forced refresh and one resend; a fresh token refused too gives up; a stale refusal does not force")
    func authenticationFailure() {
        var cache = AccessTokenCache()
        _ = cache.decide(at: start)
        let first = cache.refreshSucceeded(value: Secret("T1"), expiresIn: .seconds(7200), at: start)
        #expect(cache.authenticationFailed(using: first, alreadyRetried: false) == .retryWithNewToken)
        #expect(cache.current == nil)
        guard case .refresh(force: true) = cache.decide(at: start.addingTimeInterval(10)) else {
            Issue.record("after a refusal the refresh must be forced")
            return
        }
        let second = cache.refreshSucceeded(value: Secret("T2"), expiresIn: .seconds(7200), at: start.addingTimeInterval(11))
        #expect(second.generation == first.generation + 1)
        // The resend with T2 is refused as well: the AppSecret or whitelist is wrong. Stop.
        #expect(cache.authenticationFailed(using: second, alreadyRetried: true) == .giveUp)
        // Another send still carrying T1 is refused after T2 was fetched: no new forced refresh.
        #expect(cache.authenticationFailed(using: first, alreadyRetried: false) == .retryWithNewToken)
        guard case .use(let current) = cache.decide(at: start.addingTimeInterval(12)) else {
            Issue.record("the newer token must be used")
            return
        }
        #expect(current.value.revealed == "T2")
    }

    @Test("a failed refresh backs off instead of hammering the token endpoint; a lost refresh is retried after its timeout")
    func refreshFailures() {
        var cache = AccessTokenCache()
        _ = cache.decide(at: start)
        cache.refreshFailed(at: start.addingTimeInterval(1))
        guard case .wait(let until) = cache.decide(at: start.addingTimeInterval(2)) else {
            Issue.record("must wait after a failed refresh")
            return
        }
        #expect(until == start.addingTimeInterval(11))
        guard case .refresh = cache.decide(at: start.addingTimeInterval(11)) else {
            Issue.record("must refresh after the back-off")
            return
        }
        // This refresh never reports back: after 30 s another may start.
        guard case .wait = cache.decide(at: start.addingTimeInterval(40)) else {
            Issue.record("still within the refresh timeout")
            return
        }
        guard case .refresh = cache.decide(at: start.addingTimeInterval(41)) else {
            Issue.record("a lost refresh is replaced after its timeout")
            return
        }
        #expect("\(cache.refreshSucceeded(value: Secret("T9"), expiresIn: .seconds(60), at: start))".contains("T9") == false)
    }
}

@Suite(.timeLimit(.minutes(1)))
struct WeChatTemplateMappingTests {
    @Test("variables map to keywords; long values are shortened to 20 characters with …; a missing variable is an error")
    func mapping() throws {
        let mapping = WeChatTemplateMapping(kind: "pre_warning.exceedance", templateId: "tmpl", fields: [
            .init(key: "thing2", variable: "enterprise"), .init(key: "character_string5", variable: "orderNumber"),
        ])
        let values = try mapping.fieldValues(from: ["enterprise": "四川省某某市某某区某某水泥股份有限公司第二分公司", "orderNumber": "DB20240506001"])
        #expect(values.map(\.key) == ["thing2", "character_string5"])
        #expect(values[0].value == "四川省某某市某某区某某水泥股份有限公司…")
        #expect(values[0].value.count == 20)
        #expect(values[1].value == "DB20240506001")
        let request = try WeChatTests.account.templateMessageRequest(to: "openid", templateId: mapping.templateId, fields: values,
                                                                     clientMessageId: "k", accessToken: WeChatTests.token)
        #expect(String(decoding: request.body, as: UTF8.self).contains("某某水泥股份有限公司…"))
        #expect(try mapping.fieldValues(from: ["enterprise": "两行\n名称", "orderNumber": "1"])[0].value == "两行 名称")
        #expect(throws: ChannelError.self) { try mapping.fieldValues(from: ["enterprise": "x"]) }
        let decoded = try JSONDecoder().decode(WeChatTemplateMapping.self, from: JSONEncoder().encode(mapping))
        #expect(decoded == mapping)
    }
}
