/// Duban's topic names (see docs/topics.md for keys, producers and consumers).
public enum BusTopics {
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

    /// Every Duban topic, in pipeline order.
    public static let all: [String] = [
        frames, measurements, params, rejects, marks, judgments, commands, orders, notifications, deliveries,
    ]

    /// Partitions per topic unless configured otherwise: enough to spread monitoring points over
    /// several consumers of one group.
    public static let defaultPartitions = 6
}
