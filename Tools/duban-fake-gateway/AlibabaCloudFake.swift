import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Runtime
import Web

/// Alibaba Cloud SMS (dysmsapi 2017-05-25) as far as Notify's tests need it: `SendSms` answers
/// `{"Code":"OK","BizId":…}` (or the injected `isp.SYSTEM_ERROR` / `isv.BUSINESS_LIMIT_CONTROL`),
/// `SendBatchSms` the same for several numbers under one BizId, `QuerySendDetails` lists the sends to a number (SendStatus 1 waiting, 3 delivered once its
/// receipt was pushed), and with `DUBAN_FAKE_GATEWAY_ALIBABA_RECEIPT_URL` every accepted send's
/// SmsReport is pushed there (`DUBAN_FAKE_GATEWAY_RECEIPT_REPEAT` times, as a provider retrying).
/// The signature is not checked: the adapter's signing is proven by ChannelsTests.
struct AlibabaCloudFake: Sendable {
    struct Send: Sendable {
        let phone: String
        let templateCode: String
        let content: String
        let bizId: String
        let outId: String
        let sendDate: String
        var delivered = false
    }

    let state: Locked<GatewayState>
    let stall: Duration
    let failStatus: Int
    let receiptURL: String?
    let receiptRepeat: Int

    /// A request to `POST /` carrying `x-acs-action`.
    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        switch request.headers["x-acs-action"] {
        case "SendSms": await sendSms(request)
        case "SendBatchSms": await sendBatchSms(request)
        case "QuerySendDetails": querySendDetails(request)
        default: Self.answer(["Code": "InvalidAction.NotFound", "Message": "unknown action", "RequestId": UUID().uuidString], status: 404)
        }
    }

    private func sendSms(_ request: HTTPRequest) async -> HTTPResponse {
        let query = request.query
        guard let phone = query["PhoneNumbers"], let templateCode = query["TemplateCode"], let outId = query["OutId"] else {
            return Self.answer(["Code": "isv.INVALID_PARAMETERS", "Message": "PhoneNumbers, TemplateCode and OutId are required"], status: 400)
        }
        let content = "【\(query["SignName"] ?? "")】\(templateCode) \(query["TemplateParam"] ?? "")"
        let record = Self.json(["provider": "alibaba_cloud_sms", "outId": outId, "phone": phone, "templateCode": templateCode,
                                "templateParam": query["TemplateParam"] ?? ""])
        let sendDate = Self.chinaTime(Date())
        let outcome = state.withLock { state -> (injected: Injected?, bizId: String) in
            let outcome = state.admit(outId: outId, record: record)
            if outcome.injected != .failure, outcome.injected != .rateLimit, state.alibabaSends[outId] == nil {
                state.alibabaSends[outId] = Send(phone: phone, templateCode: templateCode, content: content, bizId: outcome.bizId,
                                                 outId: outId, sendDate: sendDate)
            }
            return outcome
        }
        switch outcome.injected {
        case .failure:
            return Self.answer(["Code": "isp.SYSTEM_ERROR", "Message": "injected failure", "RequestId": UUID().uuidString], status: failStatus)
        case .rateLimit:
            return Self.answer(["Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "injected rate limit", "RequestId": UUID().uuidString])
        case .stall:
            try? await Task.sleep(for: stall)
        case nil:
            break
        }
        Console.line("[fake-aliyun] to \(phone) \(templateCode) OutId=\(outId) BizId=\(outcome.bizId)")
        if let receiptURL { pushReceipt(key: outId, to: receiptURL) }
        return Self.answer(["Code": "OK", "Message": "OK", "BizId": outcome.bizId, "RequestId": UUID().uuidString])
    }

    /// SendBatchSms: TemplateCode and OutId in the query, the numbers, signatures and parameters as
    /// JSON arrays in the form body; one BizId for the whole batch, one send per number.
    private func sendBatchSms(_ request: HTTPRequest) async -> HTTPResponse {
        let form = Self.form(request.body)
        guard let templateCode = request.query["TemplateCode"], let outId = request.query["OutId"],
              let phones = form["PhoneNumberJson"].flatMap({ try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] }),
              let signs = form["SignNameJson"].flatMap({ try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] }),
              !phones.isEmpty, phones.count == signs.count, phones.count <= 100 else {
            return Self.answer(["Code": "isv.INVALID_PARAMETERS", "Message": "TemplateCode, OutId, PhoneNumberJson and SignNameJson (same length, ≤ 100) are required"], status: 400)
        }
        let parameters = form["TemplateParamJson"] ?? ""
        let record = Self.json(["provider": "alibaba_cloud_sms", "action": "SendBatchSms", "outId": outId, "phones": phones,
                                "templateCode": templateCode, "templateParam": parameters])
        let sendDate = Self.chinaTime(Date())
        let outcome = state.withLock { state -> (injected: Injected?, bizId: String) in
            let outcome = state.admit(outId: outId, record: record)
            if outcome.injected != .failure, outcome.injected != .rateLimit {
                for (phone, sign) in zip(phones, signs) where state.alibabaSends["\(outId)|\(phone)"] == nil {
                    state.alibabaSends["\(outId)|\(phone)"] = Send(phone: phone, templateCode: templateCode, content: "【\(sign)】\(templateCode) \(parameters)",
                                                                   bizId: outcome.bizId, outId: outId, sendDate: sendDate)
                }
            }
            return outcome
        }
        switch outcome.injected {
        case .failure:
            return Self.answer(["Code": "isp.SYSTEM_ERROR", "Message": "injected failure", "RequestId": UUID().uuidString], status: failStatus)
        case .rateLimit:
            return Self.answer(["Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "injected rate limit", "RequestId": UUID().uuidString])
        case .stall:
            try? await Task.sleep(for: stall)
        case nil:
            break
        }
        Console.line("[fake-aliyun] batch to \(phones.count) numbers \(templateCode) OutId=\(outId) BizId=\(outcome.bizId)")
        if let receiptURL { for phone in phones { pushReceipt(key: "\(outId)|\(phone)", to: receiptURL) } }
        return Self.answer(["Code": "OK", "Message": "OK", "BizId": outcome.bizId, "RequestId": UUID().uuidString])
    }

    /// An application/x-www-form-urlencoded body as name → value.
    static func form(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let sides = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            if sides.count == 2 { fields[sides[0]] = sides[1] }
        }
        return fields
    }

    private func querySendDetails(_ request: HTTPRequest) -> HTTPResponse {
        guard let phone = request.query["PhoneNumber"] else {
            return Self.answer(["Code": "isv.INVALID_PARAMETERS", "Message": "PhoneNumber is required"], status: 400)
        }
        let bizId = request.query["BizId"]
        let sends = state.value.alibabaSends.values
            .filter { $0.phone == phone && (bizId == nil || bizId == "" || $0.bizId == bizId) }
            .sorted { $0.bizId < $1.bizId }
        let details: [[String: Any]] = sends.map { send in
            ["PhoneNum": send.phone, "SendStatus": send.delivered ? 3 : 1, "ErrCode": send.delivered ? "DELIVERED" : "",
             "TemplateCode": send.templateCode, "Content": send.content, "SendDate": send.sendDate,
             "ReceiveDate": send.delivered ? send.sendDate : "", "OutId": send.outId]
        }
        return Self.answer(["Code": "OK", "Message": "OK", "RequestId": UUID().uuidString, "TotalCount": details.count,
                            "SmsSendDetailDTOs": ["SmsSendDetailDTO": details]])
    }

    /// Marks the send delivered and pushes its SmsReport, as Alibaba Cloud's HTTP batch push does.
    private func pushReceipt(key: String, to url: String) {
        guard let send = state.withLock({ state -> Send? in
            state.alibabaSends[key]?.delivered = true
            return state.alibabaSends[key]
        }), let target = URL(string: url) else { return }
        let report: [[String: Any]] = [[
            "phone_number": send.phone, "send_time": send.sendDate, "report_time": Self.chinaTime(Date()), "success": true,
            "err_code": "DELIVERED", "err_msg": "用户接收成功", "sms_size": "1", "biz_id": send.bizId, "out_id": send.outId,
        ]]
        let body = (try? JSONSerialization.data(withJSONObject: report)) ?? Data()
        let repeats = receiptRepeat
        Task.detached {
            try? await Task.sleep(for: .milliseconds(300))
            for _ in 0..<repeats {
                var request = URLRequest(url: target, timeoutInterval: 5)
                request.httpMethod = "POST"
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.httpBody = body
                _ = try? await URLSession.shared.data(for: request)
            }
        }
    }

    static func answer(_ object: [String: Any], status: Int = 200) -> HTTPResponse {
        .json(json(object), status: status)
    }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// `yyyy-MM-dd HH:mm:ss` in China time, as Alibaba Cloud writes times.
    static func chinaTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }
}
