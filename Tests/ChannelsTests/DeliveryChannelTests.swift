@testable import Channels
import Domain
import Foundation
import Runtime
import Testing

/// The channels behind one interface: preferences and fallback order, addresses, the WeChat and
/// robot requests the sender builds, persisted rate-limit state, second-precise quiet windows.
@Suite(.timeLimit(.minutes(1)))
struct DeliveryChannelTests {
    static let environment: [String: String] = [
        "DUBAN_ALIYUN_SMS_ACCESS_KEY_ID": "LTAI5tDubanTestKey",
        "DUBAN_ALIYUN_SMS_ACCESS_KEY_SECRET": "aliyun-secret-value",
        "DUBAN_SMS_GATEWAY_URL": "http://127.0.0.1:8085/sms",
        "DUBAN_WECHAT_APP_ID": "wx1234567890abcdef",
        "DUBAN_WECHAT_APP_SECRET": "wechat-secret-value",
        "DUBAN_WECHAT_SERVER_TOKEN": "wechat-token-value",
        "DUBAN_WECHAT_TEMPLATES": "pre_warning.digest=TPL-digest_1:thing1/enterprise,character_string2/orderNumber",
        "DUBAN_WECOM_ROBOT_WEBHOOK": "http://127.0.0.1:8086/cgi-bin/webhook/send?key=wecom-key-value",
        "DUBAN_DINGTALK_ROBOT_WEBHOOK": "http://127.0.0.1:8086/robot/send?access_token=dingtalk-token-value",
        "DUBAN_DINGTALK_ROBOT_SECRET": "SECdingtalk-secret-value",
        "DUBAN_NOTIFY_CHANNELS": "13800138000=wechat,sms;执法大队长=dingtalk_robot,wecom_robot,sms;*=sms",
    ]

    static func configuration(_ changes: [String: String?] = [:]) throws -> ChannelsConfiguration {
        var values = environment
        for (name, value) in changes { values[name] = value }
        return try ChannelsConfiguration(environment: Environment(values))
    }

    @Test("preferences: the person's own order, else the role's, else everyone's; sms expands to the SMS providers in their order")
    func preferenceOrder() throws {
        let configuration = try Self.configuration()
        let all = configuration.deliveryChannels
        #expect(all.map(\.provider) == [.alibabaCloudSMS, .genericWebhook, .wechatOfficialAccount, .wecomRobot, .dingtalkRobot])
        let own = DeliveryChannel.Recipient(role: "执法大队长", phone: "13800138000", wechatOpenId: "oDuban_openid_1")
        #expect(configuration.channels(for: own, among: all).map(\.provider) == [.wechatOfficialAccount, .alibabaCloudSMS, .genericWebhook])
        let chief = DeliveryChannel.Recipient(role: "执法大队长", phone: "13900139000", wechatOpenId: nil)
        #expect(configuration.channels(for: chief, among: all).map(\.provider) == [.dingtalkRobot, .wecomRobot, .alibabaCloudSMS, .genericWebhook])
        let other = DeliveryChannel.Recipient(role: "环保负责人", phone: "13700137000", wechatOpenId: nil)
        #expect(configuration.channels(for: other, among: all).map(\.provider) == [.alibabaCloudSMS, .genericWebhook])
        // Without the variable: SMS only, as before.
        #expect(try Self.configuration(["DUBAN_NOTIFY_CHANNELS": nil]).channelPreferences == .smsOnly)
        // Logged descriptions mask the numbers used as keys.
        #expect(configuration.channelPreferences.description.contains("138****8000=wechat,sms"))
        #expect(!configuration.channelPreferences.description.contains("13800138000"))
    }

    @Test("bad preferences and WeChat templates are refused at start-up, naming the variable and the entry")
    func badConfiguration() throws {
        func problem(_ changes: [String: String?]) -> ConfigurationError? {
            do {
                _ = try Self.configuration(changes)
                return nil
            } catch let error as ConfigurationError { return error } catch { return nil }
        }
        #expect(problem(["DUBAN_NOTIFY_CHANNELS": "*=sms,fax"])?.variable == "DUBAN_NOTIFY_CHANNELS")
        #expect(problem(["DUBAN_NOTIFY_CHANNELS": "*=sms,sms"])?.description.contains("listed twice") == true)
        #expect(problem(["DUBAN_NOTIFY_CHANNELS": "*=sms;*=wechat"])?.description.contains("given twice") == true)
        // A preference for a channel without credentials would silently never be used.
        let unconfigured = problem(["DUBAN_NOTIFY_CHANNELS": "*=dingtalk_robot,sms", "DUBAN_DINGTALK_ROBOT_WEBHOOK": nil, "DUBAN_DINGTALK_ROBOT_SECRET": nil])
        #expect(unconfigured?.description.contains("dingtalk_robot has no credentials") == true)
        #expect(problem(["DUBAN_WECHAT_TEMPLATES": "pre_warning.digest=TPL:first/enterprise"])?.description.contains("first and remark") == true)
        #expect(problem(["DUBAN_WECHAT_TEMPLATES": "pre_warning.digest=TPL"])?.variable == "DUBAN_WECHAT_TEMPLATES")
        #expect(problem(["DUBAN_WECHAT_TEMPLATES": "pre_warning.digest=TPL:thing1/enterprise,thing1/orderNumber"])?.description.contains("twice") == true)
        let noAccount = problem(["DUBAN_WECHAT_APP_ID": nil, "DUBAN_WECHAT_APP_SECRET": nil, "DUBAN_WECHAT_SERVER_TOKEN": nil,
                                 "DUBAN_NOTIFY_CHANNELS": nil])
        #expect(noAccount?.variable == "DUBAN_WECHAT_APP_ID")
    }

    @Test("addresses: no openid → WeChat cannot reach the person (fall back); robots reach the group and @-mention the phone; SMS needs a phone")
    func addresses() throws {
        let channels = try Self.configuration().deliveryChannels
        let wechat = try #require(channels.first { $0.provider == .wechatOfficialAccount })
        let sms = try #require(channels.first { $0.provider == .alibabaCloudSMS })
        let robot = try #require(channels.first { $0.provider == .wecomRobot })
        let noOpenId = DeliveryChannel.Recipient(role: "r", phone: "13800138000", wechatOpenId: nil)
        #expect(wechat.address(of: noOpenId) == nil)
        #expect(wechat.address(of: .init(role: "r", phone: nil, wechatOpenId: "oDuban_1")) == "oDuban_1")
        #expect(sms.address(of: .init(role: "r", phone: "", wechatOpenId: "oDuban_1")) == nil)
        #expect(robot.address(of: noOpenId) == "13800138000")
        #expect(robot.address(of: .init(role: "r", phone: nil, wechatOpenId: nil)) == "")
        // WeChat carries only kinds with a configured template; robots carry any rendered text.
        #expect(wechat.canSend(Fixtures.template))
        var other = Fixtures.template
        other.kind = "dispatch.exceedance"
        #expect(!wechat.canSend(other))
        #expect(robot.canSend(other))
        #expect(robot.acceptanceIsDelivery && !wechat.acceptanceIsDelivery && !sms.acceptanceIsDelivery)
        #expect(wechat.duplicateWindow == .seconds(600) && robot.duplicateWindow == nil)
        #expect(sms.statusQueryChannel != nil && wechat.statusQueryChannel == nil)
    }

    @Test("WeChat: template message with client_msg_id = Duban's key, fields mapped from the variables (20 characters at most), token redacted")
    func wechatRequest() throws {
        let wechat = try #require(try Self.configuration().deliveryChannels.first { $0.provider == .wechatOfficialAccount })
        let variables = ["enterprise": "四川某某水泥股份有限公司第二分公司所属一号生产线", "orderNumber": "DB20240506001"]
        #expect(throws: ChannelError.self) {
            _ = try wechat.sendRequest(to: "oDuban_1", template: Fixtures.template, message: Fixtures.message, variables: variables,
                                       key: Fixtures.outId, accessToken: nil, at: Fixtures.aliyunTime, nonce: Fixtures.nonce)
        }
        let request = try wechat.sendRequest(to: "oDuban_1", template: Fixtures.template, message: Fixtures.message, variables: variables,
                                             key: Fixtures.outId, accessToken: Secret("ACCESS_TOKEN_1"), at: Fixtures.aliyunTime, nonce: Fixtures.nonce)
        #expect(request.path == "/cgi-bin/message/template/send")
        #expect(request.queryValue("access_token") == "ACCESS_TOKEN_1")
        #expect(!request.evidence.contains("ACCESS_TOKEN_1"))
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(body["touser"] as? String == "oDuban_1")
        #expect(body["template_id"] as? String == "TPL-digest_1")
        #expect(body["client_msg_id"] as? String == Fixtures.outId)
        let data = try #require(body["data"] as? [String: [String: String]])
        #expect(data["thing1"]?["value"] == "四川某某水泥股份有限公司第二分公司所属…")
        #expect(data["thing1"]?["value"]?.count == 20)
        #expect(data["character_string2"]?["value"] == "DB20240506001")
        // A variable the mapping needs but the notification lacks is refused before sending.
        #expect(throws: ChannelError.self) {
            _ = try wechat.sendRequest(to: "oDuban_1", template: Fixtures.template, message: Fixtures.message, variables: ["enterprise": "x"],
                                       key: Fixtures.outId, accessToken: Secret("T"), at: Fixtures.aliyunTime, nonce: Fixtures.nonce)
        }
    }

    @Test("robots: WeCom text @-mentions the phone; DingTalk is signed with timestamp + HMAC-SHA256 of the secret; answers classified")
    func robotRequests() throws {
        let channels = try Self.configuration().deliveryChannels
        let wecom = try #require(channels.first { $0.provider == .wecomRobot })
        let dingtalk = try #require(channels.first { $0.provider == .dingtalkRobot })
        let wecomRequest = try wecom.sendRequest(to: "13800138000", template: Fixtures.template, message: Fixtures.message, variables: [:],
                                                 key: Fixtures.outId, accessToken: nil, at: Fixtures.aliyunTime, nonce: Fixtures.nonce)
        #expect(wecomRequest.urlString == "http://127.0.0.1:8086/cgi-bin/webhook/send?key=wecom-key-value")
        let wecomBody = try #require(try JSONSerialization.jsonObject(with: Data(wecomRequest.body)) as? [String: Any])
        let text = try #require(wecomBody["text"] as? [String: Any])
        #expect(text["content"] as? String == Fixtures.message.text)
        #expect(text["mentioned_mobile_list"] as? [String] == ["13800138000"])

        let dingRequest = try dingtalk.sendRequest(to: "13800138000", template: Fixtures.template, message: Fixtures.message, variables: [:],
                                                   key: Fixtures.outId, accessToken: nil, at: Fixtures.aliyunTime, nonce: Fixtures.nonce)
        let timestamp = try #require(dingRequest.queryValue("timestamp"))
        #expect(timestamp == "1795917600000")
        // sign = Base64(HMAC-SHA256(secret, "timestamp\nsecret")), computed outside Swift (Python hmac, hashlib.sha256).
        let expected = "bv12G6WTFhwCZRnHY9rtLrOQIMrS3XR0rQIRPT1LkM0="
        #expect(dingRequest.queryValue("sign") == expected)
        #expect(!dingRequest.evidence.contains(expected) && !dingRequest.evidence.contains("dingtalk-token-value"))
        let dingBody = String(decoding: dingRequest.body, as: UTF8.self)
        #expect(dingBody.contains("\"atMobiles\":[\"13800138000\"]") && dingBody.contains("@13800138000"))

        #expect(dingtalk.classifySend(Fixtures.response(200, #"{"errcode":0,"errmsg":"ok"}"#), address: "").classification == .success)
        #expect(dingtalk.classifySend(Fixtures.response(200, #"{"errcode":310000,"errmsg":"sign not match"}"#), address: "").classification == .configuration)
        #expect(wecom.classifySend(Fixtures.response(200, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#), address: "").classification == .rateLimited)
        // Robots are counted per robot, under a name that is not the webhook key.
        let subject = wecom.rateLimitSubject(to: "13800138000", template: Fixtures.template, message: Fixtures.message)
        #expect(subject.destination?.count == 16 && subject.destination?.contains("wecom-key") == false)
    }

    @Test("rate-limit state survives a round trip through storage (a restart does not reset it); a changed rule starts afresh")
    func persistedCounters() throws {
        let rules = DocumentedLimits.rules(for: .alibabaCloudSMS)
        let subject = RateLimiter.Subject(provider: .alibabaCloudSMS, recipient: "13800138000", signature: "某某市生态环境局", templateCode: "SMS_1")
        let applicable = RateLimiter.applicable(rules, to: subject)
        #expect(Set(applicable.map(\.rule.name)) == ["alibaba.per_number_minute", "alibaba.per_number_hour", "alibaba.per_number_day",
                                                      "alibaba.notification.per_number_signature_template_day", "alibaba.api.send_rate"])
        let start = Fixtures.aliyunTime
        let first = RateLimiter.evaluate(applicable, counters: [:], at: start, consume: true)
        #expect(first.decision == .allowed)
        #expect(first.changed.count == applicable.count)
        // Stored as JSON and read back, as Notify keeps it in PostgreSQL.
        let stored = try first.changed.mapValues { try JSONEncoder().encode($0) }
        let restored = try stored.mapValues { try JSONDecoder().decode(RateCounter.self, from: $0) }
        #expect(restored == first.changed)
        let second = RateLimiter.evaluate(applicable, counters: restored, at: start.addingTimeInterval(30), consume: true)
        guard case .limited(let until, let rule) = second.decision else {
            Issue.record("a second SMS to the number within a minute must be held")
            return
        }
        #expect(rule.name == "alibaba.per_number_minute")
        #expect(until == start.addingTimeInterval(60))
        #expect(second.changed.isEmpty)
        // A check never counts.
        #expect(RateLimiter.evaluate(applicable, counters: restored, at: start.addingTimeInterval(61), consume: false).changed.isEmpty)
        // A deployment that changes the cap does not inherit state kept under the old one.
        var looser = rules
        looser.removeAll { $0.name == "alibaba.per_number_minute" }
        looser.append(RateLimitRule(name: "alibaba.per_number_minute", provider: .alibabaCloudSMS, scope: .recipient, limit: 2,
                                    window: .slidingWindow(.seconds(60)), basis: "contract"))
        #expect(RateLimiter.evaluate(RateLimiter.applicable(looser, to: subject), counters: restored, at: start.addingTimeInterval(30),
                                     consume: true).decision == .allowed)
    }

    @Test("Alibaba Cloud per number: 1 a minute, 5 an hour, 10 a China-time day, whatever the template")
    func alibabaPerNumberCaps() {
        let clock = ManualClock(Fixtures.aliyunTime)
        let limiter = RateLimiter(rules: DocumentedLimits.rules(for: .alibabaCloudSMS), clock: { clock.now })
        func send(_ template: String) -> RateLimiter.Decision {
            limiter.acquire(.init(provider: .alibabaCloudSMS, recipient: "13800138000", signature: "某某市生态环境局", templateCode: template))
        }
        #expect(send("SMS_1") == .allowed)
        #expect(send("SMS_2") != .allowed)
        for minute in 1..<5 {
            clock.set(Fixtures.aliyunTime.addingTimeInterval(Double(minute) * 61))
            #expect(send("SMS_\(minute)") == .allowed)
        }
        clock.set(Fixtures.aliyunTime.addingTimeInterval(6 * 61))
        guard case .limited(let until, let rule) = send("SMS_9") else {
            Issue.record("the sixth SMS within an hour must be held")
            return
        }
        #expect(rule.name == "alibaba.per_number_hour")
        #expect(until == Fixtures.aliyunTime.addingTimeInterval(3600))
        for hour in 1...5 {
            clock.set(Fixtures.aliyunTime.addingTimeInterval(Double(hour) * 3600 + 1))
            #expect(send("SMS_h\(hour)") == .allowed)
        }
        // 2026-11-29 10:00 CST + 10 sends: the 11th waits for midnight China time.
        clock.set(Fixtures.aliyunTime.addingTimeInterval(6 * 3600 + 2))
        guard case .limited(let midnight, let daily) = send("SMS_x") else {
            Issue.record("the 11th SMS of the day must be held")
            return
        }
        #expect(daily.name == "alibaba.per_number_day")
        #expect(midnight == Date(timeIntervalSince1970: 1_795_968_000))
    }

    @Test("quiet windows to the second (HH:MM:SS), still by China time")
    func quietWindowSeconds() throws {
        let window = try #require(QuietWindow("10:00:05-10:00:30"))
        #expect(window.description == "10:00:05-10:00:30")
        // 02:00:10Z = 10:00:10 CST: inside, ends 20 s later.
        #expect(window.end(ofWindowContaining: Fixtures.aliyunTime.addingTimeInterval(10)) == Fixtures.aliyunTime.addingTimeInterval(30))
        #expect(window.end(ofWindowContaining: Fixtures.aliyunTime.addingTimeInterval(30)) == nil)
        #expect(window.end(ofWindowContaining: Fixtures.aliyunTime) == nil)
        #expect(QuietWindow("10:00:60-11:00") == nil)
        #expect(QuietWindow("10:0:05-11:00") == nil)
        #expect(try #require(QuietWindow("22:00-07:00")).description == "22:00-07:00")
    }
}

@Suite(.timeLimit(.minutes(1)))
struct RateLimitOverrideTests {
    @Test("a deployment changes a documented cap's figures or drops it; the rule keeps its provider, scope and kind of window")
    func overrides() throws {
        let rules = try RateLimitOverrides.apply("tencent.per_number_day=2/day; alibaba.per_number_minute=off; wecom.robot.per_minute=30/2m; alibaba.api.send_rate=100/1s",
                                                 to: DocumentedLimits.all)
        #expect(rules.count == DocumentedLimits.all.count - 1)
        #expect(!rules.contains { $0.name == "alibaba.per_number_minute" })
        let daily = try #require(rules.first { $0.name == "tencent.per_number_day" })
        #expect(daily.limit == 2 && daily.window == .chinaCalendarDay && daily.scope == .recipient && !daily.provisional)
        let robot = try #require(rules.first { $0.name == "wecom.robot.per_minute" })
        #expect(robot.limit == 30 && robot.window == .slidingWindow(.seconds(120)) && robot.scope == .destination)
        #expect(rules.first { $0.name == "alibaba.api.send_rate" }?.window == .tokenBucket(.seconds(1)))
        // In force: two a day for one Tencent Cloud number, then held to midnight China time.
        let clock = ManualClock(Fixtures.tencentTime)
        let limiter = RateLimiter(rules: rules.filter { $0.provider == .tencentCloudSMS && $0.scope == .recipient }, clock: { clock.now })
        for _ in 0..<2 {
            #expect(limiter.acquire(.init(provider: .tencentCloudSMS, recipient: "13800138000")) == .allowed)
            clock.advance(3601)
        }
        guard case .limited(_, let rule) = limiter.acquire(.init(provider: .tencentCloudSMS, recipient: "13800138000")) else {
            Issue.record("the third SMS of the day must be held under the 2/day override")
            return
        }
        #expect(rule.name == "tencent.per_number_day")
    }

    @Test("bad overrides are refused with the entry and the reason", arguments: [
        ("nobody.rule=1/day", "documented rule"), ("tencent.per_number_day=2/1h", "per China-time day"),
        ("wecom.robot.per_minute=0/60s", "positive limit"), ("wecom.robot.per_minute=20/soon", "not a duration"),
        ("wecom.robot.per_minute=off;wecom.robot.per_minute=off", "given twice"),
    ])
    func badOverrides(text: String, reason: String) {
        do {
            _ = try RateLimitOverrides.apply(text, to: DocumentedLimits.all)
            Issue.record("\(text) must be refused")
        } catch {
            #expect(error.description.contains(reason))
        }
    }
}
