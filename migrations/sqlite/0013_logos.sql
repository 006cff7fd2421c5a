-- Uploaded logos (white-label branding), served from our own origin under their digest.
CREATE TABLE company_logos (
    company_id   BLOB PRIMARY KEY REFERENCES companies (id),
    digest       TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    updated_at   TEXT NOT NULL
);
