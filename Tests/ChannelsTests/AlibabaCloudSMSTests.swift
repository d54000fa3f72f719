@testable import Channels
import Crypto
import Domain
import Foundation
import Testing

@Suite(.timeLimit(.minutes(1)))
struct AlibabaCloudSMSTests {
    @Test("SendSms: POST / with every parameter in the query, empty body, x-acs headers and the V3 signature")
    func sendSmsRequest() throws {
        let request = try Fixtures.aliyun.sendSms(to: Fixtures.phone, template: Fixtures.template, message: Fixtures.message,
                                                  outId: Fixtures.outId, at: Fixtures.aliyunTime, nonce: Fixtures.nonce)
        #expect(request.method == "POST")
        #expect(request.body.isEmpty)
        #expect(request.urlString == "https://dysmsapi.aliyuncs.com/?PhoneNumbers=13800138000"
            + "&SignName=%E6%9F%90%E6%9F%90%E5%B8%82%E7%94%9F%E6%80%81%E7%8E%AF%E5%A2%83%E5%B1%80&TemplateCode=SMS_465300001"
            + "&TemplateParam=%7B%22enterprise%22%3A%22%E5%9B%9B%E5%B7%9D%E6%9F%90%E6%9F%90%E6%B0%B4%E6%B3%A5%E8%82%A1%E4%BB%BD%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8%22%2C%22orderNumber%22%3A%22DB20240506001%22%7D"
            + "&OutId=DB0123456789abcdef0123456789ab")
        #expect(request.queryValue("TemplateParam") == #"{"enterprise":"四川某某水泥股份有限公司","orderNumber":"DB20240506001"}"#)
        #expect(request.header("x-acs-action") == "SendSms")
        #expect(request.header("x-acs-version") == "2017-05-25")
        #expect(request.header("x-acs-date") == "2026-11-29T02:00:00Z")
        #expect(request.header("x-acs-signature-nonce") == Fixtures.nonce)
        #expect(request.header("x-acs-content-sha256") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(request.header("host") == "dysmsapi.aliyuncs.com")
        // Expected signature recomputed outside Swift (Python hashlib/hmac, from the documented
        // algorithm) for these fixed keys, time and nonce.
        #expect(request.header("Authorization") == "ACS3-HMAC-SHA256 Credential=LTAI5tDubanTestKey,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=53af91ec257aae7e635aaad227ed56088e2fb69e186c787afdb5d9dac8c676cc")
    }

    @Test("the signature covers what is sent: the canonical request rebuilt from the request itself gives the same Authorization")
    func signatureMatchesWire() throws {
        let request = try Fixtures.aliyun.sendSms(to: Fixtures.phone, template: Fixtures.template, message: Fixtures.message,
                                                  outId: Fixtures.outId, at: Fixtures.aliyunTime, nonce: Fixtures.nonce)
        let rebuilt = ACS3Signature(method: request.method, query: request.query.map { ($0.name, $0.value) },
                                    headers: request.headers.filter { $0.name != "Authorization" }.map { ($0.name, $0.value) },
                                    body: request.body, accessKeyId: "LTAI5tDubanTestKey", accessKeySecret: Secret("DubanTestSecret0123456789abcdef"))
        #expect(request.header("Authorization") == rebuilt.authorization)
        // Another nonce or second changes the signature (replays are refused by the gateway).
        let other = try Fixtures.aliyun.sendSms(to: Fixtures.phone, template: Fixtures.template, message: Fixtures.message,
                                                outId: Fixtures.outId, at: Fixtures.aliyunTime.addingTimeInterval(1), nonce: Fixtures.nonce)
        #expect(other.header("Authorization") != request.header("Authorization"))
    }

    @Test("SendBatchSms: TemplateCode and OutId in the query, the JSON arrays as a signed form body")
    func sendBatchSmsRequest() throws {
        let recipients = [
            AlibabaCloudSMS.BatchRecipient(phone: "13800138000", signName: Fixtures.signature, parameters: [.init(name: "count", value: "3")]),
            AlibabaCloudSMS.BatchRecipient(phone: "13900139000", signName: Fixtures.signature, parameters: [.init(name: "count", value: "5")]),
        ]
        let request = try Fixtures.aliyun.sendBatchSms(to: recipients, templateCode: "SMS_465300002", outId: "DBbatch1",
                                                       at: Fixtures.aliyunTime, nonce: Fixtures.nonce)
        #expect(request.urlString == "https://dysmsapi.aliyuncs.com/?TemplateCode=SMS_465300002&OutId=DBbatch1")
        #expect(String(decoding: request.body, as: UTF8.self) == "PhoneNumberJson=%5B%2213800138000%22%2C%2213900139000%22%5D"
            + "&SignNameJson=%5B%22%E6%9F%90%E6%9F%90%E5%B8%82%E7%94%9F%E6%80%81%E7%8E%AF%E5%A2%83%E5%B1%80%22%2C%22%E6%9F%90%E6%9F%90%E5%B8%82%E7%94%9F%E6%80%81%E7%8E%AF%E5%A2%83%E5%B1%80%22%5D"
            + "&TemplateParamJson=%5B%7B%22count%22%3A%223%22%7D%2C%7B%22count%22%3A%225%22%7D%5D")
        #expect(request.header("content-type") == "application/x-www-form-urlencoded")
        #expect(request.header("x-acs-content-sha256") == SHA256.hex(request.body))
        #expect(request.header("Authorization")?.hasSuffix(
            "SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=4d2672144073d495b4eeaee4f9ccaef3a23edd223e1b6b1035477d403a6286dd") == true)
        #expect(throws: ChannelError.self) { try Fixtures.aliyun.sendBatchSms(to: [], templateCode: "SMS_1", outId: "x", at: Fixtures.aliyunTime, nonce: "n") }
        let tooMany = Array(repeating: recipients[0], count: 101)
        #expect(throws: ChannelError.self) { try Fixtures.aliyun.sendBatchSms(to: tooMany, templateCode: "SMS_1", outId: "x", at: Fixtures.aliyunTime, nonce: "n") }
    }

    @Test("QuerySendDetails: phone, China-time day as yyyyMMdd, page, optional BizId")
    func querySendDetailsRequest() throws {
        let request = try Fixtures.aliyun.querySendDetails(phone: Fixtures.phone, day: CivilDate(year: 2026, month: 11, day: 29)!,
                                                           bizId: "900619746936498440^0", at: Fixtures.aliyunTime, nonce: Fixtures.nonce)
        #expect(request.header("x-acs-action") == "QuerySendDetails")
        #expect(request.query.map(\.name) == ["PhoneNumber", "SendDate", "PageSize", "CurrentPage", "BizId"])
        #expect(request.queryValue("SendDate") == "20261129")
        #expect(request.queryValue("PageSize") == "50")
        #expect(request.urlString.hasSuffix("BizId=900619746936498440%5E0"))
        #expect(throws: ChannelError.self) {
            try Fixtures.aliyun.querySendDetails(phone: Fixtures.phone, day: CivilDate(year: 2026, month: 11, day: 29)!, pageSize: 51,
                                                 at: Fixtures.aliyunTime, nonce: Fixtures.nonce)
        }
    }

    @Test("bad input is refused before anything is signed: number, missing approval, OutId length")
    func refusals() throws {
        #expect(throws: ChannelError.self) {
            try Fixtures.aliyun.sendSms(to: "1380013800", template: Fixtures.template, message: Fixtures.message, outId: Fixtures.outId,
                                        at: Fixtures.aliyunTime, nonce: Fixtures.nonce)
        }
        var unapproved = Fixtures.template
        unapproved.approvals = []
        do {
            _ = try Fixtures.aliyun.sendSms(to: Fixtures.phone, template: unapproved, message: Fixtures.message, outId: Fixtures.outId,
                                            at: Fixtures.aliyunTime, nonce: Fixtures.nonce)
            Issue.record("a template without an Alibaba Cloud approval was sent")
        } catch {
            #expect(error.code == .invalidRequest)
            #expect(error.description.contains("pre_warning.digest v2"))
        }
        #expect(throws: ChannelError.self) {
            try Fixtures.aliyun.sendSms(to: Fixtures.phone, template: Fixtures.template, message: Fixtures.message,
                                        outId: String(repeating: "x", count: 256), at: Fixtures.aliyunTime, nonce: Fixtures.nonce)
        }
        // The error names the masked number, never the full one.
        do {
            _ = try Fixtures.aliyun.sendSms(to: "23800138000", template: Fixtures.template, message: Fixtures.message, outId: Fixtures.outId,
                                            at: Fixtures.aliyunTime, nonce: Fixtures.nonce)
        } catch {
            #expect(error.description.contains("238****8000"))
            #expect(!error.description.contains("23800138000"))
        }
    }

    @Test("classification of each documented code family", arguments: [
        (#"{"Code":"OK","Message":"OK","BizId":"9006197469364984400","RequestId":"F655A8D5"}"#, 200, ResponseClass.success),
        (#"{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发分钟级流控Permits:1"}"#, 200, .rateLimited),
        (#"{"Code":"isv.DAY_LIMIT_CONTROL","Message":"触发日发送限额"}"#, 200, .rateLimited),
        (#"{"Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#, 400, .rateLimited),
        (#"{"Code":"isp.SYSTEM_ERROR","Message":"系统错误"}"#, 200, .transient),
        (#"{"Code":"ServiceUnavailable","Message":"The request has failed due to a temporary failure of the server."}"#, 503, .transient),
        (#"{"Code":"isp.SOMETHING_NEW","Message":"x"}"#, 200, .transient),
        (#"{"Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":"非法手机号"}"#, 200, .permanent),
        (#"{"Code":"isv.BLACK_KEY_CONTROL_LIMIT","Message":"黑名单管控"}"#, 200, .permanent),
        (#"{"Code":"isv.PARAM_NOT_SUPPORT_URL","Message":"不支持URL"}"#, 200, .permanent),
        (#"{"Code":"isv.SOMETHING_NEW","Message":"x"}"#, 200, .permanent),
        (#"{"Code":"isv.SMS_TEMPLATE_ILLEGAL","Message":"模板不合法"}"#, 200, .configuration),
        (#"{"Code":"isv.SMS_SIGNATURE_ILLEGAL","Message":"签名不合法"}"#, 200, .configuration),
        (#"{"Code":"isv.AMOUNT_NOT_ENOUGH","Message":"账户余额不足"}"#, 200, .configuration),
        (#"{"Code":"isp.RAM_PERMISSION_DENY","Message":"RAM权限DENY"}"#, 200, .configuration),
        (#"{"Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation."}"#, 400, .authentication),
        (#"{"Code":"InvalidAccessKeyId.NotFound","Message":"Specified access key is not found."}"#, 404, .authentication),
    ])
    func classification(body: String, status: Int, expected: ResponseClass) {
        let outcome = AlibabaCloudSMS.classify(Fixtures.response(status, body))
        #expect(outcome.classification == expected)
        #expect(outcome.mayHaveBeenSent == false)
        if expected == .success { #expect(outcome.providerMessageId == "9006197469364984400") }
    }

    @Test("answers that prove nothing: a gateway error page, an unreadable 200, OK without BizId — transient and possibly sent")
    func ambiguousAnswers() {
        let gateway = AlibabaCloudSMS.classify(ChannelResponse(statusCode: 502, text: "<html>Bad Gateway</html>"))
        #expect(gateway.classification == .transient)
        #expect(gateway.mayHaveBeenSent)
        #expect(gateway.providerCode == "HTTP 502")
        let unreadable = AlibabaCloudSMS.classify(ChannelResponse(statusCode: 200, text: "{"))
        #expect(unreadable.classification == .transient && unreadable.mayHaveBeenSent)
        let noBizId = AlibabaCloudSMS.classify(Fixtures.response(200, #"{"Code":"OK","Message":"OK"}"#))
        #expect(noBizId.classification == .transient && noBizId.mayHaveBeenSent)
        #expect(AlibabaCloudSMS.classify(ChannelResponse(statusCode: 429, text: "")).classification == .rateLimited)
    }

    static let pushedReceipts = """
        [
          {"phone_number":"13800138000","send_time":"2026-11-29 10:00:01","report_time":"2026-11-29 10:00:05","success":true,
           "err_code":"DELIVERED","err_msg":"用户接收成功","sms_size":"1","biz_id":"9006197469364984400","out_id":"DB0123456789abcdef0123456789ab"},
          {"phone_number":"13900139000","send_time":"2026-11-29 10:00:01","report_time":"2026-11-29 10:01:00","success":false,
           "err_code":"MK:0001","err_msg":"空号","sms_size":2,"biz_id":"9006197469364984401","out_id":""},
          {"phone_number":"13700137000","success":true},
          "not an object"
        ]
        """

    @Test("SmsReport batch: delivered and failed receipts in UTC, bad entries listed without losing the good ones")
    func receipts() throws {
        let batch = try AlibabaCloudSMS.parseReceipts(Array(Self.pushedReceipts.utf8))
        #expect(batch.receipts.count == 2)
        #expect(batch.rejected.map(\.index) == [2, 3])
        let delivered = batch.receipts[0]
        #expect(delivered.status == .delivered)
        #expect(delivered.providerMessageId == "9006197469364984400")
        #expect(delivered.outId == Fixtures.outId)
        #expect(delivered.providerCode == "DELIVERED")
        #expect(delivered.parts == 1)
        // 10:00:05 China time is 02:00:05 UTC.
        #expect(delivered.reportedAt == Date(timeIntervalSince1970: 1_795_917_605))
        let failed = batch.receipts[1]
        #expect(failed.status == .failedPermanent)
        #expect(failed.providerCode == "MK:0001")
        #expect(failed.outId == nil)
        #expect(failed.parts == 2)
        #expect(throws: ChannelError.self) { try AlibabaCloudSMS.parseReceipts(Array(#"{"phone_number":"1"}"#.utf8)) }
        #expect(AlibabaCloudSMS.receiptAcknowledgement == #"{"code":0,"msg":"接收成功"}"#)
    }

    @Test("the same receipt pushed twice changes the status once and has one storage key")
    func duplicateReceipt() throws {
        let first = try AlibabaCloudSMS.parseReceipts(Array(Self.pushedReceipts.utf8)).receipts[0]
        let again = try AlibabaCloudSMS.parseReceipts(Array(Self.pushedReceipts.utf8)).receipts[0]
        #expect(first.deduplicationKey == again.deduplicationKey)
        let afterFirst = DeliveryStatus.submitted.merged(with: first.status)
        let afterSecond = afterFirst.merged(with: again.status)
        #expect(afterFirst == .delivered)
        #expect(afterSecond == afterFirst)
    }

    static let queryAnswer = """
        {"Code":"OK","Message":"OK","RequestId":"819BE656","TotalCount":2,"SmsSendDetailDTOs":{"SmsSendDetailDTO":[
          {"PhoneNum":"13800138000","SendStatus":1,"ErrCode":"","TemplateCode":"SMS_465300001",
           "Content":"【某某市生态环境局】督办提醒：四川某某水泥股份有限公司有待反馈事项，单号DB20240506001。","SendDate":"2026-11-29 10:00:01","ReceiveDate":""},
          {"PhoneNum":"13800138000","SendStatus":3,"ErrCode":"DELIVERED","TemplateCode":"SMS_465300009",
           "Content":"【某某市生态环境局】其他消息","SendDate":"2026-11-29 08:00:00","ReceiveDate":"2026-11-29 08:00:04","OutId":"DBother"}]}}
        """

    @Test("QuerySendDetails answer: SendStatus 1/2/3 become submitted/failed/delivered; a late 'waiting' never downgrades a delivered receipt")
    func statusQuery() throws {
        guard case .reports(let reports, let total) = try AlibabaCloudSMS.parseQuerySendDetails(Fixtures.response(200, Self.queryAnswer)) else {
            Issue.record("expected reports")
            return
        }
        #expect(total == 2)
        #expect(reports.map(\.status) == [.submitted, .delivered])
        #expect(reports[1].outId == "DBother")
        #expect(reports[0].sentAt == Date(timeIntervalSince1970: 1_795_917_601))
        // The receipt said delivered; reconciliation later reads the stale "waiting for receipt".
        let receipt = try AlibabaCloudSMS.parseReceipts(Array(Self.pushedReceipts.utf8)).receipts[0]
        let status = DeliveryStatus.submitted.merged(with: receipt.status).merged(with: reports[0].status)
        #expect(status == .delivered)

        // After a timeout the BizId is unknown: the send is recognised by its exact text and template.
        let lookup = SendLookup(outId: Fixtures.outId, content: Fixtures.message.text, templateCode: "SMS_465300001",
                                notBefore: Date(timeIntervalSince1970: 1_795_917_590))
        #expect(lookup.match(in: reports) == reports[0])
        #expect(SendLookup(outId: "DBother").match(in: reports) == reports[1])
        #expect(SendLookup(outId: "DBnone", content: "【某某市生态环境局】另一条", templateCode: "SMS_465300001").match(in: reports) == nil)
        // A send with the same text long before this attempt is not this attempt.
        #expect(SendLookup(outId: "DBnone", content: Fixtures.message.text, notBefore: Date(timeIntervalSince1970: 1_795_930_000)).match(in: reports) == nil)
        #expect(AlibabaCloudSMS.notFoundMeansNotSent)
    }

    @Test("QuerySendDetails refused or unreadable")
    func statusQueryFailures() throws {
        let throttled = try AlibabaCloudSMS.parseQuerySendDetails(Fixtures.response(200, #"{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"流控"}"#))
        guard case .failed(let outcome) = throttled else {
            Issue.record("expected a failure")
            return
        }
        #expect(outcome.classification == .rateLimited)
        guard case .failed(let busy) = try AlibabaCloudSMS.parseQuerySendDetails(ChannelResponse(statusCode: 503, text: "busy")) else {
            Issue.record("expected a failure")
            return
        }
        #expect(busy.classification == .transient)
        #expect(throws: ChannelError.self) { try AlibabaCloudSMS.parseQuerySendDetails(ChannelResponse(statusCode: 200, text: "[]")) }
        #expect(throws: ChannelError.self) {
            try AlibabaCloudSMS.parseQuerySendDetails(Fixtures.response(200, #"{"Code":"OK","SmsSendDetailDTOs":{"SmsSendDetailDTO":[{"PhoneNum":"1","SendStatus":7}]}}"#))
        }
    }
}
