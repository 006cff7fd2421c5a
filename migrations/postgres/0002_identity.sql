-- Identity: company settings, request context on audit events.

ALTER TABLE companies ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';

ALTER TABLE audit_events ADD COLUMN ip TEXT;
ALTER TABLE audit_events ADD COLUMN user_agent TEXT;
ALTER TABLE platform_audit_events ADD COLUMN ip TEXT;
ALTER TABLE platform_audit_events ADD COLUMN user_agent TEXT;
CREATE INDEX audit_events_recent ON audit_events (company_id, created_at);

-- Failed logins per account, for throttling across every server instance.
CREATE TABLE login_failures (
    email_key   TEXT NOT NULL,
    failed_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_recent ON login_failures (email_key, failed_at);
