-- The operator console: suspension details, what the directory lists and sorts by, and platform
-- rollups the overview reads instead of scanning every company.

-- Why and until when a company is suspended (all NULL while active).
ALTER TABLE companies ADD COLUMN suspension_code TEXT;
ALTER TABLE companies ADD COLUMN suspension_reason TEXT;
ALTER TABLE companies ADD COLUMN suspended_at TIMESTAMPTZ;
ALTER TABLE companies ADD COLUMN reactivate_at TIMESTAMPTZ;
-- The last UTC day anyone of the company used the product.
ALTER TABLE companies ADD COLUMN last_active_on DATE;
-- The owner's email key, so the directory finds a company by it without a join.
ALTER TABLE companies ADD COLUMN owner_email TEXT NOT NULL DEFAULT '';
-- The limits in force (tier and overrides; NULL = unlimited), kept with every change to either.
ALTER TABLE companies ADD COLUMN user_limit BIGINT;
ALTER TABLE companies ADD COLUMN issue_limit BIGINT;

-- The backfill reads user_activity_daily across companies.
SELECT set_config('app.scope', 'platform', true);
UPDATE companies SET
    owner_email = COALESCE((SELECT u.email_key FROM users u WHERE u.company_id = companies.id AND u.role = 'owner'), ''),
    user_limit = COALESCE((limit_overrides::jsonb ->> 'users')::bigint, (SELECT max_users FROM tiers t WHERE t.id = companies.tier_id)),
    issue_limit = COALESCE((limit_overrides::jsonb ->> 'issues')::bigint, (SELECT max_issues FROM tiers t WHERE t.id = companies.tier_id)),
    last_active_on = (SELECT MAX(a.day) FROM user_activity_daily a WHERE a.company_id = companies.id),
    suspension_code = CASE WHEN status = 'suspended' THEN 'other' END,
    suspension_reason = CASE WHEN status = 'suspended' THEN 'Administrative action' END,
    suspended_at = CASE WHEN status = 'suspended' THEN updated_at END;

-- The directory's orders, and the overview's counts of companies near a limit or idle (covering, so
-- the counts read the index alone).
CREATE INDEX companies_created ON companies (created_at, id);
CREATE INDEX companies_usage ON companies (issue_count, id);
CREATE INDEX companies_user_headroom ON companies ((10 * user_count - 9 * user_limit), user_count, user_limit) WHERE user_limit IS NOT NULL;
CREATE INDEX companies_issue_headroom ON companies ((10 * issue_count - 9 * issue_limit), issue_count, issue_limit) WHERE issue_limit IS NOT NULL;
CREATE INDEX companies_last_active ON companies (last_active_on, status);
CREATE INDEX companies_reactivate ON companies (reactivate_at) WHERE reactivate_at IS NOT NULL;

-- Every suspension and reactivation of every company.
CREATE TABLE company_status_history (
    company_id  UUID NOT NULL REFERENCES companies (id),
    id          UUID NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('active', 'suspended')),
    reason_code TEXT,
    reason      TEXT,
    changed_by  UUID REFERENCES users (id),
    changed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (company_id, id)
);
ALTER TABLE company_status_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE company_status_history FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON company_status_history
    USING (
        company_id = nullif(current_setting('app.company_id', true), '')::uuid
        OR current_setting('app.scope', true) = 'platform'
    )
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);

-- Per UTC day and tier: companies signed up, and the net change in active and in suspended
-- companies. Summed, the rows give today's counts; summed up to a day, that day's. Each row knows
-- its week (from Monday) and month, so the overview sums by them in the database.
CREATE TABLE platform_daily (
    day             DATE NOT NULL,
    tier_id         TEXT NOT NULL REFERENCES tiers (id),
    week_start      DATE NOT NULL,
    month_start     DATE NOT NULL,
    signups         BIGINT NOT NULL DEFAULT 0,
    active_delta    BIGINT NOT NULL DEFAULT 0,
    suspended_delta BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, tier_id)
);

-- API calls of all companies per UTC day, added with each company's own count.
CREATE TABLE platform_api_daily (
    day     DATE PRIMARY KEY,
    calls   BIGINT NOT NULL
);

-- A row here asks the server to rebuild the platform rollups at its next start.
CREATE TABLE platform_rollups_stale (
    id  INTEGER PRIMARY KEY CHECK (id = 1)
);
INSERT INTO platform_rollups_stale (id) VALUES (1);
