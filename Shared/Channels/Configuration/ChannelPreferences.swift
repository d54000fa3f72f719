import Domain

/// Which channels reach a recipient, in fallback order: the person's own preference (by phone
/// number), else their role's, else everyone's. The registry's contacts have no preference field,
/// so this is configuration data (`DUBAN_NOTIFY_CHANNELS`), keyed by what a notification request
/// carries: the contact's phone number and role.
///
/// `sms` stands for every SMS provider in `DUBAN_SMS_PROVIDERS` order. A channel is skipped when
/// it is not configured, cannot carry the notification's kind, or the recipient has no address
/// on it (no openid for WeChat); a permanent refusal moves on to the next.
public struct ChannelPreferences: Sendable, Equatable, CustomStringConvertible {
    public enum Channel: String, Sendable, CaseIterable {
        case sms
        case wechat
        case wecomRobot = "wecom_robot"
        case dingtalkRobot = "dingtalk_robot"
    }

    public enum Key: Sendable, Hashable, CustomStringConvertible {
        /// One person, by mainland mobile number.
        case phone(String)
        /// Everyone with this role (环保负责人, 执法大队长…).
        case role(String)
        case anyone

        /// Phone numbers masked: this is logged.
        public var description: String {
            switch self {
            case .phone(let phone): DeliveryRecord.mask(phone: phone)
            case .role(let role): role
            case .anyone: "*"
            }
        }
    }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let entry: String
        public let reason: String
        public var description: String { "channel preference \"\(entry)\": \(reason)" }
    }

    public private(set) var orders: [Key: [Channel]]

    /// SMS only, for everyone (the default: SMS is the channel of record).
    public static let smsOnly = ChannelPreferences(orders: [.anyone: [.sms]])

    public init(orders: [Key: [Channel]]) {
        self.orders = orders
    }

    /// Parses `key=channel,channel;…` where key is a phone number, a role or `*`, e.g.
    /// `13800000003=wechat,sms;执法大队长=dingtalk_robot,sms;*=sms`.
    public init(parsing text: String) throws(ParseError) {
        var orders: [Key: [Channel]] = [:]
        for entry in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let sides = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard sides.count == 2, !sides[0].isEmpty, !sides[1].isEmpty else {
                throw ParseError(entry: entry, reason: "expected phone, role or * = channels separated by commas")
            }
            let key: Key = sides[0] == "*" ? .anyone : Self.isMobileNumber(sides[0]) ? .phone(sides[0]) : .role(sides[0])
            var channels: [Channel] = []
            for name in sides[1].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let channel = Channel(rawValue: name) else {
                    throw ParseError(entry: entry, reason: "channel \(name) is not one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard !channels.contains(channel) else { throw ParseError(entry: entry, reason: "channel \(name) listed twice") }
                channels.append(channel)
            }
            guard orders[key] == nil else { throw ParseError(entry: entry, reason: "\(key) given twice") }
            orders[key] = channels
        }
        self.init(orders: orders)
    }

    static func isMobileNumber(_ text: String) -> Bool {
        text.count == 11 && text.first == "1" && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The fallback order for a recipient: theirs, their role's, everyone's, or SMS.
    public func channels(phone: String?, role: String) -> [Channel] {
        if let phone, let own = orders[.phone(phone)] { return own }
        return orders[.role(role)] ?? orders[.anyone] ?? [.sms]
    }

    /// Every channel some rule names (start-up checks each is configured).
    public var namedChannels: Set<Channel> { Set(orders.values.joined()) }

    public var description: String {
        orders.map { "\($0.key)=\($0.value.map(\.rawValue).joined(separator: ","))" }.sorted().joined(separator: ";")
    }
}
