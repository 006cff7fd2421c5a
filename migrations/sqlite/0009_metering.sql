-- API calls per company per UTC day: each server instance counts in memory and adds its share here
-- about once a second, so the daily quota holds across instances within that window.
CREATE TABLE api_usage_daily (
    company_id  BLOB NOT NULL REFERENCES companies (id),
    day         TEXT NOT NULL,
    calls       INTEGER NOT NULL,
    PRIMARY KEY (company_id, day)
);
