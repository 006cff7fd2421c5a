-- Signup: answers kept per Idempotency-Key, written in the same transaction as the company,
-- so a retry after a crash replays the answer instead of creating a second company.
CREATE TABLE idempotency_keys (
    key           TEXT PRIMARY KEY,
    request_hash  TEXT NOT NULL,
    answer        TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
