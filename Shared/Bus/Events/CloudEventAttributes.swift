public import Foundation
import EventJSON

/// The context attributes of a CloudEvent without its `data`: read first to route a message by
/// `type`, then decode `CloudEvent<Payload>` for the matching payload.
public struct CloudEventAttributes: Sendable, Equatable, Decodable {
    public let id: String
    public let source: String
    public let type: String
    public let time: Date
    public let subject: String?

    private struct Empty: Codable, Sendable {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CloudEvent<Empty>.CodingKeys.self)
        let version = try container.decode(String.self, forKey: .specversion)
        guard version == CloudEvent<Empty>.specVersion else {
            throw CloudEventError(reason: "specversion \(version.debugDescription) is not supported; expected \"1.0\"")
        }
        id = try container.decode(String.self, forKey: .id)
        source = try container.decode(String.self, forKey: .source)
        type = try container.decode(String.self, forKey: .type)
        let timeText = try container.decode(String.self, forKey: .time)
        guard let milliseconds = RFC3339.parse(timeText) else {
            throw CloudEventError(reason: "time \(timeText.debugDescription) is not an RFC 3339 timestamp")
        }
        time = RFC3339.date(millisecondsSinceEpoch: milliseconds)
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        guard !id.isEmpty, !source.isEmpty, !type.isEmpty else {
            throw CloudEventError(reason: "id, source and type must not be empty")
        }
    }

    /// Reads the attributes of an encoded event, ignoring `data`.
    public static func decode(_ bytes: [UInt8]) throws -> CloudEventAttributes {
        do {
            return try JSONDecoder().decode(CloudEventAttributes.self, from: Data(bytes))
        } catch let error as CloudEventError {
            throw error
        } catch {
            throw CloudEventError(reason: "not a CloudEvents 1.0 JSON event: \(error)")
        }
    }
}
