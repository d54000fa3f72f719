import Foundation
import Runtime
import Web

/// Tencent Cloud SMS (sms 2021-01-11) as far as Notify's tests need it: `SendSms` answers a
/// `SendStatusSet` entry per number (`Ok` with a SerialNo, or the injected
/// `InternalError.Timeout` / `LimitExceeded.PhoneNumberThirtySecondLimit`), and
/// `PullSmsSendStatusByPhoneNumber` lists the number's receipts (every accepted send is reported
/// delivered at once; like the real API, a send appears only with its receipt).
/// The TC3 signature is not checked: ChannelsTests prove the adapter's signing.
struct TencentCloudFake: Sendable {
    struct Send: Sendable {
        let phone: String
        let serialNo: String
        let sessionContext: String
        let receivedAt: Int
    }

    let state: Locked<GatewayState>
    let stall: Duration

    /// A request to `POST /` carrying `X-TC-Action`.
    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        switch request.headers["x-tc-action"] {
        case "SendSms": return await sendSms(body)
        case "PullSmsSendStatusByPhoneNumber": return pull(body)
        default: return Self.error("InvalidAction", "unknown action")
        }
    }

    private func sendSms(_ body: [String: Any]) async -> HTTPResponse {
        guard let phones = body["PhoneNumberSet"] as? [String], let phone = phones.first, phones.count == 1,
              let sessionContext = body["SessionContext"] as? String, let templateId = body["TemplateId"] as? String else {
            return Self.error("InvalidParameter", "one PhoneNumberSet entry, SessionContext and TemplateId are required (fake)")
        }
        let record = AlibabaCloudFake.json(["provider": "tencent_cloud_sms", "outId": sessionContext, "phone": phone,
                                            "templateCode": templateId, "templateParam": (body["TemplateParamSet"] as? [String] ?? []).joined(separator: "|")])
        let outcome = state.withLock { state -> (injected: Injected?, bizId: String) in
            let outcome = state.admit(outId: sessionContext, record: record)
            if outcome.injected != .failure, outcome.injected != .rateLimit, state.tencentSends[sessionContext] == nil {
                state.tencentSends[sessionContext] = Send(phone: phone, serialNo: "2640:\(outcome.bizId)", sessionContext: sessionContext,
                                                          receivedAt: Int(Date().timeIntervalSince1970))
            }
            return outcome
        }
        let code: String
        switch outcome.injected {
        case .failure: code = "InternalError.Timeout"
        case .rateLimit: code = "LimitExceeded.PhoneNumberThirtySecondLimit"
        case .stall:
            try? await Task.sleep(for: stall)
            code = "Ok"
        case nil: code = "Ok"
        }
        Console.line("[fake-tencent] to \(phone) template \(templateId) SessionContext=\(sessionContext): \(code)")
        let status: [String: Any] = ["SerialNo": code == "Ok" ? "2640:\(outcome.bizId)" : "", "PhoneNumber": phone, "Fee": code == "Ok" ? 1 : 0,
                                     "SessionContext": sessionContext, "Code": code, "Message": code == "Ok" ? "send success" : "injected",
                                     "IsoCode": "CN"]
        return .json(AlibabaCloudFake.json(["Response": ["SendStatusSet": [status], "RequestId": UUID().uuidString]]))
    }

    private func pull(_ body: [String: Any]) -> HTTPResponse {
        guard let phone = body["PhoneNumber"] as? String else { return Self.error("InvalidParameter", "PhoneNumber is required") }
        let bare = phone.hasPrefix("+86") ? String(phone.dropFirst(3)) : phone
        let records: [[String: Any]] = state.value.tencentSends.values
            .filter { $0.phone == phone || $0.phone == "+86" + bare }
            .sorted { $0.serialNo < $1.serialNo }
            .map { send in
                ["UserReceiveTime": send.receivedAt, "CountryCode": "86", "SubscriberNumber": bare, "PhoneNumber": "+86" + bare,
                 "SerialNo": send.serialNo, "ReportStatus": "SUCCESS", "Description": "用户短信送达成功", "SessionContext": send.sessionContext]
            }
        return .json(AlibabaCloudFake.json(["Response": ["PullSmsSendStatusSet": records, "RequestId": UUID().uuidString]]))
    }

    static func error(_ code: String, _ message: String) -> HTTPResponse {
        .json(AlibabaCloudFake.json(["Response": ["Error": ["Code": code, "Message": message], "RequestId": UUID().uuidString]]))
    }
}
