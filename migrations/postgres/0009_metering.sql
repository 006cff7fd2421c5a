-- API calls per company per UTC day: each server instance counts in memory and adds its share here
-- about once a second, so the daily quota holds across instances within that window.
CREATE TABLE api_usage_daily (
    company_id  UUID NOT NULL REFERENCES companies (id),
    day         DATE NOT NULL,
    calls       BIGINT NOT NULL,
    PRIMARY KEY (company_id, day)
);
ALTER TABLE api_usage_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_usage_daily FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_usage_daily
    USING (
        company_id = nullif(current_setting('app.company_id', true), '')::uuid
        OR current_setting('app.scope', true) = 'platform'
    )
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
