-- Uploaded logos (white-label branding), served from our own origin under their digest.
CREATE TABLE company_logos (
    company_id   UUID PRIMARY KEY REFERENCES companies (id),
    digest       TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        BYTEA NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
ALTER TABLE company_logos ENABLE ROW LEVEL SECURITY;
ALTER TABLE company_logos FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON company_logos
    USING (
        company_id = nullif(current_setting('app.company_id', true), '')::uuid
        OR current_setting('app.scope', true) = 'platform'
    )
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
