import Domain
import Foundation

extension WeChatOfficialAccount {
    /// What the event endpoint answers (an empty body or `success` stops WeChat's retries).
    public static let eventAcknowledgement = "success"

    /// A push to the account's server URL, as far as Duban cares.
    public enum Push: Sendable, Equatable {
        /// TEMPLATESENDJOBFINISH: the outcome of a template message.
        case templateSendFinished(DeliveryReceipt)
        /// Any other message or event (subscribe, menu click…): acknowledged and ignored.
        case other(msgType: String, event: String?)
    }

    /// Parses a plaintext-mode push (`<xml>` with CDATA fields). TEMPLATESENDJOBFINISH carries
    /// `FromUserName` (the openid), `MsgID` (the msgid template/send returned), `CreateTime` and
    /// `Status`: `success`, `failed:user block` (the user refuses the account's messages) or
    /// `failed: system failed`. Check the push's signature first (`WeChatServerSignature`).
    public static func parsePush(_ body: [UInt8]) throws(ChannelError) -> Push {
        let document = FlatXML(String(decoding: body, as: UTF8.self))
        guard document.isXMLRoot, let msgType = document.value(of: "MsgType") else {
            throw ChannelError(.malformedCallback, .wechatOfficialAccount, "push is not an <xml> document with MsgType")
        }
        let event = document.value(of: "Event")
        guard msgType == "event", event == "TEMPLATESENDJOBFINISH" else { return .other(msgType: msgType, event: event) }
        guard let openId = document.value(of: "FromUserName"), !openId.isEmpty,
              let msgId = document.value(of: "MsgID"), !msgId.isEmpty,
              let statusText = document.value(of: "Status") else {
            throw ChannelError(.malformedCallback, .wechatOfficialAccount, "TEMPLATESENDJOBFINISH without FromUserName, MsgID or Status")
        }
        let status: DeliveryStatus
        let normalised = statusText.lowercased().replacingOccurrences(of: " ", with: "")
        switch normalised {
        case "success": status = .delivered
        case "failed:userblock": status = .failedPermanent
        case "failed:systemfailed": status = .failedTransient
        default:
            guard normalised.hasPrefix("failed") else {
                throw ChannelError(.malformedCallback, .wechatOfficialAccount, "TEMPLATESENDJOBFINISH Status \(statusText) is not documented")
            }
            status = .failedPermanent
        }
        let createdAt = document.value(of: "CreateTime").flatMap(Int64.init).map { Date(timeIntervalSince1970: TimeInterval($0)) }
        return .templateSendFinished(DeliveryReceipt(
            provider: .wechatOfficialAccount, source: .callback, providerMessageId: msgId, outId: nil, recipient: openId,
            status: status, providerCode: statusText, detail: "", reportedAt: createdAt))
    }
}
