public import Foundation
import EventJSON

/// A CloudEvents 1.0 event in JSON structured mode: the message value on every Duban topic.
///
/// `Payload` is the event's `data`, encoded as a JSON value. Encoding is deterministic (sorted
/// keys, UTC time with milliseconds), so one event always yields the same bytes. `time` is kept
/// at millisecond precision so an event decoded from its bytes equals the original.
public struct CloudEvent<Payload: Codable & Sendable>: Sendable {
    /// The only CloudEvents version Duban writes and accepts.
    public static var specVersion: String { "1.0" }
    /// `datacontenttype` of every Duban event.
    public static var jsonContentType: String { "application/json" }
    /// Kafka `content-type` header for structured-mode CloudEvents.
    public static var kafkaContentType: String { "application/cloudevents+json; charset=UTF-8" }

    /// Unique per event from one `source`; consumers deduplicate on (`source`, `id`).
    public var id: String
    /// The producing context, e.g. `/duban/ingest`.
    public var source: String
    /// Versioned event type, e.g. `cn.duban.measurement.v1`.
    public var type: String
    /// When the occurrence happened, in UTC, to the millisecond.
    public var time: Date {
        didSet { time = RFC3339.date(millisecondsSinceEpoch: RFC3339.milliseconds(of: time)) }
    }
    /// What the event is about: the monitoring point's MN or the order id.
    public var subject: String?
    public var datacontenttype: String
    public var data: Payload

    public init(
        id: String = UUID().uuidString.lowercased(), source: String, type: String, time: Date = Date(),
        subject: String?, data: Payload
    ) {
        self.id = id
        self.source = source
        self.type = type
        self.time = RFC3339.date(millisecondsSinceEpoch: RFC3339.milliseconds(of: time))
        self.subject = subject
        self.datacontenttype = Self.jsonContentType
        self.data = data
    }

    /// The event's JSON bytes: sorted keys, no insignificant whitespace, `/` not escaped. Dates in
    /// the payload are RFC 3339 UTC strings with milliseconds, like `time`, so downstream systems
    /// read them without knowing Foundation's reference date.
    public func encoded() throws -> [UInt8] {
        if let payload = data as? any JSONWritable { return written(payload) }
        return try encodedWithJSONEncoder()
    }

    /// The reference encoding, through Foundation's `JSONEncoder` (and `Codable`): what `encoded()`
    /// must equal byte for byte; public for tests and `duban-bench events`.
    public func encodedWithJSONEncoder() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(millisecondsSinceEpoch: RFC3339.milliseconds(of: date)))
        }
        return Array(try encoder.encode(self))
    }

    /// The same bytes as `encodedWithJSONEncoder`, written directly (keys in sorted order).
    private func written(_ payload: any JSONWritable) -> [UInt8] {
        var writer = JSONWriter(capacity: 1024)
        writer.object { writer in
            writer.key("data")
            payload.write(to: &writer)
            writer.field("datacontenttype", datacontenttype)
            writer.field("id", id)
            writer.field("source", source)
            writer.field("specversion", Self.specVersion)
            writer.field("subject", subject)
            writer.field("time", millisecondsSinceEpoch: RFC3339.milliseconds(of: time))
            writer.field("type", type)
        }
        return writer.finish()
    }

    /// Decodes an event, checking `specversion` and the required attributes. Throws
    /// `CloudEventError` naming what is wrong.
    public static func decode(_ bytes: [UInt8]) throws -> CloudEvent<Payload> {
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .custom { decoder in
                let container = try decoder.singleValueContainer()
                let text = try container.decode(String.self)
                guard let milliseconds = RFC3339.parse(text) else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(text) is not an RFC 3339 timestamp")
                }
                return RFC3339.date(millisecondsSinceEpoch: milliseconds)
            }
            return try decoder.decode(CloudEvent<Payload>.self, from: Data(bytes))
        } catch let error as CloudEventError {
            throw error
        } catch {
            throw CloudEventError(reason: "not a CloudEvents 1.0 JSON event with this data: \(error)")
        }
    }

    /// A record for `topic` carrying this event, keyed by `key` (defaults to `subject`), with the
    /// structured-mode `content-type` header.
    public func record(topic: String, key: String? = nil) throws -> OutgoingRecord {
        OutgoingRecord(
            topic: topic, key: (key ?? subject).map { Array($0.utf8) }, value: try encoded(),
            headers: [KafkaHeader(name: "content-type", text: Self.kafkaContentType)])
    }
}

extension CloudEvent: Equatable where Payload: Equatable {}

extension CloudEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case specversion, id, source, type, time, subject, datacontenttype, data
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(String.self, forKey: .specversion)
        guard version == Self.specVersion else {
            throw CloudEventError(reason: "specversion \(version.debugDescription) is not supported; expected \"1.0\"")
        }
        id = try Self.nonEmpty(container, .id)
        source = try Self.nonEmpty(container, .source)
        type = try Self.nonEmpty(container, .type)
        let timeText = try container.decode(String.self, forKey: .time)
        guard let milliseconds = RFC3339.parse(timeText) else {
            throw CloudEventError(reason: "time \(timeText.debugDescription) is not an RFC 3339 timestamp")
        }
        time = RFC3339.date(millisecondsSinceEpoch: milliseconds)
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        datacontenttype = try container.decodeIfPresent(String.self, forKey: .datacontenttype) ?? Self.jsonContentType
        guard datacontenttype.hasPrefix(Self.jsonContentType) else {
            throw CloudEventError(reason: "datacontenttype \(datacontenttype.debugDescription) is not application/json")
        }
        data = try container.decode(Payload.self, forKey: .data)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.specVersion, forKey: .specversion)
        try container.encode(id, forKey: .id)
        try container.encode(source, forKey: .source)
        try container.encode(type, forKey: .type)
        try container.encode(RFC3339.format(millisecondsSinceEpoch: RFC3339.milliseconds(of: time)), forKey: .time)
        try container.encodeIfPresent(subject, forKey: .subject)
        try container.encode(datacontenttype, forKey: .datacontenttype)
        try container.encode(data, forKey: .data)
    }

    private static func nonEmpty(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> String {
        guard let value = try container.decodeIfPresent(String.self, forKey: key) else {
            throw CloudEventError(reason: "required attribute \(key.stringValue) is missing")
        }
        guard !value.isEmpty else { throw CloudEventError(reason: "required attribute \(key.stringValue) is empty") }
        return value
    }
}
