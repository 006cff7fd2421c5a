-- Every outbound webhook and Slack post: queued in the transaction of the issue write that caused
-- it, delivered and retried by a background worker, and shown as the delivery log.
CREATE TABLE webhook_deliveries (
    company_id      BLOB NOT NULL REFERENCES companies (id),
    id              BLOB NOT NULL,
    -- A webhook's id, or 'slack'.
    target          TEXT NOT NULL,
    event           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- NULL once delivered or given up.
    next_attempt_at TEXT,
    status_code     INTEGER,
    latency_ms      INTEGER,
    error           TEXT,
    created_at      TEXT NOT NULL,
    delivered_at    TEXT,
    PRIMARY KEY (company_id, id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
