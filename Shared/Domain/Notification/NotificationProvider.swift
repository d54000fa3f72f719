/// A gateway Duban can hand a notification to. Raw values are stable strings: they are stored
/// with templates, attempts and receipts and appear in events.
public enum NotificationProvider: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// 阿里云短信服务 (dysmsapi 2017-05-25: SendSms, SendBatchSms, QuerySendDetails).
    case alibabaCloudSMS = "alibaba_cloud_sms"
    /// 腾讯云短信 (sms 2021-01-11: SendSms, PullSmsSendStatusByPhoneNumber).
    case tencentCloudSMS = "tencent_cloud_sms"
    /// 微信公众号模板消息 (message/template/send).
    case wechatOfficialAccount = "wechat_official_account"
    /// 企业微信群机器人 (webhook/send).
    case wecomRobot = "wecom_robot"
    /// 钉钉自定义机器人 (robot/send, signed).
    case dingtalkRobot = "dingtalk_robot"
    /// Duban's generic JSON webhook (the local fake gateway and simple integrations).
    case genericWebhook = "generic_webhook"

    /// The channel family as `DeliveryRecord.channel` names it.
    public var channel: String {
        switch self {
        case .alibabaCloudSMS, .tencentCloudSMS, .genericWebhook: "sms"
        case .wechatOfficialAccount: "wechat"
        case .wecomRobot, .dingtalkRobot: "robot"
        }
    }

    /// Whether the provider sends text fixed by an approved SMS template (only variables change).
    public var usesApprovedSMSTemplates: Bool {
        self == .alibabaCloudSMS || self == .tencentCloudSMS
    }

    public var description: String { rawValue }

    public var chineseName: String {
        switch self {
        case .alibabaCloudSMS: "阿里云短信"
        case .tencentCloudSMS: "腾讯云短信"
        case .wechatOfficialAccount: "微信公众号"
        case .wecomRobot: "企业微信群机器人"
        case .dingtalkRobot: "钉钉群机器人"
        case .genericWebhook: "通用短信网关"
        }
    }
}
