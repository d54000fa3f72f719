import Pipeline
import Store

/// The `judgment` schema.
/// - `readings`: every value received per point (MN), CN (level), factor and period, never
///   overwritten: a re-sent different value is a new `revision`, an identical one is ignored.
///   Range-partitioned by `data_time`, one partition per UTC month (`readings_y2026m11`), created
///   on demand by `judgment.ensure_readings_partition` and ahead at start-up; a month is dropped
///   with `DROP TABLE`.
/// - `progress`: per MN, up to when data has arrived: an hour is judged once it is complete.
/// - `marks`: the newest accepted version of every mark (`cn.duban.mark.v1`).
/// - `judgments`: the newest version of every exceedance; `abnormal_findings`: of every
///   abnormal-operation finding (with the quarter whose fault-gap exemption it used);
///   `suspicions`: of every falsification suspicion; `totals`: of every total-quantity judgment;
///   `judgment_versions`: every version of any of them published, with its payload and inputs hash.
/// - `emission_amounts`: the hourly emission amount of every point and factor (kg, measured and
///   substituted in their own columns), summed per enterprise for the permit totals.
/// - `period_means`: every hourly, daily and monthly mean of every point and factor in its raw,
///   marked and exempted layers, and as judged where the factor has a limit; replaced when a
///   recomputation forms it again. Range-partitioned by `period_start`, one partition per UTC
///   year (`period_means_y2026`), created on demand by `judgment.ensure_means_partition`.
/// - `site_information`: every site-information value (`iXXXXX-Info`: analyser states and
///   parameters) per point, code, `PolId` and report time, as first received.
/// - `data_quality`: counts behind 传输率, 有效率 and 数据传输有效率 per point (`*`) and factor,
///   per China-time day and month.
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
        Migration(version: 4, name: "partitioned readings with revisions, progress, marks, judgment versions", sql: """
            CREATE FUNCTION judgment.ensure_readings_partition(instant timestamptz) RETURNS void
            LANGUAGE plpgsql AS $$
            DECLARE
                month_start timestamp := date_trunc('month', instant AT TIME ZONE 'UTC');
                partition_name text := 'readings_y' || to_char(month_start, 'YYYY') || 'm' || to_char(month_start, 'MM');
            BEGIN
                IF to_regclass('judgment.' || partition_name) IS NOT NULL THEN
                    RETURN;
                END IF;
                EXECUTE format('CREATE TABLE judgment.%I PARTITION OF judgment.readings FOR VALUES FROM (%L) TO (%L)',
                               partition_name, month_start AT TIME ZONE 'UTC', (month_start + interval '1 month') AT TIME ZONE 'UTC');
            EXCEPTION WHEN duplicate_table OR unique_violation THEN
                -- Another replica created it first.
                NULL;
            END;
            $$;

            ALTER TABLE judgment.readings RENAME TO readings_v3;
            ALTER INDEX judgment.readings_pkey RENAME TO readings_v3_pkey;
            CREATE TABLE judgment.readings (
                mn          text        NOT NULL,
                cn          text        NOT NULL,
                factor      text        NOT NULL,
                data_time   timestamptz NOT NULL,
                revision    integer     NOT NULL,
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
                PRIMARY KEY (mn, data_time, cn, factor, revision)
            ) PARTITION BY RANGE (data_time);
            DO $$
            DECLARE month timestamptz;
            BEGIN
                FOR month IN SELECT DISTINCT date_trunc('month', data_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM judgment.readings_v3 LOOP
                    PERFORM judgment.ensure_readings_partition(month);
                END LOOP;
            END;
            $$;
            INSERT INTO judgment.readings (mn, cn, factor, data_time, revision, rtd, min, avg, max, cou, zs_rtd, zs_avg, flag, frame_id, received_at)
            SELECT mn, cn, factor, data_time, 1, rtd, min, avg, max, cou, zs_rtd, zs_avg, flag, frame_id, received_at FROM judgment.readings_v3;
            DROP TABLE judgment.readings_v3;

            CREATE TABLE judgment.progress (
                mn             text        PRIMARY KEY,
                minutes_until  timestamptz,
                hours_until    timestamptz
            );
            INSERT INTO judgment.progress (mn, minutes_until, hours_until)
            SELECT mn, max(data_time) FILTER (WHERE cn IN ('2051', '2011')), max(data_time) FILTER (WHERE cn = '2061')
            FROM judgment.readings GROUP BY mn;

            CREATE TABLE judgment.marks (
                id          text        PRIMARY KEY,
                version     integer     NOT NULL,
                status      text        NOT NULL,
                outlet_id   text        NOT NULL,
                mn          text,
                span_start  timestamptz NOT NULL,
                span_end    timestamptz NOT NULL,
                body        text        NOT NULL,
                received_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX marks_outlet_span ON judgment.marks (outlet_id, span_start, span_end);

            ALTER TABLE judgment.judgments ADD COLUMN mn text, ADD COLUMN period_end timestamptz, ADD COLUMN inputs_hash text;
            UPDATE judgment.judgments SET mn = body::jsonb->>'mn', period_end = period_start + interval '1 hour';
            ALTER TABLE judgment.judgments ALTER COLUMN period_end SET NOT NULL;
            CREATE INDEX judgments_subject_period ON judgment.judgments (outlet_id, period_start, period_end);
            CREATE TABLE judgment.judgment_versions (
                id           text        NOT NULL,
                version      integer     NOT NULL,
                status       text        NOT NULL,
                body         text        NOT NULL,
                inputs_hash  text,
                published_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (id, version)
            );
            INSERT INTO judgment.judgment_versions (id, version, status, body, published_at)
            SELECT id, version, status, body, updated_at FROM judgment.judgments;
            """),
        Migration(version: 5, name: "abnormal-operation findings", sql: """
            CREATE TABLE judgment.abnormal_findings (
                id                text        PRIMARY KEY,
                kind              text        NOT NULL,
                version           integer     NOT NULL,
                status            text        NOT NULL,
                outlet_id         text        NOT NULL,
                mn                text        NOT NULL,
                period_start      timestamptz NOT NULL,
                period_end        timestamptz NOT NULL,
                exemption_quarter text,
                body              text        NOT NULL,
                inputs_hash       text,
                updated_at        timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX abnormal_findings_point_period ON judgment.abnormal_findings (mn, period_start, period_end);
            CREATE INDEX abnormal_findings_exemptions ON judgment.abnormal_findings (outlet_id, exemption_quarter)
                WHERE exemption_quarter IS NOT NULL;
            """),
        Migration(version: 6, name: "falsification suspicions", sql: """
            CREATE TABLE judgment.suspicions (
                id           text        PRIMARY KEY,
                kind         text        NOT NULL,
                version      integer     NOT NULL,
                status       text        NOT NULL,
                outlet_id    text        NOT NULL,
                mn           text        NOT NULL,
                factor       text        NOT NULL,
                period_start timestamptz NOT NULL,
                period_end   timestamptz NOT NULL,
                body         text        NOT NULL,
                inputs_hash  text,
                updated_at   timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX suspicions_point_period ON judgment.suspicions (mn, period_start, period_end);
            """),
        Migration(version: 7, name: "hourly emission amounts and total quantity", sql: """
            CREATE TABLE judgment.emission_amounts (
                mn             text             NOT NULL,
                outlet_id      text             NOT NULL,
                enterprise_id  text             NOT NULL,
                factor         text             NOT NULL,
                hour_start     timestamptz      NOT NULL,
                layer          text             NOT NULL CHECK (layer IN ('measured', 'substituted', 'unknown')),
                measured_kg    double precision NOT NULL,
                substituted_kg double precision NOT NULL,
                PRIMARY KEY (mn, factor, hour_start)
            );
            CREATE INDEX emission_amounts_enterprise ON judgment.emission_amounts (enterprise_id, factor, hour_start);
            CREATE TABLE judgment.totals (
                id            text        PRIMARY KEY,
                version       integer     NOT NULL,
                status        text        NOT NULL,
                kind          text        NOT NULL,
                enterprise_id text        NOT NULL,
                factor        text        NOT NULL,
                period        text        NOT NULL,
                body          text        NOT NULL,
                updated_at    timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX totals_enterprise_factor ON judgment.totals (enterprise_id, factor);
            """),
        Migration(version: 8, name: "hourly, daily and monthly means and data quality", sql: """
            CREATE FUNCTION judgment.ensure_means_partition(instant timestamptz) RETURNS void
            LANGUAGE plpgsql AS $$
            DECLARE
                year_start timestamp := date_trunc('year', instant AT TIME ZONE 'UTC');
                partition_name text := 'period_means_y' || to_char(year_start, 'YYYY');
            BEGIN
                IF to_regclass('judgment.' || partition_name) IS NOT NULL THEN
                    RETURN;
                END IF;
                EXECUTE format('CREATE TABLE judgment.%I PARTITION OF judgment.period_means FOR VALUES FROM (%L) TO (%L)',
                               partition_name, year_start AT TIME ZONE 'UTC', (year_start + interval '1 year') AT TIME ZONE 'UTC');
            EXCEPTION WHEN duplicate_table OR unique_violation THEN
                NULL;
            END;
            $$;
            CREATE TABLE judgment.period_means (
                mn                   text             NOT NULL,
                factor               text             NOT NULL,
                level                text             NOT NULL CHECK (level IN ('hour', 'day', 'month')),
                period_start         timestamptz      NOT NULL,
                period_end           timestamptz      NOT NULL,
                complete             boolean          NOT NULL,
                source               text             NOT NULL,
                value                double precision,
                valid                boolean          NOT NULL,
                valid_count          integer          NOT NULL,
                required_count       integer          NOT NULL,
                expected_count       integer          NOT NULL,
                raw_value            double precision,
                raw_valid_count      integer          NOT NULL,
                exempt_valid_count   integer          NOT NULL,
                weighting            text             NOT NULL,
                minutes_valid        integer          NOT NULL,
                minutes_over_range   integer          NOT NULL,
                minutes_not_measured integer          NOT NULL,
                minutes_invalid      integer          NOT NULL,
                minutes_missing      integer          NOT NULL,
                minutes_out_of_service integer        NOT NULL,
                device_mean          double precision,
                device_mean_mismatch boolean          NOT NULL,
                judged_value         double precision,
                value_source         text,
                oxygen_mean          double precision,
                reference_o2         double precision,
                outcome              text,
                limit_maximum        double precision,
                limit_lower          double precision,
                limit_upper          double precision,
                limit_source         text,
                rules_version        text             NOT NULL,
                PRIMARY KEY (mn, factor, level, period_start)
            ) PARTITION BY RANGE (period_start);
            CREATE TABLE judgment.data_quality (
                mn            text        NOT NULL,
                factor        text        NOT NULL,
                period        text        NOT NULL CHECK (period IN ('day', 'month')),
                period_start  timestamptz NOT NULL,
                period_end    timestamptz NOT NULL,
                complete      boolean     NOT NULL,
                expected      integer     NOT NULL,
                received      integer     NOT NULL,
                valid         integer     NOT NULL,
                rules_version text        NOT NULL,
                PRIMARY KEY (mn, factor, period, period_start)
            );
            """),
        Migration(version: 9, name: "site information reported by devices", sql: """
            CREATE TABLE judgment.site_information (
                mn          text        NOT NULL,
                pol_id      text        NOT NULL,
                code        text        NOT NULL,
                data_time   timestamptz NOT NULL,
                value       text        NOT NULL,
                cn          text        NOT NULL,
                frame_id    text        NOT NULL,
                received_at timestamptz NOT NULL,
                PRIMARY KEY (mn, code, pol_id, data_time)
            );
            """),
        Migration(version: 10, name: "an outlet's gaps by quarter", sql: """
            CREATE INDEX abnormal_findings_outlet_start ON judgment.abnormal_findings (outlet_id, period_start)
                WHERE status <> 'withdrawn';
            DROP INDEX judgment.abnormal_findings_exemptions;
            """),
    ])
}
