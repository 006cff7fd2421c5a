-- Every message is stored before it is sent: without SMTP this outbox is where mail waits (root reads it).
CREATE TABLE outbox (
    id            UUID PRIMARY KEY,
    company_id    UUID REFERENCES companies (id),
    to_address    TEXT NOT NULL,
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    delivered_at  TIMESTAMPTZ,
    attempts      BIGINT NOT NULL DEFAULT 0,
    last_error    TEXT
);
CREATE INDEX outbox_recent ON outbox (created_at);

-- One-time links to set a password (an invitation) or reset one; only their hash is kept.
CREATE TABLE password_links (
    token_hash  TEXT PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users (id),
    purpose     TEXT NOT NULL CHECK (purpose IN ('invitation', 'reset')),
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX password_links_user ON password_links (user_id);
