import Pipeline
import Store

/// The `marking` schema: the newest version of each mark (`marks`), every accepted version with
/// who, when, what changed and why (`mark_versions`), refused commands, the operating-parameter
/// samples reconciliation reads, the exceedances Judgment stands for (newest version), the marks
/// the platform proposes from device signals, and every
/// verdict published (its id makes it once only).
enum MarkingSchema {
    static let name = "marking"

    static let migrator = Migrator(schema: name, migrations: [
        OffsetStore.migration(version: 1, schema: name),
        PipelineSchema.migration(version: 2, schema: name),
        Migration(version: 3, name: "marks, versions, refusals, parameter samples, verdicts", sql: """
            CREATE TABLE marking.marks (
                id            text        PRIMARY KEY,
                version       integer     NOT NULL,
                status        text        NOT NULL,
                type_id       text        NOT NULL,
                enterprise_id text        NOT NULL,
                outlet_id     text        NOT NULL,
                mn            text,
                start_at      timestamptz NOT NULL,
                end_at        timestamptz NOT NULL,
                record        jsonb       NOT NULL,
                created_at    timestamptz NOT NULL,
                updated_at    timestamptz NOT NULL
            );
            CREATE INDEX marks_outlet_span ON marking.marks (outlet_id, start_at, end_at);
            CREATE INDEX marks_enterprise ON marking.marks (enterprise_id, start_at);
            CREATE TABLE marking.mark_versions (
                mark_id            text        NOT NULL REFERENCES marking.marks (id),
                version            integer     NOT NULL,
                action             text        NOT NULL,
                command_id         text        NOT NULL UNIQUE,
                submitted_by       text        NOT NULL,
                role               text        NOT NULL,
                note               text,
                changes            jsonb       NOT NULL,
                late               boolean     NOT NULL,
                correction         boolean     NOT NULL,
                approval_reference text,
                policy_id          text        NOT NULL,
                record             jsonb       NOT NULL,
                attachments        jsonb       NOT NULL,
                accepted_at        timestamptz NOT NULL,
                PRIMARY KEY (mark_id, version)
            );
            CREATE TABLE marking.command_refusals (
                command_id   text        PRIMARY KEY,
                action       text        NOT NULL,
                mark_id      text        NOT NULL,
                outlet_id    text        NOT NULL,
                mn           text,
                submitted_by text        NOT NULL,
                role         text        NOT NULL,
                code         text        NOT NULL,
                problems     jsonb       NOT NULL,
                refused_at   timestamptz NOT NULL
            );
            CREATE TABLE marking.parameter_samples (
                outlet_id text             NOT NULL,
                code      text             NOT NULL,
                data_time timestamptz      NOT NULL,
                mn        text             NOT NULL,
                value     double precision NOT NULL,
                PRIMARY KEY (outlet_id, code, data_time)
            );
            CREATE TABLE marking.verdicts (
                id            text        PRIMARY KEY,
                kind          text        NOT NULL,
                rule_id       text        NOT NULL,
                mark_id       text,
                mark_version  integer,
                enterprise_id text        NOT NULL,
                outlet_id     text        NOT NULL,
                start_at      timestamptz NOT NULL,
                end_at        timestamptz NOT NULL,
                verdict       jsonb       NOT NULL,
                decided_at    timestamptz NOT NULL
            );
            CREATE INDEX verdicts_mark ON marking.verdicts (mark_id, mark_version);
            CREATE INDEX verdicts_enterprise ON marking.verdicts (enterprise_id, start_at);
            """),
        Migration(version: 4, name: "exceedances Judgment stands for, to find the unmarked ones", sql: """
            CREATE TABLE marking.exceedances (
                id           text        PRIMARY KEY,
                version      integer     NOT NULL,
                status       text        NOT NULL,
                outlet_id    text        NOT NULL,
                period_start timestamptz NOT NULL,
                period_end   timestamptz NOT NULL,
                record       jsonb       NOT NULL
            );
            CREATE INDEX exceedances_start ON marking.exceedances (period_start) WHERE status <> 'withdrawn';
            """),
        Migration(version: 5, name: "marks the platform proposes from device signals", sql: """
            CREATE TABLE marking.proposals (
                id            text        PRIMARY KEY,
                version       integer     NOT NULL,
                status        text        NOT NULL,
                type_id       text        NOT NULL,
                mn            text        NOT NULL,
                factor_key    text        NOT NULL,
                outlet_id     text        NOT NULL,
                enterprise_id text        NOT NULL,
                start_at      timestamptz NOT NULL,
                end_at        timestamptz NOT NULL,
                record        jsonb       NOT NULL,
                updated_at    timestamptz NOT NULL
            );
            CREATE INDEX proposals_open ON marking.proposals (mn, type_id, factor_key) WHERE status = 'open';
            """),
        Migration(version: 6, name: "data gaps Judgment found, to find the unmarked ones", sql: """
            CREATE TABLE marking.abnormal_findings (
                id           text        PRIMARY KEY,
                version      integer     NOT NULL,
                status       text        NOT NULL,
                kind         text        NOT NULL,
                outlet_id    text        NOT NULL,
                period_start timestamptz NOT NULL,
                period_end   timestamptz NOT NULL,
                record       jsonb       NOT NULL
            );
            CREATE INDEX abnormal_findings_start ON marking.abnormal_findings (period_start) WHERE status <> 'withdrawn';
            """),
        Migration(version: 7, name: "yearly allowance use per outlet, mark type and year", sql: """
            CREATE TABLE marking.allowance_use (
                id         text             PRIMARY KEY,
                version    integer          NOT NULL,
                hours_used double precision NOT NULL,
                updated_at timestamptz      NOT NULL
            );
            """),
    ])
}
