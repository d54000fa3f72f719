/// Consumed Kafka offsets kept in PostgreSQL, in `<schema>.consumer_offsets`, so a consumer
/// records the offset in the same transaction as the state change the message caused, and a
/// restarted consumer resumes exactly there.
///
/// The stored value is the *next* offset to read (the consumed offset + 1), as Kafka commits it.
public struct OffsetStore: Sendable {
    public let schema: String

    public init(schema: String) {
        self.schema = schema
    }

    /// The migration that creates the offsets table in `schema`; put it in the service's
    /// `Migrator` like any other.
    public static func migration(version: Int, schema: String) -> Migration {
        let table = "\(Query.quoteIdentifier(schema)).consumer_offsets"
        return Migration(version: version, name: "consumer offsets", sql: """
            CREATE TABLE \(table) (
                consumer_group text        NOT NULL,
                topic          text        NOT NULL,
                partition      integer     NOT NULL CHECK (partition >= 0),
                next_offset    bigint      NOT NULL CHECK (next_offset >= 0),
                updated_at     timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (consumer_group, topic, partition)
            );
            """)
    }

    /// The next offset to read for each partition of `topic` that `group` has stored.
    public func storedOffsets(group: String, topic: String, in db: isolated Database) async throws -> [Int32: Int64] {
        let rows = try await db.query("""
            SELECT partition, next_offset FROM \(identifier: schema).consumer_offsets
            WHERE consumer_group = \(group) AND topic = \(topic)
            """)
        var offsets: [Int32: Int64] = [:]
        for row in rows {
            offsets[try row.decode("partition", as: Int32.self)] = try row.decode("next_offset", as: Int64.self)
        }
        return offsets
    }

    /// The next offset to read for one partition, nil when none is stored.
    public func nextOffset(group: String, topic: String, partition: Int32, in db: isolated Database) async throws -> Int64? {
        let rows = try await db.query("""
            SELECT next_offset FROM \(identifier: schema).consumer_offsets
            WHERE consumer_group = \(group) AND topic = \(topic) AND partition = \(partition)
            """)
        return try rows.first?.decode("next_offset", as: Int64.self)
    }

    /// Records `nextOffset` for the partition (insert or overwrite). Call it inside the
    /// transaction that applies the consumed message's effects.
    public func store(group: String, topic: String, partition: Int32, nextOffset: Int64, in db: isolated Database) async throws {
        try await db.execute("""
            INSERT INTO \(identifier: schema).consumer_offsets (consumer_group, topic, partition, next_offset)
            VALUES (\(group), \(topic), \(partition), \(nextOffset))
            ON CONFLICT (consumer_group, topic, partition)
            DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()
            """)
    }
}
