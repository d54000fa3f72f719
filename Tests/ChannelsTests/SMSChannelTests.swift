@testable import Channels
import Domain
import Foundation
import Runtime
import Testing

@Suite(.timeLimit(.minutes(1)))
struct SMSChannelTests {
    static let webhook = GenericWebhookSMS(configuration: GenericWebhookSMS.Configuration(sendURL: "http://127.0.0.1:8085/sms")!)

    @Test("one interface over the SMS providers: same key sent as OutId, SessionContext and outId")
    func uniformSend() throws {
        let channels: [SMSChannel] = [.alibabaCloud(Fixtures.aliyun), .tencentCloud(Fixtures.tencent), .genericWebhook(Self.webhook)]
        #expect(channels.map(\.provider) == [.alibabaCloudSMS, .tencentCloudSMS, .genericWebhook])
        let requests = try channels.map { try $0.sendRequest(to: Fixtures.phone, template: Fixtures.template, message: Fixtures.message,
                                                             outId: Fixtures.outId, at: Fixtures.tencentTime, nonce: Fixtures.nonce) }
        #expect(requests[0].queryValue("OutId") == Fixtures.outId)
        #expect(String(decoding: requests[1].body, as: UTF8.self).contains(#""SessionContext":"\#(Fixtures.outId)""#))
        #expect(String(decoding: requests[2].body, as: UTF8.self).contains(#""outId":"\#(Fixtures.outId)""#))
        var unapproved = Fixtures.template
        unapproved.approvals = []
        #expect(channels.map { $0.canSend(unapproved) } == [false, false, true])
        #expect(channels.map(\.notFoundMeansNotSent) == [true, false, true])
    }

    @Test("the rate-limit subject fills every field the provider's caps count by, so no documented rule is skipped")
    func rateLimitSubject() {
        let aliyun = SMSChannel.alibabaCloud(Fixtures.aliyun).rateLimitSubject(to: Fixtures.phone, template: Fixtures.template, message: Fixtures.message)
        #expect(aliyun.templateCode == "SMS_465300001" && aliyun.signature == Fixtures.signature && aliyun.recipient == Fixtures.phone)
        let tencent = SMSChannel.tencentCloud(Fixtures.tencent).rateLimitSubject(to: Fixtures.phone, template: Fixtures.template, message: Fixtures.message)
        #expect(tencent.templateCode == "1110" && tencent.content == Fixtures.message.text)
        for subject in [aliyun, tencent] {
            let rules = DocumentedLimits.rules(for: subject.provider)
            #expect(rules.allSatisfy { RateLimiter.key(of: $0, for: subject) != nil })
        }
    }

    @Test("status queries: Alibaba Cloud asks the China-time day of submission; Tencent Cloud a window from just before it, at most 7 days")
    func statusQueries() throws {
        // Submitted 2026-11-29 23:59:30 China time (15:59:30 UTC).
        let submitted = Date(timeIntervalSince1970: 1_795_967_970)
        let aliyun = try SMSChannel.alibabaCloud(Fixtures.aliyun).statusQueryRequest(
            phone: Fixtures.phone, outId: Fixtures.outId, providerMessageId: nil, submittedAt: submitted, at: submitted.addingTimeInterval(600), nonce: "n")
        #expect(aliyun.queryValue("SendDate") == "20261129")
        #expect(aliyun.queryValue("BizId") == nil)
        let tencent = try SMSChannel.tencentCloud(Fixtures.tencent).statusQueryRequest(
            phone: Fixtures.phone, outId: Fixtures.outId, providerMessageId: "2028:1", submittedAt: submitted, at: submitted.addingTimeInterval(600), nonce: "n")
        #expect(String(decoding: tencent.body, as: UTF8.self).contains(#""BeginTime":1795967910,"EndTime":1795968570"#))
        // 72 h reconciliation still fits Tencent's 7-day window; a 10-day-old attempt is clamped to it.
        let old = try SMSChannel.tencentCloud(Fixtures.tencent).statusQueryRequest(
            phone: Fixtures.phone, outId: Fixtures.outId, providerMessageId: nil, submittedAt: submitted, at: submitted.addingTimeInterval(10 * 86_400), nonce: "n")
        let clampedBegin: Int = 1_795_967_970 + 3 * 86_400 + 60
        #expect(String(decoding: old.body, as: UTF8.self).contains("\"BeginTime\":\(clampedBegin)"))
        let webhook = try SMSChannel.genericWebhook(Self.webhook).statusQueryRequest(
            phone: Fixtures.phone, outId: Fixtures.outId, providerMessageId: nil, submittedAt: submitted, at: submitted, nonce: "n")
        #expect(webhook.urlString == "http://127.0.0.1:8085/status?outId=DB0123456789abcdef0123456789ab")
    }

    @Test("configuration gives the SMS channels in fallback order")
    func fromConfiguration() throws {
        let configuration = try ChannelsConfiguration(environment: Environment(ConfigurationTests.full))
        #expect(configuration.smsChannels.map(\.provider) == [.tencentCloudSMS, .alibabaCloudSMS])
        var values = ConfigurationTests.full
        values["DUBAN_SMS_PROVIDERS"] = nil
        #expect(try ChannelsConfiguration(environment: Environment(values)).smsChannels.map(\.provider) == [.alibabaCloudSMS, .tencentCloudSMS, .genericWebhook])
    }
}
