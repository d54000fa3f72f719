@testable import Channels
import Domain
import Foundation
import Testing

@Suite(.timeLimit(.minutes(1)))
struct RobotAndWebhookTests {
    @Test("WeCom: the key comes from the webhook URL and is redacted; text with mentioned mobiles; byte limits")
    func wecom() throws {
        let configuration = try #require(WeComRobot.Configuration(webhookURL: Secret("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa")))
        #expect(!configuration.description.contains("693a91f6"))
        let robot = WeComRobot(configuration: configuration)
        let request = try robot.textRequest("【督办】四川某某水泥1号窑尾颗粒物超标，单号DB20240506001", mentionedMobiles: ["13800138000"])
        #expect(request.urlString == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa")
        #expect(request.redactedURLString == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=‹redacted›")
        #expect(String(decoding: request.body, as: UTF8.self)
            == #"{"msgtype":"text","text":{"content":"【督办】四川某某水泥1号窑尾颗粒物超标，单号DB20240506001","mentioned_mobile_list":["13800138000"]}}"#)
        let markdown = try robot.markdownRequest("**超标** 单号DB20240506001")
        #expect(String(decoding: markdown.body, as: UTF8.self) == #"{"markdown":{"content":"**超标** 单号DB20240506001"},"msgtype":"markdown"}"#)
        #expect(throws: ChannelError.self) { try robot.textRequest(String(repeating: "字", count: 683)) }   // 2049 bytes
        _ = try robot.textRequest(String(repeating: "字", count: 682) + "ab")                                 // 2048 bytes
        #expect(WeComRobot.Configuration(webhookURL: Secret("https://qyapi.weixin.qq.com/cgi-bin/webhook/send")) == nil)
        #expect(WeComRobot.Configuration(webhookURL: Secret("ftp://x/send?key=1")) == nil)
    }

    @Test("WeCom classification", arguments: [(0, ResponseClass.success), (45009, .rateLimited), (93000, .configuration), (-1, .transient), (44004, .permanent)])
    func wecomCodes(code: Int, expected: ResponseClass) {
        let outcome = WeComRobot.classify(Fixtures.response(200, #"{"errcode":\#(code),"errmsg":"m"}"#))
        #expect(outcome.classification == expected)
        #expect((outcome.retryAfter != nil) == (expected == .rateLimited))
    }

    @Test("DingTalk: access_token, millisecond timestamp and URL-encoded Base64 sign in the query; @mobiles in content and at")
    func dingTalk() throws {
        let configuration = try #require(DingTalkRobot.Configuration(
            webhookURL: Secret("https://oapi.dingtalk.com/robot/send?access_token=abc123token"), secret: Secret("SECduban0123456789")))
        let robot = DingTalkRobot(configuration: configuration)
        let request = try robot.textRequest("督办提醒：单号DB20240506001", atMobiles: ["13800138000"],
                                            at: Date(timeIntervalSince1970: 1_796_263_200.123))
        // The sign was recomputed outside Swift (Python hmac/base64/urllib) for this secret and time.
        #expect(request.urlString == "https://oapi.dingtalk.com/robot/send?access_token=abc123token&timestamp=1796263200123"
            + "&sign=w983OczHYeZCq8yGHTEcrOwflw%2F0vEYqwip1enLhiVM%3D")
        #expect(request.redactedURLString == "https://oapi.dingtalk.com/robot/send?access_token=‹redacted›&timestamp=1796263200123&sign=‹redacted›")
        #expect(String(decoding: request.body, as: UTF8.self)
            == #"{"at":{"atMobiles":["13800138000"],"isAtAll":false},"msgtype":"text","text":{"content":"督办提醒：单号DB20240506001 @13800138000"}}"#)
        #expect(!configuration.description.contains("abc123token") && !configuration.description.contains("SECduban"))

        let unsigned = DingTalkRobot(configuration: try #require(DingTalkRobot.Configuration(
            webhookURL: Secret("https://oapi.dingtalk.com/robot/send?access_token=abc123token"), secret: nil)))
        let plain = try unsigned.markdownRequest(title: "督办", text: "### 超标", at: Date(timeIntervalSince1970: 0))
        #expect(plain.query.map(\.name) == ["access_token"])
        #expect(DingTalkRobot.Configuration(webhookURL: Secret("https://oapi.dingtalk.com/robot/send"), secret: nil) == nil)
    }

    @Test("DingTalk classification", arguments: [(0, ResponseClass.success), (130101, .rateLimited), (410100, .rateLimited), (310000, .configuration),
                                                 (300001, .configuration), (430102, .permanent), (-1, .transient)])
    func dingTalkCodes(code: Int, expected: ResponseClass) {
        let outcome = DingTalkRobot.classify(Fixtures.response(200, #"{"errcode":\#(code),"errmsg":"m"}"#))
        #expect(outcome.classification == expected)
        if expected == .rateLimited { #expect(outcome.retryAfter == .seconds(600)) }
    }

    @Test("generic webhook: Duban's JSON message, status URL beside the send URL, classification and status answers")
    func genericWebhook() throws {
        let configuration = try #require(GenericWebhookSMS.Configuration(sendURL: "http://127.0.0.1:8085/gateway/sms"))
        #expect(configuration.statusPath == "/gateway/status")
        #expect(GenericWebhookSMS.Configuration(sendURL: "http://127.0.0.1:8085/sms")?.statusPath == "/status")
        let webhook = GenericWebhookSMS(configuration: configuration)
        let request = try webhook.sendRequest(to: Fixtures.phone, template: Fixtures.template, message: Fixtures.message, outId: Fixtures.outId)
        #expect(request.urlString == "http://127.0.0.1:8085/gateway/sms")
        #expect(request.header("Host") == nil)
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"outId":"DB0123456789abcdef0123456789ab","parts":1,"phone":"13800138000","signature":"某某市生态环境局","templateKind":"pre_warning.digest","text":"\#(Fixtures.message.text)"}"#)
        #expect(webhook.statusRequest(outId: Fixtures.outId).urlString == "http://127.0.0.1:8085/gateway/status?outId=DB0123456789abcdef0123456789ab")

        #expect(GenericWebhookSMS.classify(Fixtures.response(200, #"{"code":"OK","bizId":"fake-1"}"#)).providerMessageId == "fake-1")
        #expect(GenericWebhookSMS.classify(ChannelResponse(statusCode: 503, text: "")).mayHaveBeenSent)
        #expect(GenericWebhookSMS.classify(ChannelResponse(statusCode: 429, text: "")).classification == .rateLimited)
        let refused = GenericWebhookSMS.classify(Fixtures.response(400, #"{"code":"isv.INVALID_PARAMETERS","message":"outId and text are required"}"#))
        #expect(refused.classification == .permanent && refused.providerCode == "isv.INVALID_PARAMETERS")

        guard case .reports(let found, _) = try GenericWebhookSMS.parseStatus(Fixtures.response(200, #"{"found":true,"bizId":"fake-1"}"#), outId: Fixtures.outId),
              case .reports(let none, _) = try GenericWebhookSMS.parseStatus(Fixtures.response(200, #"{"found":false}"#), outId: Fixtures.outId) else {
            Issue.record("expected reports")
            return
        }
        #expect(found.first?.providerMessageId == "fake-1" && found.first?.status == .submitted)
        #expect(none.isEmpty)
        #expect(throws: ChannelError.self) { try GenericWebhookSMS.parseStatus(Fixtures.response(200, "{}"), outId: "x") }
    }

    @Test("endpoints: host header keeps a non-default port; a path or query is refused")
    func endpoints() throws {
        let local = try #require(ChannelEndpoint("http://127.0.0.1:8081"))
        #expect(local.hostHeader == "127.0.0.1:8081")
        #expect(try #require(ChannelEndpoint("https://dysmsapi.aliyuncs.com:443/")).hostHeader == "dysmsapi.aliyuncs.com")
        #expect(ChannelEndpoint("https://x.example/api") == nil)
        #expect(ChannelEndpoint("https://x.example?a=1") == nil)
        #expect(ChannelEndpoint("x.example") == nil)
        // A local fake provider gets the same signed request, with its own Host.
        let aliyun = AlibabaCloudSMS(configuration: .init(endpoint: local, accessKeyId: "id", accessKeySecret: Secret("s")))
        let request = try aliyun.sendSms(to: Fixtures.phone, template: Fixtures.template, message: Fixtures.message, outId: "k",
                                         at: Fixtures.aliyunTime, nonce: "n")
        #expect(request.urlString.hasPrefix("http://127.0.0.1:8081/?PhoneNumbers="))
        #expect(request.header("host") == "127.0.0.1:8081")
    }
}
