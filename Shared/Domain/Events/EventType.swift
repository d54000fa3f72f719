/// CloudEvent `type` values. A breaking change of a payload is a new version, never an edit.
public enum EventType {
    public static let frame = "cn.duban.frame.v1"
    public static let measurement = "cn.duban.measurement.v1"
    public static let reject = "cn.duban.reject.v1"
    public static let exceedance = "cn.duban.judgment.exceedance.v1"
    public static let orderEvent = "cn.duban.order.event.v1"
    public static let notificationRequest = "cn.duban.notification.request.v1"
    public static let delivery = "cn.duban.delivery.v1"
}

/// Topic names (docs/topics.md describes keys, partitions, producers and consumers).
public enum Topic {
    public static let frames = "duban.frames"
    public static let measurements = "duban.measurements"
    public static let params = "duban.params"
    public static let rejects = "duban.rejects"
    public static let marks = "duban.marks"
    public static let judgments = "duban.judgments"
    public static let commands = "duban.commands"
    public static let orders = "duban.orders"
    public static let notifications = "duban.notifications"
    public static let deliveries = "duban.deliveries"
}
