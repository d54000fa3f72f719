import Pipeline
import Store

/// The `notify` schema: notifications (order × recipient × kind) and their attempts, each attempt
/// with the exact text, parts, template version, the provider, the request as sent (secrets
/// redacted), the provider's answer and its classification, and every receipt, kept as evidence.
enum NotifySchema {
    static let name = "notify"

    static let migrator = Migrator(schema: name, migrations: [
        OffsetStore.migration(version: 1, schema: name),
        PipelineSchema.migration(version: 2, schema: name),
        Migration(version: 3, name: "notifications and attempts", sql: """
            CREATE TABLE notify.notifications (
                id             text        PRIMARY KEY,
                order_id       text        NOT NULL,
                order_number   text        NOT NULL,
                kind           text        NOT NULL,
                recipient_name text        NOT NULL,
                recipient_role text        NOT NULL,
                phone          text,
                variables      text        NOT NULL,
                status         text        NOT NULL,
                attempts       integer     NOT NULL DEFAULT 0,
                next_attempt_at timestamptz NOT NULL DEFAULT now(),
                created_at     timestamptz NOT NULL DEFAULT now(),
                updated_at     timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX notifications_due ON notify.notifications (next_attempt_at) WHERE status IN ('queued', 'submitting');
            CREATE TABLE notify.attempts (
                id               bigserial   PRIMARY KEY,
                notification_id  text        NOT NULL REFERENCES notify.notifications (id),
                out_id           text        NOT NULL,
                channel          text        NOT NULL,
                template_kind    text        NOT NULL,
                template_version integer     NOT NULL,
                text             text        NOT NULL,
                characters       integer     NOT NULL,
                parts            integer     NOT NULL,
                status           text        NOT NULL,
                provider_request text        NOT NULL,
                provider_response text,
                biz_id           text,
                created_at       timestamptz NOT NULL DEFAULT now(),
                updated_at       timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX attempts_by_notification ON notify.attempts (notification_id);
            """),
        Migration(version: 4, name: "providers, classification and receipts", sql: """
            ALTER TABLE notify.attempts
                ADD COLUMN provider       text    NOT NULL DEFAULT 'generic_webhook',
                ADD COLUMN classification text,
                ADD COLUMN provider_code  text,
                ADD COLUMN status_queries integer NOT NULL DEFAULT 0;
            CREATE INDEX attempts_by_out_id ON notify.attempts (out_id);
            CREATE INDEX attempts_by_biz_id ON notify.attempts (biz_id) WHERE biz_id IS NOT NULL;
            CREATE TABLE notify.receipts (
                dedup_key           text        PRIMARY KEY,
                attempt_id          bigint      REFERENCES notify.attempts (id),
                provider            text        NOT NULL,
                source              text        NOT NULL,
                provider_message_id text,
                out_id              text,
                status              text        NOT NULL,
                provider_code       text        NOT NULL,
                detail              text        NOT NULL,
                reported_at         timestamptz,
                received_at         timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX receipts_by_attempt ON notify.receipts (attempt_id);
            """),
        Migration(version: 5, name: "reconciliation of attempts without a receipt", sql: """
            ALTER TABLE notify.attempts
                ADD COLUMN reconciliation_checks integer NOT NULL DEFAULT 0,
                ADD COLUMN next_check_at         timestamptz;
            CREATE INDEX attempts_to_reconcile ON notify.attempts (next_check_at) WHERE status = 'submitted';
            """),
        Migration(version: 6, name: "rate-limited notifications merged into digests", sql: """
            ALTER TABLE notify.notifications ADD COLUMN merged_into text REFERENCES notify.notifications (id);
            CREATE INDEX notifications_held ON notify.notifications (phone) WHERE status = 'held';
            """),
        Migration(version: 7, name: "WeChat openid of the recipient; rate-limit counters that survive a restart", sql: """
            ALTER TABLE notify.notifications ADD COLUMN wechat_id text;
            CREATE TABLE notify.rate_counters (
                key        text        PRIMARY KEY,
                rule       text        NOT NULL,
                state      text        NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX rate_counters_idle ON notify.rate_counters (updated_at);
            """),
    ])
}
