/// What Dispatch asks Notify to tell one person (`duban.notifications`,
/// `cn.duban.notification.request.v1`). One notification = order × recipient × kind; its id is
/// derived from those three so a re-sent request is recognised.
public struct NotificationRequest: Codable, Sendable, Equatable {
    public struct Recipient: Codable, Sendable, Equatable {
        public var name: String
        public var role: String
        public var phone: String?
        public var wechatId: String?
        public init(name: String, role: String, phone: String?, wechatId: String?) {
            self.name = name
            self.role = role
            self.phone = phone
            self.wechatId = wechatId
        }
    }

    public var notificationId: String
    public var orderId: String
    public var orderNumber: String
    /// Template kind, e.g. `prewarning.exceedance`.
    public var kind: String
    public var urgency: String
    public var recipient: Recipient
    public var variables: [String: String]

    public init(orderId: String, orderNumber: String, kind: String, urgency: String, recipient: Recipient, variables: [String: String]) {
        self.notificationId = "\(orderId):\(recipient.phone ?? recipient.wechatId ?? recipient.name):\(kind)"
        self.orderId = orderId
        self.orderNumber = orderNumber
        self.kind = kind
        self.urgency = urgency
        self.recipient = recipient
        self.variables = variables
    }
}
