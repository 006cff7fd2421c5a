-- A company's earlier slugs: old links redirect to the current one, and no one else may take them.
CREATE TABLE company_slugs (
    slug_key    TEXT PRIMARY KEY,
    company_id  BLOB NOT NULL REFERENCES companies (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX company_slugs_company ON company_slugs (company_id);
