import Pipeline
import Store

/// The `dispatch` schema: orders (one per episode) with their `SupervisionOrder` state and next
/// deadline check, their hash-chained events (each with the replayable `OrderEvent`), signed
/// chain heads, refused commands, and the per-day counters behind human order numbers; for
/// evidence, the raw frames (partitioned by month of data time), every judgment version
/// received with its inputs, every mark version published and every mark verdict received.
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
        Migration(version: 4, name: "order state, replayable events, deadlines, signed heads, command refusals", sql: """
            ALTER TABLE dispatch.orders
                ADD COLUMN state      jsonb,
                ADD COLUMN ruleset_id text,
                ADD COLUMN next_check timestamptz;
            CREATE INDEX orders_next_check ON dispatch.orders (next_check) WHERE next_check IS NOT NULL;
            ALTER TABLE dispatch.order_events ADD COLUMN event jsonb;
            CREATE TABLE dispatch.chain_heads (
                order_id   text        NOT NULL REFERENCES dispatch.orders (id),
                sequence   integer     NOT NULL,
                hash       text        NOT NULL,
                signed_at  timestamptz NOT NULL,
                public_key text        NOT NULL,
                signature  text        NOT NULL,
                reason     text        NOT NULL,
                PRIMARY KEY (order_id, sequence)
            );
            CREATE TABLE dispatch.command_refusals (
                command_id  text        PRIMARY KEY,
                order_ref   text        NOT NULL,
                order_id    text        NOT NULL,
                command     text        NOT NULL,
                actor       text        NOT NULL,
                code        text        NOT NULL,
                reason      text        NOT NULL,
                refused_at  timestamptz NOT NULL
            );
            """),
        // Partitions (one per China-time month) are created by `FrameArchive` as frames arrive.
        // The key includes data_time because PostgreSQL requires the partition key in it; a
        // frame's id fixes its data time, so the pair is as unique as the id.
        Migration(version: 5, name: "raw frame archive by month, judgments received", sql: """
            CREATE TABLE dispatch.frame_archive (
                frame_id    text        NOT NULL,
                mn          text        NOT NULL,
                cn          text        NOT NULL,
                data_time   timestamptz NOT NULL,
                received_at timestamptz NOT NULL,
                raw         bytea       NOT NULL,
                record      jsonb       NOT NULL,
                PRIMARY KEY (frame_id, data_time)
            ) PARTITION BY RANGE (data_time);
            CREATE INDEX frame_archive_point ON dispatch.frame_archive (mn, data_time);
            CREATE TABLE dispatch.judgments_received (
                id          text        NOT NULL,
                version     integer     NOT NULL,
                kind        text        NOT NULL,
                status      text        NOT NULL,
                body        jsonb       NOT NULL,
                received_at timestamptz NOT NULL,
                PRIMARY KEY (id, version)
            );
            """),
        Migration(version: 6, name: "marks received", sql: """
            CREATE TABLE dispatch.marks_received (
                id            text        NOT NULL,
                version       integer     NOT NULL,
                status        text        NOT NULL,
                enterprise_id text        NOT NULL,
                outlet_id     text        NOT NULL,
                mn            text,
                span_start    timestamptz NOT NULL,
                span_end      timestamptz NOT NULL,
                body          jsonb       NOT NULL,
                received_at   timestamptz NOT NULL,
                PRIMARY KEY (id, version)
            );
            CREATE INDEX marks_received_outlet ON dispatch.marks_received (outlet_id, span_start);
            """),
        Migration(version: 7, name: "equipment findings that can inhibit orders", sql: """
            CREATE TABLE dispatch.equipment_findings (
                id            text        PRIMARY KEY,
                version       integer     NOT NULL,
                status        text        NOT NULL,
                enterprise_id text        NOT NULL,
                outlet_id     text        NOT NULL,
                mn            text        NOT NULL,
                stands        boolean     NOT NULL,
                finding       jsonb       NOT NULL,
                updated_at    timestamptz NOT NULL
            );
            CREATE INDEX equipment_findings_standing ON dispatch.equipment_findings (enterprise_id, outlet_id) WHERE stands;
            """),
        Migration(version: 8, name: "mark verdicts received", sql: """
            CREATE TABLE dispatch.mark_verdicts_received (
                id            text        PRIMARY KEY,
                kind          text        NOT NULL,
                mark_id       text,
                mark_version  integer,
                enterprise_id text        NOT NULL,
                outlet_id     text        NOT NULL,
                span_start    timestamptz NOT NULL,
                span_end      timestamptz NOT NULL,
                body          jsonb       NOT NULL,
                received_at   timestamptz NOT NULL
            );
            CREATE INDEX mark_verdicts_received_outlet ON dispatch.mark_verdicts_received (outlet_id, span_start);
            CREATE INDEX mark_verdicts_received_mark ON dispatch.mark_verdicts_received (mark_id);
            """),
    ])
}
