-- Tenant isolation, the database's wall: the application works as tenantry_app,
-- which neither owns the tables nor is a superuser, so row-level security holds
-- even when DATABASE_URL names a superuser. Every pooled connection does
-- SET ROLE tenantry_app; each tenant transaction sets app.company_id.

DO $$
BEGIN
    CREATE ROLE tenantry_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- another database of this server made it first
END
$$;

-- A non-superuser migrator must be a member to SET ROLE; a superuser needs nothing.
DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT tenantry_app TO %I', current_user);
    END IF;
EXCEPTION WHEN unique_violation OR duplicate_object THEN
    NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO tenantry_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tenantry_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tenantry_app;
-- Tables of later migrations get the same rights.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tenantry_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO tenantry_app;

-- Unset or empty app.company_id matches nothing. The platform scope (root's reads) sees all, writes none.
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_events
    USING (
        company_id = nullif(current_setting('app.company_id', true), '')::uuid
        OR current_setting('app.scope', true) = 'platform'
    )
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
