import Pipeline
import Store

/// The `ingest` schema: data identities already published (so a frame sent twice is recognised)
/// and devices refused (unknown MN, wrong password), kept for the bureau.
enum IngestSchema {
    static let name = "ingest"

    static let migrator = Migrator(schema: name, migrations: [
        Migration(version: 1, name: "dedup keys and refused devices", sql: """
            CREATE TABLE ingest.data_keys (
                mn           text        NOT NULL,
                cn           text        NOT NULL,
                data_time    timestamptz NOT NULL,
                packet_no    integer     NOT NULL,
                frame_id     text        NOT NULL,
                first_seen   timestamptz NOT NULL DEFAULT now(),
                repeats      integer     NOT NULL DEFAULT 0,
                PRIMARY KEY (mn, cn, data_time, packet_no)
            );
            CREATE TABLE ingest.refused_devices (
                id          bigserial PRIMARY KEY,
                mn          text        NOT NULL,
                peer        text        NOT NULL,
                reason      text        NOT NULL,
                received_at timestamptz NOT NULL DEFAULT now()
            );
            """),
        Migration(version: 2, name: "data progress and gaps", sql: """
            CREATE TABLE ingest.point_progress (
                mn        text        NOT NULL,
                cn        text        NOT NULL,
                last_time timestamptz NOT NULL,
                PRIMARY KEY (mn, cn)
            );
            CREATE TABLE ingest.gaps (
                id           bigserial   PRIMARY KEY,
                mn           text        NOT NULL,
                cn           text        NOT NULL,
                first_period timestamptz NOT NULL,
                last_period  timestamptz NOT NULL,
                state        text        NOT NULL CHECK (state IN ('open', 'filled', 'given_up')),
                requests     integer     NOT NULL DEFAULT 0,
                last_request timestamptz,
                created_at   timestamptz NOT NULL DEFAULT now(),
                closed_at    timestamptz,
                UNIQUE (mn, cn, first_period)
            );
            CREATE INDEX gaps_open ON ingest.gaps (mn, cn) WHERE state = 'open';
            """),
        // The forwarder (实时转发) consumes duban.frames like any consumer: offsets and inbox here.
        OffsetStore.migration(version: 3, schema: name),
        PipelineSchema.migration(version: 4, schema: name),
    ])
}
