import Pipeline
import Store

/// The `dispatch` schema: orders (one per episode), their hash-chained events, and the
/// per-day counters behind human order numbers.
enum DispatchSchema {
    static let name = "dispatch"

    static let migrator = Migrator(schema: name, migrations: [
        OffsetStore.migration(version: 1, schema: name),
        PipelineSchema.migration(version: 2, schema: name),
        Migration(version: 3, name: "orders and chained order events", sql: """
            CREATE TABLE dispatch.orders (
                id             text        PRIMARY KEY,
                number         text        NOT NULL UNIQUE,
                episode_id     text        NOT NULL UNIQUE,
                stage          text        NOT NULL,
                status         text        NOT NULL,
                cause          text        NOT NULL,
                enterprise_id  text        NOT NULL,
                outlet_id      text        NOT NULL,
                factor         text        NOT NULL,
                judgment_version integer   NOT NULL,
                opened_at      timestamptz NOT NULL,
                updated_at     timestamptz NOT NULL
            );
            CREATE TABLE dispatch.order_events (
                order_id      text        NOT NULL REFERENCES dispatch.orders (id),
                sequence      integer     NOT NULL,
                transition    text        NOT NULL,
                canonical     text        NOT NULL,
                previous_hash text        NOT NULL,
                hash          text        NOT NULL,
                occurred_at   timestamptz NOT NULL,
                PRIMARY KEY (order_id, sequence)
            );
            CREATE TABLE dispatch.order_day_counters (
                day  date    PRIMARY KEY,
                last integer NOT NULL
            );
            """),
    ])
}
