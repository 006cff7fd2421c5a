-- Analytics: rollups by team too, open issues by type, priority and team, and a rebuild of every
-- company's rollups (the server runs it at start for the companies listed in rollups_stale).

-- SQLite cannot change a CHECK constraint: the table is rebuilt with 'team' allowed.
CREATE TABLE issue_daily_rollups_new (
    company_id          BLOB NOT NULL REFERENCES companies (id),
    day                 TEXT NOT NULL,
    dimension           TEXT NOT NULL CHECK (dimension IN ('all', 'type', 'priority', 'team')),
    value               TEXT NOT NULL,
    created             INTEGER NOT NULL DEFAULT 0,
    resolved            INTEGER NOT NULL DEFAULT 0,
    resolution_seconds  INTEGER NOT NULL DEFAULT 0,
    resolved_within_day   INTEGER NOT NULL DEFAULT 0,
    resolved_within_week  INTEGER NOT NULL DEFAULT 0,
    resolved_within_month INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (company_id, day, dimension, value)
);
INSERT INTO issue_daily_rollups_new SELECT * FROM issue_daily_rollups;
DROP TABLE issue_daily_rollups;
ALTER TABLE issue_daily_rollups_new RENAME TO issue_daily_rollups;

-- Open (unresolved) issues, now, by 'type', 'priority', 'team' or 'created' (the day, YYYY-MM-DD).
CREATE TABLE issue_open_counts (
    company_id  BLOB NOT NULL REFERENCES companies (id),
    dimension   TEXT NOT NULL CHECK (dimension IN ('type', 'priority', 'team', 'created')),
    value       TEXT NOT NULL,
    issues      INTEGER NOT NULL,
    PRIMARY KEY (company_id, dimension, value)
);

-- The analytics read one breakdown over a range of days.
CREATE INDEX issue_daily_rollups_dimension ON issue_daily_rollups (company_id, dimension, day);

-- Who used the product each UTC day (one row per person and day).
CREATE TABLE user_activity_daily (
    company_id  BLOB NOT NULL REFERENCES companies (id),
    day         TEXT NOT NULL,
    user_id     BLOB NOT NULL REFERENCES users (id),
    PRIMARY KEY (company_id, day, user_id)
);

CREATE TABLE rollups_stale (
    company_id  BLOB PRIMARY KEY REFERENCES companies (id)
);
INSERT INTO rollups_stale (company_id) SELECT id FROM companies;
