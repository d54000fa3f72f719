import Pipeline
import Store

/// The `ingest` schema: data identities already published (so a frame sent twice is recognised),
/// range-partitioned by UTC month of DataTime and kept for `DUBAN_INGEST_KEY_RETENTION_DAYS`, and
/// devices refused (unknown MN, wrong password), kept for the bureau.
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
        // Identities by UTC month of DataTime, so retention drops whole months (DataKeyPartitions).
        // The stored identities are copied once, each month within the longest retention (ten
        // years) to next month into its own partition; only implausible DataTimes go to the
        // default partition.
        Migration(version: 5, name: "data identities partitioned by month", sql: """
            ALTER TABLE ingest.data_keys RENAME TO data_keys_v1;
            ALTER TABLE ingest.data_keys_v1 RENAME CONSTRAINT data_keys_pkey TO data_keys_v1_pkey;
            CREATE TABLE ingest.data_keys (
                mn           text        NOT NULL,
                cn           text        NOT NULL,
                data_time    timestamptz NOT NULL,
                packet_no    integer     NOT NULL,
                frame_id     text        NOT NULL,
                first_seen   timestamptz NOT NULL DEFAULT now(),
                repeats      integer     NOT NULL DEFAULT 0,
                PRIMARY KEY (mn, cn, data_time, packet_no)
            ) PARTITION BY RANGE (data_time);
            CREATE TABLE ingest.data_keys_outside PARTITION OF ingest.data_keys DEFAULT;
            -- Made apart, filled with the default partition's rows of the month, then attached:
            -- attaching locks the parent only against other schema changes (inserts and lookups go
            -- on), and the CHECK spares PostgreSQL a scan of the new table.
            CREATE FUNCTION ingest.ensure_key_partition(instant timestamptz) RETURNS boolean
            LANGUAGE plpgsql AS $$
            DECLARE
                month_start timestamp := date_trunc('month', instant AT TIME ZONE 'UTC');
                low timestamptz := month_start AT TIME ZONE 'UTC';
                high timestamptz := (month_start + interval '1 month') AT TIME ZONE 'UTC';
                partition_name text := 'data_keys_m' || to_char(month_start, 'YYYYMM');
            BEGIN
                IF to_regclass('ingest.' || partition_name) IS NOT NULL THEN
                    RETURN false;
                END IF;
                PERFORM pg_advisory_xact_lock(hashtext('ingest.data_keys partitions'));
                IF to_regclass('ingest.' || partition_name) IS NOT NULL THEN
                    RETURN false;
                END IF;
                EXECUTE format('CREATE TABLE ingest.%I (LIKE ingest.data_keys INCLUDING DEFAULTS, CHECK (data_time >= %L AND data_time < %L))',
                               partition_name, low, high);
                EXECUTE format('WITH moved AS (DELETE FROM ingest.data_keys_outside WHERE data_time >= %L AND data_time < %L RETURNING *) INSERT INTO ingest.%I SELECT * FROM moved',
                               low, high, partition_name);
                EXECUTE format('ALTER TABLE ingest.data_keys ATTACH PARTITION ingest.%I FOR VALUES FROM (%L) TO (%L)', partition_name, low, high);
                RETURN true;
            END;
            $$;
            -- Drops the months that end at or before the cut-off, and the default partition's rows
            -- dated before it or stored before it (so a wrong clock's far-future identities go too).
            CREATE FUNCTION ingest.drop_key_partitions(cutoff timestamptz) RETURNS integer
            LANGUAGE plpgsql AS $$
            DECLARE
                part record;
                dropped integer := 0;
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtext('ingest.data_keys partitions'));
                FOR part IN
                    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = 'ingest.data_keys'::regclass AND c.relname ~ '^data_keys_m[0-9]{6}$'
                LOOP
                    IF (to_date(substr(part.relname, 12), 'YYYYMM') + interval '1 month') AT TIME ZONE 'UTC' <= cutoff THEN
                        EXECUTE format('DROP TABLE ingest.%I', part.relname);
                        dropped := dropped + 1;
                    END IF;
                END LOOP;
                DELETE FROM ingest.data_keys_outside WHERE data_time < cutoff OR first_seen < cutoff;
                RETURN dropped;
            END;
            $$;
            SELECT ingest.ensure_key_partition(month_start AT TIME ZONE 'UTC')
            FROM (SELECT DISTINCT date_trunc('month', data_time AT TIME ZONE 'UTC') AS month_start FROM ingest.data_keys_v1
                  WHERE data_time >= now() - interval '3660 days'
                    AND data_time < (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '2 months') AT TIME ZONE 'UTC') months;
            INSERT INTO ingest.data_keys SELECT mn, cn, data_time, packet_no, frame_id, first_seen, repeats FROM ingest.data_keys_v1;
            DROP TABLE ingest.data_keys_v1;
            """),
    ])
}
