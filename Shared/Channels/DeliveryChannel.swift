import Crypto
public import Domain
public import Foundation

/// Every gateway a notification can take, behind one interface: the SMS providers (with status
/// queries), the WeChat official account (template message, one openid, `client_msg_id`), and
/// the WeCom and DingTalk group robots (the bureau's duty group, the recipient @-mentioned by
/// phone). Pure like the adapters: time, nonce and the WeChat access token are arguments.
public enum DeliveryChannel: Sendable, CustomStringConvertible {
    case sms(SMSChannel)
    case wechat(WeChatOfficialAccount, templates: WeChatTemplates)
    case wecomRobot(WeComRobot)
    case dingtalkRobot(DingTalkRobot)

    /// Who a notification goes to, as the request carried it.
    public struct Recipient: Sendable, Equatable {
        public var role: String
        public var phone: String?
        /// The openid of the person at the configured official account (the registry's `wechat`).
        public var wechatOpenId: String?

        public init(role: String, phone: String?, wechatOpenId: String?) {
            self.role = role
            self.phone = phone
            self.wechatOpenId = wechatOpenId
        }
    }

    public var provider: NotificationProvider {
        switch self {
        case .sms(let channel): channel.provider
        case .wechat: .wechatOfficialAccount
        case .wecomRobot: .wecomRobot
        case .dingtalkRobot: .dingtalkRobot
        }
    }

    public var preference: ChannelPreferences.Channel {
        switch self {
        case .sms: .sms
        case .wechat: .wechat
        case .wecomRobot: .wecomRobot
        case .dingtalkRobot: .dingtalkRobot
        }
    }

    public var description: String {
        switch self {
        case .sms(let channel): channel.description
        case .wechat(let account, _): account.description
        case .wecomRobot(let robot): robot.description
        case .dingtalkRobot(let robot): robot.description
        }
    }

    /// Where this channel reaches the recipient: the phone number (SMS), the openid (WeChat), the
    /// duty group (robots: the phone, when known, is only @-mentioned, so "" is a valid address).
    /// Nil when the recipient has no address here: fall back to the next channel.
    public func address(of recipient: Recipient) -> String? {
        switch self {
        case .sms: recipient.phone.flatMap { $0.isEmpty ? nil : $0 }
        case .wechat: recipient.wechatOpenId.flatMap { $0.isEmpty ? nil : $0 }
        case .wecomRobot, .dingtalkRobot: recipient.phone ?? ""
        }
    }

    /// Whether this channel can carry `template`'s kind: SMS providers need its approval there,
    /// WeChat a configured template for the kind; robots post the rendered text.
    public func canSend(_ template: SMSTemplate) -> Bool {
        switch self {
        case .sms(let channel): channel.canSend(template)
        case .wechat(_, let templates): templates.mapping(kind: template.kind) != nil
        case .wecomRobot, .dingtalkRobot: true
        }
    }

    /// True when a send needs the account's access token (WeChat).
    public var needsAccessToken: Bool {
        if case .wechat = self { return true }
        return false
    }

    /// What the rate limiter counts for this send. Robots and the WeChat account are counted per
    /// destination, named by a hash so that no webhook key reaches the limiter's stored counters.
    public func rateLimitSubject(to address: String, template: SMSTemplate, message: SMSTemplate.RenderedMessage) -> RateLimiter.Subject {
        switch self {
        case .sms(let channel):
            return channel.rateLimitSubject(to: address, template: template, message: message)
        case .wechat(let account, _):
            return RateLimiter.Subject(provider: provider, recipient: address, destination: account.configuration.appId)
        case .wecomRobot(let robot):
            return RateLimiter.Subject(provider: provider, destination: Self.destinationName(robot.configuration.key.revealed))
        case .dingtalkRobot(let robot):
            return RateLimiter.Subject(provider: provider, destination: Self.destinationName(robot.configuration.accessToken.revealed))
        }
    }

    static func destinationName(_ secret: String) -> String {
        String(SHA256.hex(Array(secret.utf8)).prefix(16))
    }

    /// The send request. `key` is Duban's stable key (OutId / SessionContext / client_msg_id);
    /// robots have no such field, which is why an unanswered robot send is never repeated.
    public func sendRequest(to address: String, template: SMSTemplate, message: SMSTemplate.RenderedMessage, variables: [String: String],
                            key: String, accessToken: Secret?, at date: Date, nonce: String) throws(ChannelError) -> ChannelRequest {
        switch self {
        case .sms(let channel):
            return try channel.sendRequest(to: address, template: template, message: message, outId: key, at: date, nonce: nonce)
        case .wechat(let account, let templates):
            guard let mapping = templates.mapping(kind: template.kind) else {
                throw ChannelError(.invalidRequest, .wechatOfficialAccount, "no template configured for kind \(template.kind)")
            }
            guard let accessToken else { throw ChannelError(.invalidRequest, .wechatOfficialAccount, "no access token") }
            return try account.templateMessageRequest(to: address, templateId: mapping.templateId, fields: try mapping.fieldValues(from: variables),
                                                      clientMessageId: key, accessToken: accessToken)
        case .wecomRobot(let robot):
            return try robot.textRequest(message.text, mentionedMobiles: address.isEmpty ? [] : [address])
        case .dingtalkRobot(let robot):
            return try robot.textRequest(message.text, atMobiles: address.isEmpty ? [] : [address], at: date)
        }
    }

    public func classifySend(_ response: ChannelResponse, address: String) -> SendOutcome {
        switch self {
        case .sms(let channel): channel.classifySend(response, phone: address)
        case .wechat: WeChatOfficialAccount.classify(response)
        case .wecomRobot: WeComRobot.classify(response)
        case .dingtalkRobot: DingTalkRobot.classify(response)
        }
    }

    /// Robots answer only once the message is in the group, and no receipt follows: acceptance is
    /// delivery. SMS and WeChat report delivery later (receipt, TEMPLATESENDJOBFINISH).
    public var acceptanceIsDelivery: Bool {
        switch self {
        case .sms, .wechat: false
        case .wecomRobot, .dingtalkRobot: true
        }
    }

    /// The SMS channel, whose provider can be asked about a send; nil for channels without a status query.
    public var statusQueryChannel: SMSChannel? {
        if case .sms(let channel) = self { return channel }
        return nil
    }

    /// How long a resend with the same key is dropped by the provider as a duplicate: WeChat drops
    /// a repeated `client_msg_id` to the same openid for 10 minutes. Nil: no such protection.
    public var duplicateWindow: Duration? {
        if case .wechat = self { return .seconds(600) }
        return nil
    }
}

extension ChannelsConfiguration {
    /// Every configured channel: the SMS providers in fallback order, then WeChat and the robots.
    public var deliveryChannels: [DeliveryChannel] {
        var channels = smsChannels.map(DeliveryChannel.sms)
        if let wechat { channels.append(.wechat(WeChatOfficialAccount(configuration: wechat), templates: wechatTemplates)) }
        if let wecomRobot { channels.append(.wecomRobot(WeComRobot(configuration: wecomRobot))) }
        if let dingtalkRobot { channels.append(.dingtalkRobot(DingTalkRobot(configuration: dingtalkRobot))) }
        return channels
    }

    /// The channels for one recipient in their preference order (SMS expanded to its providers).
    public func channels(for recipient: DeliveryChannel.Recipient, among all: [DeliveryChannel]) -> [DeliveryChannel] {
        channelPreferences.channels(phone: recipient.phone, role: recipient.role).flatMap { preference in
            all.filter { $0.preference == preference }
        }
    }
}
