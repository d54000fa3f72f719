public import Store

/// Tables every consuming service keeps in its own schema so that a message is handled in one
/// PostgreSQL transaction together with the state it changes (ARCHITECTURE.md, "Nothing lost,
/// nothing twice"):
/// - `outbox`: events to publish, appended in the same transaction as the state change;
/// - `inbox`: ids of the events already handled, so a re-published event changes nothing;
/// - `dead_letters`: messages that can never be handled (malformed), kept with the reason.
/// Consumed offsets live in the Store's offset table (same transaction too).
public enum PipelineSchema {
    public static func migration(version: Int, schema: String) -> Migration {
        Migration(version: version, name: "pipeline tables", sql: """
            CREATE TABLE \(schema).outbox (
                id           bigserial PRIMARY KEY,
                topic        text        NOT NULL,
                key          text,
                event_id     text        NOT NULL,
                payload      bytea       NOT NULL,
                created_at   timestamptz NOT NULL DEFAULT now(),
                published_at timestamptz
            );
            CREATE INDEX outbox_unpublished ON \(schema).outbox (id) WHERE published_at IS NULL;
            CREATE TABLE \(schema).inbox (
                event_source text        NOT NULL,
                event_id     text        NOT NULL,
                topic        text        NOT NULL,
                partition    integer     NOT NULL,
                "offset"     bigint      NOT NULL,
                handled_at   timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (event_source, event_id)
            );
            CREATE TABLE \(schema).dead_letters (
                id         bigserial PRIMARY KEY,
                topic      text        NOT NULL,
                partition  integer     NOT NULL,
                "offset"   bigint      NOT NULL,
                reason     text        NOT NULL,
                payload    bytea       NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            """)
    }
}
