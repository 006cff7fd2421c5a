-- Every outbound webhook and Slack post: queued in the transaction of the issue write that caused
-- it, delivered and retried by a background worker, and shown as the delivery log.
CREATE TABLE webhook_deliveries (
    company_id      UUID NOT NULL REFERENCES companies (id),
    id              UUID NOT NULL,
    -- A webhook's id, or 'slack'.
    target          TEXT NOT NULL,
    event           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    -- NULL once delivered or given up.
    next_attempt_at TIMESTAMPTZ,
    status_code     BIGINT,
    latency_ms      BIGINT,
    error           TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    delivered_at    TIMESTAMPTZ,
    PRIMARY KEY (company_id, id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_deliveries
    USING (
        company_id = nullif(current_setting('app.company_id', true), '')::uuid
        OR current_setting('app.scope', true) = 'platform'
    )
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
