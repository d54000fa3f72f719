public import Bus
public import Store

/// Appends events to the service's outbox inside the caller's transaction. The relay publishes
/// them after the transaction commits; a crash before the commit publishes nothing.
public struct Outbox: Sendable {
    public let schema: String

    public init(schema: String) { self.schema = schema }

    public func append<Payload>(_ event: CloudEvent<Payload>, topic: String, key: String? = nil, in db: isolated Database) async throws {
        let bytes = try event.encoded()
        let recordKey = key ?? event.subject
        try await db.execute("""
            INSERT INTO \(identifier: schema).outbox (topic, key, event_id, payload)
            VALUES (\(topic), \(recordKey), \(event.id), \(bytes))
            """)
    }
}
