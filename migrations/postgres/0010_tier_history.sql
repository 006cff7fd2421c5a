-- Every plan change of every company: the operator console computes revenue over time from it.
CREATE TABLE tier_history (
    company_id  UUID NOT NULL REFERENCES companies (id),
    id          UUID NOT NULL,
    from_tier   TEXT NOT NULL REFERENCES tiers (id),
    to_tier     TEXT NOT NULL REFERENCES tiers (id),
    changed_by  UUID REFERENCES users (id),
    changed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (company_id, id)
);
ALTER TABLE tier_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE tier_history FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tier_history
    USING (
        company_id = nullif(current_setting('app.company_id', true), '')::uuid
        OR current_setting('app.scope', true) = 'platform'
    )
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
