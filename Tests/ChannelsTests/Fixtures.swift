@testable import Channels
import Domain
import Foundation

/// Fixed keys, times and messages shared by the adapter tests. The keys are made up.
enum Fixtures {
    static let signature = "某某市生态环境局"
    static let phone = "13800138000"
    static let outId = "DB0123456789abcdef0123456789ab"
    static let nonce = "0123456789abcdef0123456789abcdef"
    /// 2026-11-29T02:00:00Z.
    static let aliyunTime = Date(timeIntervalSince1970: 1_795_917_600)
    /// 2026-12-03T17:00:00Z, which is already 2026-12-04 01:00 in China.
    static let tencentTime = Date(timeIntervalSince1970: 1_796_317_200)

    static let template = SMSTemplate(
        kind: "pre_warning.digest", version: 2, signature: signature,
        text: "督办提醒：{enterprise}有待反馈事项，单号{orderNumber}。",
        variables: [.init(name: "enterprise", maxLength: 30, type: .organisation), .init(name: "orderNumber", maxLength: 16, type: .code)],
        approvals: [
            .init(provider: .alibabaCloudSMS, templateCode: "SMS_465300001", approvedOn: CivilDate(year: 2026, month: 3, day: 2)!),
            .init(provider: .tencentCloudSMS, templateCode: "1110", approvedOn: CivilDate(year: 2026, month: 3, day: 5)!),
        ])

    static var message: SMSTemplate.RenderedMessage {
        // The values are valid for the template: rendering cannot fail.
        try! template.render(["enterprise": "四川某某水泥股份有限公司", "orderNumber": "DB20240506001"])
    }

    static let aliyun = AlibabaCloudSMS(configuration: .init(accessKeyId: "LTAI5tDubanTestKey", accessKeySecret: Secret("DubanTestSecret0123456789abcdef")))
    static let tencent = TencentCloudSMS(configuration: .init(secretId: "AKIDDubanTestId", secretKey: Secret("DubanTencentKey0123456789"), smsSdkAppId: "1400006666"))

    static func response(_ status: Int = 200, _ json: String) -> ChannelResponse {
        ChannelResponse(statusCode: status, text: json)
    }
}
