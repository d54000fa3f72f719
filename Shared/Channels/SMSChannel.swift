public import Domain
public import Foundation

/// The SMS gateways behind one interface, so the sender can send, classify, look up and fall
/// back without knowing which provider it talks to. Each case wraps the provider's adapter;
/// everything stays pure (time and nonce are arguments).
public enum SMSChannel: Sendable, CustomStringConvertible {
    case alibabaCloud(AlibabaCloudSMS)
    case tencentCloud(TencentCloudSMS)
    case genericWebhook(GenericWebhookSMS)

    public var provider: NotificationProvider {
        switch self {
        case .alibabaCloud: .alibabaCloudSMS
        case .tencentCloud: .tencentCloudSMS
        case .genericWebhook: .genericWebhook
        }
    }

    public var description: String {
        switch self {
        case .alibabaCloud(let adapter): adapter.description
        case .tencentCloud(let adapter): adapter.description
        case .genericWebhook(let adapter): adapter.description
        }
    }

    /// Whether this channel can send `template`: the SMS providers need its approval there.
    public func canSend(_ template: SMSTemplate) -> Bool {
        !provider.usesApprovedSMSTemplates || template.approval(for: provider) != nil
    }

    /// What the rate limiter needs to know about this send, with every field the provider's
    /// documented caps count by (a subject missing a field would escape the rules that need it).
    public func rateLimitSubject(to phone: String, template: SMSTemplate, message: SMSTemplate.RenderedMessage) -> RateLimiter.Subject {
        RateLimiter.Subject(provider: provider, recipient: phone, signature: template.signature,
                            templateCode: template.approval(for: provider)?.templateCode ?? template.kind, content: message.text)
    }

    /// The send request for one recipient; `outId` is Duban's key (OutId / SessionContext / outId).
    public func sendRequest(to phone: String, template: SMSTemplate, message: SMSTemplate.RenderedMessage, outId: String,
                            at date: Date, nonce: String) throws(ChannelError) -> ChannelRequest {
        switch self {
        case .alibabaCloud(let adapter):
            try adapter.sendSms(to: phone, template: template, message: message, outId: outId, at: date, nonce: nonce)
        case .tencentCloud(let adapter):
            try adapter.sendSms(to: phone, template: template, message: message, sessionContext: outId, at: date)
        case .genericWebhook(let adapter):
            try adapter.sendRequest(to: phone, template: template, message: message, outId: outId)
        }
    }

    public func classifySend(_ response: ChannelResponse, phone: String) -> SendOutcome {
        switch self {
        case .alibabaCloud: AlibabaCloudSMS.classify(response)
        case .tencentCloud: TencentCloudSMS.classify(response, phone: phone)
        case .genericWebhook: GenericWebhookSMS.classify(response)
        }
    }

    /// The request that finds an attempt at the provider (after a timeout, or for reconciliation).
    /// - Parameters:
    ///   - submittedAt: when the send was handed over (its China-time day for Alibaba Cloud, the
    ///     start of the window for Tencent Cloud, which also cannot look back more than 7 days).
    ///   - providerMessageId: the BizId when the send's answer was recorded.
    public func statusQueryRequest(phone: String, outId: String, providerMessageId: String?, submittedAt: Date,
                                   at date: Date, nonce: String) throws(ChannelError) -> ChannelRequest {
        switch self {
        case .alibabaCloud(let adapter):
            return try adapter.querySendDetails(phone: phone, day: CivilDate(chinaTimeOf: submittedAt), bizId: providerMessageId,
                                                at: date, nonce: nonce)
        case .tencentCloud(let adapter):
            let earliest = date.addingTimeInterval(-TencentCloudSMS.pullWindow.seconds + 60)
            let begin = max(submittedAt.addingTimeInterval(-60), earliest)
            return try adapter.pullSendStatus(phone: phone, from: min(begin, date), to: date, at: date)
        case .genericWebhook(let adapter):
            return adapter.statusRequest(outId: outId)
        }
    }

    public func parseStatusQuery(_ response: ChannelResponse, outId: String) throws(ChannelError) -> StatusQueryResult {
        switch self {
        case .alibabaCloud: try AlibabaCloudSMS.parseQuerySendDetails(response)
        case .tencentCloud: try TencentCloudSMS.parsePullSendStatus(response)
        case .genericWebhook: try GenericWebhookSMS.parseStatus(response, outId: outId)
        }
    }

    /// Whether a status query that does not list the send proves the provider never accepted it
    /// (so sending again is safe). False for Tencent Cloud, whose pulls list receipts only.
    public var notFoundMeansNotSent: Bool {
        switch self {
        case .alibabaCloud: AlibabaCloudSMS.notFoundMeansNotSent
        case .tencentCloud: TencentCloudSMS.notFoundMeansNotSent
        case .genericWebhook: GenericWebhookSMS.notFoundMeansNotSent
        }
    }
}

extension ChannelsConfiguration {
    /// The SMS channels in fallback order (`DUBAN_SMS_PROVIDERS`).
    public var smsChannels: [SMSChannel] {
        smsProviders.compactMap { provider in
            switch provider {
            case .alibabaCloudSMS: alibabaCloudSMS.map { .alibabaCloud(AlibabaCloudSMS(configuration: $0)) }
            case .tencentCloudSMS: tencentCloudSMS.map { .tencentCloud(TencentCloudSMS(configuration: $0)) }
            case .genericWebhook: genericWebhook.map { .genericWebhook(GenericWebhookSMS(configuration: $0)) }
            case .wechatOfficialAccount, .wecomRobot, .dingtalkRobot: nil
            }
        }
    }
}
