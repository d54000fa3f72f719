@testable import Channels
import Domain
import Foundation
import Runtime
import Testing

@Suite(.timeLimit(.minutes(1)))
struct ConfigurationTests {
    static let full: [String: String] = [
        "DUBAN_ALIYUN_SMS_ACCESS_KEY_ID": "LTAI5tDubanTestKey",
        "DUBAN_ALIYUN_SMS_ACCESS_KEY_SECRET": "aliyun-secret-value",
        "DUBAN_TENCENT_SMS_SECRET_ID": "AKIDDubanTestId",
        "DUBAN_TENCENT_SMS_SECRET_KEY": "tencent-secret-value",
        "DUBAN_TENCENT_SMS_SDK_APP_ID": "1400006666",
        "DUBAN_TENCENT_SMS_ENDPOINT": "http://127.0.0.1:8082",
        "DUBAN_WECHAT_APP_ID": "wx1234567890abcdef",
        "DUBAN_WECHAT_APP_SECRET": "wechat-secret-value",
        "DUBAN_WECHAT_SERVER_TOKEN": "wechat-token-value",
        "DUBAN_WECOM_ROBOT_WEBHOOK": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-key-value",
        "DUBAN_DINGTALK_ROBOT_WEBHOOK": "https://oapi.dingtalk.com/robot/send?access_token=dingtalk-token-value",
        "DUBAN_DINGTALK_ROBOT_SECRET": "SECdingtalk-secret-value",
        "DUBAN_SMS_GATEWAY_URL": "http://127.0.0.1:8085/sms",
        "DUBAN_SMS_PROVIDERS": "tencent_cloud_sms, alibaba_cloud_sms",
        "DUBAN_NOTIFY_QUIET_WINDOWS": "pre_warning/*=22:00-07:00",
    ]

    static let secretValues = ["aliyun-secret-value", "tencent-secret-value", "wechat-secret-value", "wechat-token-value",
                               "wecom-key-value", "dingtalk-token-value", "SECdingtalk-secret-value"]

    @Test("every gateway from the environment; secrets appear in no description, dump or interpolation")
    func fullConfiguration() throws {
        let configuration = try ChannelsConfiguration(environment: Environment(Self.full))
        #expect(configuration.smsProviders == [.tencentCloudSMS, .alibabaCloudSMS])
        #expect(configuration.tencentCloudSMS?.endpoint.hostHeader == "127.0.0.1:8082")
        #expect(configuration.tencentCloudSMS?.region == "ap-guangzhou")
        #expect(configuration.alibabaCloudSMS?.endpoint == AlibabaCloudSMS.Configuration.defaultEndpoint)
        #expect(configuration.dingtalkRobot?.secret != nil)
        #expect(configuration.quietWindows.rules.count == 1)
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in [configuration.description, "\(configuration)", String(reflecting: configuration), dumped] {
            for secret in Self.secretValues { #expect(!text.contains(secret), "\(secret) leaked") }
        }
        #expect(configuration.description.contains("LTAI5tDubanTestKey"))
        #expect(configuration.alibabaCloudSMS?.accessKeySecret.revealed == "aliyun-secret-value")
    }

    @Test("nothing set: no gateway, no SMS provider, no quiet window")
    func empty() throws {
        let configuration = try ChannelsConfiguration(environment: Environment([:]))
        #expect(configuration.smsProviders.isEmpty)
        #expect(configuration.alibabaCloudSMS == nil && configuration.wechat == nil && configuration.wecomRobot == nil)
        #expect(configuration.quietWindows == .none)
    }

    @Test("a half-configured gateway names the missing variable; bad values name theirs and never echo a secret", arguments: [
        (["DUBAN_ALIYUN_SMS_ACCESS_KEY_ID": "id"], "DUBAN_ALIYUN_SMS_ACCESS_KEY_SECRET"),
        (["DUBAN_TENCENT_SMS_SECRET_KEY": "tencent-secret-value"], "DUBAN_TENCENT_SMS_SECRET_ID"),
        (["DUBAN_WECHAT_APP_ID": "wx", "DUBAN_WECHAT_APP_SECRET": "wechat-secret-value"], "DUBAN_WECHAT_SERVER_TOKEN"),
        (["DUBAN_WECOM_ROBOT_WEBHOOK": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?token=wecom-key-value"], "DUBAN_WECOM_ROBOT_WEBHOOK"),
        (["DUBAN_DINGTALK_ROBOT_SECRET": "SECdingtalk-secret-value"], "DUBAN_DINGTALK_ROBOT_WEBHOOK"),
        (["DUBAN_ALIYUN_SMS_ACCESS_KEY_ID": "id", "DUBAN_ALIYUN_SMS_ACCESS_KEY_SECRET": "s", "DUBAN_ALIYUN_SMS_ENDPOINT": "dysmsapi.aliyuncs.com"], "DUBAN_ALIYUN_SMS_ENDPOINT"),
        (["DUBAN_SMS_PROVIDERS": "tencent_cloud_sms"], "DUBAN_SMS_PROVIDERS"),
        (["DUBAN_SMS_GATEWAY_URL": "http://127.0.0.1:8085/sms", "DUBAN_SMS_PROVIDERS": "wecom_robot"], "DUBAN_SMS_PROVIDERS"),
        (["DUBAN_NOTIFY_QUIET_WINDOWS": "dispatch/*=22:00-07:00"], "DUBAN_NOTIFY_QUIET_WINDOWS"),
    ])
    func errors(values: [String: String], variable: String) {
        do {
            _ = try ChannelsConfiguration(environment: Environment(values))
            Issue.record("accepted \(values.keys.sorted())")
        } catch let error as ConfigurationError {
            #expect(error.variable == variable)
            for secret in Self.secretValues { #expect(!error.description.contains(secret)) }
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a Secret prints as redacted everywhere but `revealed`")
    func secret() {
        let secret = Secret("hunter2")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect("\(secret)" == "‹redacted›")
        #expect(String(reflecting: secret) == "Secret(‹redacted›)")
        #expect(!dumped.contains("hunter2"))
        #expect(Mirror(reflecting: secret).children.isEmpty)
        #expect(secret.revealed == "hunter2")
        #expect(secret.hasSameValue(as: Secret("hunter2")) && !secret.hasSameValue(as: Secret("hunter3")))
    }

    @Test("a request shows the Authorization header and secret query items only as redacted in logs and evidence")
    func requestRedaction() throws {
        let request = try Fixtures.aliyun.sendSms(to: Fixtures.phone, template: Fixtures.template, message: Fixtures.message,
                                                  outId: Fixtures.outId, at: Fixtures.aliyunTime, nonce: Fixtures.nonce)
        let signature = try #require(request.header("Authorization"))
        var dumped = ""
        dump(request, to: &dumped)
        for text in [request.description, request.debugDescription, request.evidence, dumped] {
            #expect(!text.contains(String(signature.suffix(64))))
        }
        #expect(request.evidence.contains("Authorization: ‹redacted›"))
        #expect(request.evidence.contains("x-acs-action: SendSms"))
        // Logs get the size, not the body (it holds the phone number).
        #expect(!request.description.contains(Fixtures.phone))
        #expect(request.description.hasPrefix("POST https://dysmsapi.aliyuncs.com/?PhoneNumbers=138****8000&SignName="))
        #expect(request.evidence.contains("PhoneNumbers=13800138000"))
    }
}
