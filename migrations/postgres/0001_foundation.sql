-- Platform tables: tiers, companies, users, sessions, audit trails.
-- Tenant-owned tables lead their keys with company_id (the Citus distribution column).

CREATE TABLE tiers (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE,
    rank                BIGINT NOT NULL UNIQUE,
    price_monthly_usd   BIGINT NOT NULL CHECK (price_monthly_usd >= 0),
    max_users           BIGINT,
    max_issues          BIGINT,
    max_api_calls_daily BIGINT,
    max_custom_fields   BIGINT,
    history_days        BIGINT,
    custom_workflows    BOOLEAN NOT NULL,
    team_analytics      BOOLEAN NOT NULL,
    advanced_analytics  BOOLEAN NOT NULL,
    integrations        TEXT NOT NULL,
    sla_tracking        BOOLEAN NOT NULL,
    sso                 BOOLEAN NOT NULL,
    white_label         BOOLEAN NOT NULL
);

-- NULL limits mean unlimited; integrations is a space-separated list.
INSERT INTO tiers VALUES
    ('basic',    'Basic',    1,  10, 5,    1000,  1000,  5,    7,    FALSE, FALSE, FALSE, 'email',                FALSE, FALSE, FALSE),
    ('premium',  'Premium',  2,  50, 25,   10000, 10000, 25,   90,   TRUE,  TRUE,  TRUE,  'email slack webhooks', FALSE, FALSE, FALSE),
    ('platinum', 'Platinum', 3, 200, NULL, NULL,  NULL,  NULL, NULL, TRUE,  TRUE,  TRUE,  'email slack webhooks', TRUE,  TRUE,  TRUE);

CREATE TABLE companies (
    id          UUID PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,
    slug        TEXT NOT NULL,
    slug_key    TEXT NOT NULL UNIQUE,
    tier_id     TEXT NOT NULL REFERENCES tiers (id),
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    time_zone   TEXT NOT NULL DEFAULT 'UTC',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE users (
    id              UUID PRIMARY KEY,
    company_id      UUID REFERENCES companies (id),
    email           TEXT NOT NULL,
    email_key       TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('root', 'owner', 'admin', 'member', 'viewer')),
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'deactivated')),
    password_hash   TEXT,
    session_epoch   BIGINT NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    -- The platform operator belongs to no company; everyone else to exactly one.
    CHECK ((role = 'root') = (company_id IS NULL))
);
CREATE INDEX users_company ON users (company_id);

-- tower-sessions' store reads and writes this table.
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY NOT NULL,
    data        BYTEA NOT NULL,
    expiry_date TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry_date);

CREATE TABLE audit_events (
    company_id  UUID NOT NULL REFERENCES companies (id),
    id          UUID NOT NULL,
    actor_id    UUID,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    details     TEXT NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (company_id, id)
);

-- Operator actions that concern no single company (a root admin created, say).
CREATE TABLE platform_audit_events (
    id          UUID PRIMARY KEY,
    actor_id    UUID,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    details     TEXT NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL
);
