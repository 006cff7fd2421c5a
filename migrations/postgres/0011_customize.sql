-- A company's earlier slugs: old links redirect to the current one, and no one else may take them.
-- Read before anyone is known (routing), like companies itself, so it has no row-level policy.
CREATE TABLE company_slugs (
    slug_key    TEXT PRIMARY KEY,
    company_id  UUID NOT NULL REFERENCES companies (id),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX company_slugs_company ON company_slugs (company_id);
