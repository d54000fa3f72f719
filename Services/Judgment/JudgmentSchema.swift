import Pipeline
import Store

/// The `judgment` schema: the values received (raw, never overwritten) and the judgments with
/// their current version. Issue 5 adds minute/hour/day aggregates and time partitioning.
enum JudgmentSchema {
    static let name = "judgment"

    static let migrator = Migrator(schema: name, migrations: [
        OffsetStore.migration(version: 1, schema: name),
        PipelineSchema.migration(version: 2, schema: name),
        Migration(version: 3, name: "readings and judgments", sql: """
            CREATE TABLE judgment.readings (
                mn          text        NOT NULL,
                cn          text        NOT NULL,
                factor      text        NOT NULL,
                data_time   timestamptz NOT NULL,
                rtd         double precision,
                min         double precision,
                avg         double precision,
                max         double precision,
                cou         double precision,
                zs_rtd      double precision,
                zs_avg      double precision,
                flag        text,
                frame_id    text        NOT NULL,
                received_at timestamptz NOT NULL,
                PRIMARY KEY (mn, cn, factor, data_time)
            );
            CREATE TABLE judgment.judgments (
                id           text        PRIMARY KEY,
                kind         text        NOT NULL,
                version      integer     NOT NULL,
                status       text        NOT NULL,
                outlet_id    text        NOT NULL,
                factor       text        NOT NULL,
                period_start timestamptz NOT NULL,
                body         text        NOT NULL,
                updated_at   timestamptz NOT NULL DEFAULT now()
            );
            """),
    ])
}
