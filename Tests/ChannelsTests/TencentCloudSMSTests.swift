@testable import Channels
import Crypto
import Domain
import Foundation
import Testing

@Suite(.timeLimit(.minutes(1)))
struct TencentCloudSMSTests {
    @Test("SendSms 2021-01-11: JSON body with +86 number, app, signature, template id, parameters in order, SessionContext; TC3 headers")
    func sendSmsRequest() throws {
        let request = try Fixtures.tencent.sendSms(to: Fixtures.phone, template: Fixtures.template, message: Fixtures.message,
                                                   sessionContext: Fixtures.outId, at: Fixtures.tencentTime)
        #expect(request.method == "POST")
        #expect(request.urlString == "https://sms.tencentcloudapi.com/")
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"PhoneNumberSet":["+8613800138000"],"SessionContext":"DB0123456789abcdef0123456789ab","SignName":"某某市生态环境局","SmsSdkAppId":"1400006666","TemplateId":"1110","TemplateParamSet":["四川某某水泥股份有限公司","DB20240506001"]}"#)
        #expect(request.header("X-TC-Action") == "SendSms")
        #expect(request.header("X-TC-Version") == "2021-01-11")
        #expect(request.header("X-TC-Region") == "ap-guangzhou")
        #expect(request.header("X-TC-Timestamp") == "1796317200")
        #expect(request.header("Host") == "sms.tencentcloudapi.com")
        #expect(request.header("Content-Type") == "application/json; charset=utf-8")
        // 17:00 UTC on 2026-12-03 is 01:00 on 12-04 in China: the credential scope must say 12-03.
        // Expected signature recomputed outside Swift (Python hashlib/hmac) for these fixed keys.
        #expect(request.header("Authorization") == "TC3-HMAC-SHA256 Credential=AKIDDubanTestId/2026-12-03/sms/tc3_request, SignedHeaders=content-type;host, Signature=db4dab5b36dd3551dc336a7cc776a3dae2abfd49bf7b0a949ff8b1976c46c6a2")
        #expect(request.description == "POST https://sms.tencentcloudapi.com/ (\(request.body.count) bytes)")
        #expect(!request.evidence.contains("db4dab5b36dd"))
    }

    @Test("PullSmsSendStatusByPhoneNumber: Unix-second window, Offset 0, Limit ≤ 100, at most 7 days back")
    func pullRequest() throws {
        let begin = Fixtures.tencentTime.addingTimeInterval(-3600)
        let request = try Fixtures.tencent.pullSendStatus(phone: Fixtures.phone, from: begin, to: Fixtures.tencentTime, at: Fixtures.tencentTime)
        #expect(request.header("X-TC-Action") == "PullSmsSendStatusByPhoneNumber")
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"BeginTime":1796313600,"EndTime":1796317200,"Limit":100,"Offset":0,"PhoneNumber":"+8613800138000","SmsSdkAppId":"1400006666"}"#)
        let rebuilt = TC3Signature(host: "sms.tencentcloudapi.com", contentType: "application/json; charset=utf-8", body: request.body,
                                   service: "sms", timestamp: 1_796_317_200, secretId: "AKIDDubanTestId", secretKey: Secret("DubanTencentKey0123456789"))
        #expect(request.header("Authorization") == rebuilt.authorization)
        #expect(throws: ChannelError.self) {
            try Fixtures.tencent.pullSendStatus(phone: Fixtures.phone, from: Fixtures.tencentTime.addingTimeInterval(-8 * 86_400),
                                                to: Fixtures.tencentTime, at: Fixtures.tencentTime)
        }
        #expect(throws: ChannelError.self) {
            try Fixtures.tencent.pullSendStatus(phone: Fixtures.phone, from: Fixtures.tencentTime, to: begin, at: Fixtures.tencentTime)
        }
        #expect(throws: ChannelError.self) {
            try Fixtures.tencent.pullSendStatus(phone: Fixtures.phone, from: begin, to: Fixtures.tencentTime, limit: 101, at: Fixtures.tencentTime)
        }
    }

    @Test("refusals: SessionContext over 511 bytes, no Tencent approval, a landline")
    func refusals() {
        #expect(throws: ChannelError.self) {
            try Fixtures.tencent.sendSms(to: Fixtures.phone, template: Fixtures.template, message: Fixtures.message,
                                         sessionContext: String(repeating: "会", count: 171), at: Fixtures.tencentTime)
        }
        var unapproved = Fixtures.template
        unapproved.approvals.removeAll { $0.provider == .tencentCloudSMS }
        #expect(throws: ChannelError.self) {
            try Fixtures.tencent.sendSms(to: Fixtures.phone, template: unapproved, message: Fixtures.message, sessionContext: "k", at: Fixtures.tencentTime)
        }
        #expect(throws: ChannelError.self) {
            try Fixtures.tencent.sendSms(to: ["02888888888"], signName: "局", templateId: "1", parameters: [], sessionContext: "k", at: Fixtures.tencentTime)
        }
    }

    static func sendAnswer(code: String, serial: String = "2028:f825e6b16e23f73f4123") -> String {
        """
        {"Response":{"SendStatusSet":[{"SerialNo":"\(serial)","PhoneNumber":"+8613800138000","Fee":1,
        "SessionContext":"DB0123456789abcdef0123456789ab","Code":"\(code)","Message":"m","IsoCode":"CN"}],"RequestId":"a0aabda6"}}
        """
    }

    @Test("per-number codes of each family", arguments: [
        ("Ok", ResponseClass.success),
        ("LimitExceeded.PhoneNumberThirtySecondLimit", .rateLimited),
        ("LimitExceeded.PhoneNumberDailyLimit", .rateLimited),
        ("LimitExceeded.PhoneNumberSameContentDailyLimit", .rateLimited),
        ("LimitExceeded.SomethingNew", .rateLimited),
        ("InternalError.Timeout", .transient),
        ("InternalError.SendAndRecvFail", .transient),
        ("InvalidParameterValue.IncorrectPhoneNumber", .permanent),
        ("FailedOperation.PhoneNumberInBlacklist", .permanent),
        ("InvalidParameterValue.ProhibitedUseUrlInTemplateParameter", .permanent),
        ("FailedOperation.TemplateIncorrectOrUnapproved", .configuration),
        ("FailedOperation.SignatureIncorrectOrUnapproved", .configuration),
        ("FailedOperation.InsufficientBalanceInSmsPackage", .configuration),
        ("UnauthorizedOperation.SmsSdkAppIdVerifyFail", .configuration),
    ])
    func perNumberCodes(code: String, expected: ResponseClass) {
        let outcome = TencentCloudSMS.classify(Fixtures.response(200, Self.sendAnswer(code: code)), phone: Fixtures.phone)
        #expect(outcome.classification == expected)
        #expect(outcome.requestId == "a0aabda6")
        #expect(outcome.providerMessageId == (expected == .success ? "2028:f825e6b16e23f73f4123" : nil))
        if code == "LimitExceeded.PhoneNumberThirtySecondLimit" { #expect(outcome.retryAfter == .seconds(30)) }
    }

    @Test("request-level errors apply to every number", arguments: [
        ("AuthFailure.SignatureFailure", ResponseClass.authentication),
        ("AuthFailure.SecretIdNotFound", .authentication),
        ("AuthFailure.SignatureExpire", .authentication),
        ("RequestLimitExceeded", .rateLimited),
        ("InternalError", .transient),
        ("InvalidParameter", .permanent),
        ("UnauthorizedOperation.RequestIpNotInWhitelist", .configuration),
    ])
    func requestErrors(code: String, expected: ResponseClass) {
        let body = #"{"Response":{"Error":{"Code":"\#(code)","Message":"refused"},"RequestId":"ed93f3cb"}}"#
        let outcomes = TencentCloudSMS.classifyEach(Fixtures.response(200, body), phones: ["13800138000", "13900139000"])
        #expect(outcomes.count == 2)
        #expect(outcomes.values.allSatisfy { $0.classification == expected && $0.providerCode == code && !$0.mayHaveBeenSent })
    }

    @Test("a number missing from the answer, an Ok without SerialNo, a gateway page: may have been sent")
    func ambiguous() {
        let outcomes = TencentCloudSMS.classifyEach(Fixtures.response(200, Self.sendAnswer(code: "Ok")), phones: ["13800138000", "13900139000"])
        #expect(outcomes["+8613800138000"]?.classification == .success)
        #expect(outcomes["+8613900139000"]?.mayHaveBeenSent == true)
        #expect(TencentCloudSMS.classify(Fixtures.response(200, Self.sendAnswer(code: "Ok", serial: "")), phone: Fixtures.phone).mayHaveBeenSent)
        let gateway = TencentCloudSMS.classify(ChannelResponse(statusCode: 504, text: "Gateway Timeout"), phone: Fixtures.phone)
        #expect(gateway.classification == .transient && gateway.mayHaveBeenSent)
    }

    static let callback = """
        [{"user_receive_time":"2026-12-04 01:00:09","nationcode":"86","mobile":"13800138000","report_status":"SUCCESS",
          "errmsg":"DELIVRD","description":"用户短信送达成功","sid":"2028:f825e6b16e23f73f4123"},
         {"user_receive_time":"2026-12-04 01:02:00","nationcode":"86","mobile":"+8613900139000","report_status":"FAIL",
          "errmsg":"MK:0005","description":"用户短信送达失败","sid":"2028:f825e6b16e23f73f4124"},
         {"mobile":"13700137000","report_status":"UNKNOWN","sid":"x"}]
        """

    @Test("status callback: SUCCESS/FAIL by sid, China time to UTC, unknown status listed as rejected")
    func statusCallback() throws {
        let batch = try TencentCloudSMS.parseStatusCallback(Array(Self.callback.utf8))
        #expect(batch.receipts.map(\.status) == [.delivered, .failedPermanent])
        #expect(batch.receipts.map(\.providerMessageId) == ["2028:f825e6b16e23f73f4123", "2028:f825e6b16e23f73f4124"])
        #expect(batch.receipts[1].recipient == "13900139000")
        #expect(batch.receipts[0].reportedAt == Fixtures.tencentTime.addingTimeInterval(9))
        #expect(batch.receipts[0].providerCode == "DELIVRD")
        #expect(batch.rejected.count == 1 && batch.rejected[0].index == 2)
        #expect(throws: ChannelError.self) { try TencentCloudSMS.parseStatusCallback(Array("not json".utf8)) }

        // The callback is retried: the same report twice yields the same key and no second change.
        let again = try TencentCloudSMS.parseStatusCallback(Array(Self.callback.utf8))
        #expect(again.receipts[0].deduplicationKey == batch.receipts[0].deduplicationKey)
        #expect(DeliveryStatus.delivered.merged(with: again.receipts[0].status) == .delivered)
        // A failure reported after the delivery does not overturn it.
        #expect(DeliveryStatus.delivered.merged(with: batch.receipts[1].status) == .delivered)
    }

    @Test("PullSmsSendStatusByPhoneNumber answer: receipts with SessionContext; API errors classified")
    func pullAnswer() throws {
        let body = """
            {"Response":{"PullSmsSendStatusSet":[{"UserReceiveTime":1796317209,"CountryCode":"86","SubscriberNumber":"13800138000",
            "PhoneNumber":"+8613800138000","SerialNo":"2028:f825e6b16e23f73f4123","ReportStatus":"SUCCESS","Description":"DELIVRD",
            "SessionContext":"DB0123456789abcdef0123456789ab"}],"RequestId":"b5b2"}}
            """
        guard case .reports(let reports, _) = try TencentCloudSMS.parsePullSendStatus(Fixtures.response(200, body)) else {
            Issue.record("expected reports")
            return
        }
        #expect(reports.count == 1)
        #expect(reports[0].status == .delivered)
        #expect(reports[0].outId == Fixtures.outId)
        #expect(reports[0].reportedAt == Fixtures.tencentTime.addingTimeInterval(9))
        #expect(SendLookup(outId: Fixtures.outId).match(in: reports) == reports[0])
        #expect(!TencentCloudSMS.notFoundMeansNotSent)
        let refused = try TencentCloudSMS.parsePullSendStatus(Fixtures.response(200, #"{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"x"},"RequestId":"r"}}"#))
        guard case .failed(let outcome) = refused else {
            Issue.record("expected a failure")
            return
        }
        #expect(outcome.classification == .rateLimited)
        #expect(throws: ChannelError.self) { try TencentCloudSMS.parsePullSendStatus(ChannelResponse(statusCode: 200, text: "<html>")) }
    }
}
