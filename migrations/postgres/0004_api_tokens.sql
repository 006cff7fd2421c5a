-- API tokens: looked up by hash before any tenant is known, so a platform table outside row-level security.
CREATE TABLE api_tokens (
    id            UUID PRIMARY KEY,
    -- NULL: a root token, for the platform operator's scripts.
    company_id    UUID REFERENCES companies (id),
    created_by    UUID NOT NULL REFERENCES users (id),
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('root', 'admin', 'member', 'viewer')),
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ
);
CREATE INDEX api_tokens_company ON api_tokens (company_id, created_at);
