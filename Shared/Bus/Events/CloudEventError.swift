/// A message that is not a valid Duban CloudEvent. `code` is stable (reject reasons, logs).
public struct CloudEventError: Error, Sendable, CustomStringConvertible {
    public static let code = "cloudevent.invalid"
    public let reason: String

    public init(reason: String) { self.reason = reason }

    public var description: String { "\(Self.code): \(reason)" }
}
