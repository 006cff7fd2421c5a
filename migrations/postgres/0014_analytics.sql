-- Analytics: rollups by team too, open issues by type, priority and team, and a rebuild of every
-- company's rollups (the server runs it at start for the companies listed in rollups_stale).

ALTER TABLE issue_daily_rollups DROP CONSTRAINT issue_daily_rollups_dimension_check;
ALTER TABLE issue_daily_rollups ADD CONSTRAINT issue_daily_rollups_dimension_check
    CHECK (dimension IN ('all', 'type', 'priority', 'team'));

-- Open (unresolved) issues, now, by 'type', 'priority', 'team' or 'created' (the day, YYYY-MM-DD).
CREATE TABLE issue_open_counts (
    company_id  UUID NOT NULL REFERENCES companies (id),
    dimension   TEXT NOT NULL CHECK (dimension IN ('type', 'priority', 'team', 'created')),
    value       TEXT NOT NULL,
    issues      BIGINT NOT NULL,
    PRIMARY KEY (company_id, dimension, value)
);

-- The analytics read one breakdown over a range of days.
CREATE INDEX issue_daily_rollups_dimension ON issue_daily_rollups (company_id, dimension, day);

-- Who used the product each UTC day (one row per person and day).
CREATE TABLE user_activity_daily (
    company_id  UUID NOT NULL REFERENCES companies (id),
    day         DATE NOT NULL,
    user_id     UUID NOT NULL REFERENCES users (id),
    PRIMARY KEY (company_id, day, user_id)
);

CREATE TABLE rollups_stale (
    company_id  UUID PRIMARY KEY REFERENCES companies (id)
);
INSERT INTO rollups_stale (company_id) SELECT id FROM companies;

DO $$
DECLARE
    tenant_table TEXT;
BEGIN
    FOREACH tenant_table IN ARRAY ARRAY['issue_open_counts', 'rollups_stale', 'user_activity_daily']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format($policy$
            CREATE POLICY tenant_isolation ON %I
                USING (
                    company_id = nullif(current_setting('app.company_id', true), '')::uuid
                    OR current_setting('app.scope', true) = 'platform'
                )
                WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
        $policy$, tenant_table);
    END LOOP;
END
$$;
