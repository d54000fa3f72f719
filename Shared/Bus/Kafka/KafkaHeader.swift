/// One Kafka record header. Names may repeat; order is kept.
public struct KafkaHeader: Hashable, Sendable {
    public var name: String
    /// `nil` is a header with a null value, distinct from an empty one.
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    public init(name: String, text: String) {
        self.init(name: name, value: Array(text.utf8))
    }

    /// The value as UTF-8 text, if it is valid UTF-8.
    public var text: String? { value.flatMap { String(validating: $0, as: UTF8.self) } }
}
