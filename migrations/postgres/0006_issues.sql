-- Issue tracking: teams, issues with comments and activity, and the rollups analytics read.
-- Every tenant table leads its keys with company_id and sits behind row-level security.

-- Cheap, exact counts for tier checks, and the per-company issue number sequence.
ALTER TABLE companies ADD COLUMN user_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE companies ADD COLUMN issue_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE companies ADD COLUMN last_issue_number BIGINT NOT NULL DEFAULT 0;
UPDATE companies SET user_count =
    (SELECT COUNT(*) FROM users u WHERE u.company_id = companies.id AND u.status <> 'deactivated');

CREATE TABLE teams (
    company_id  UUID NOT NULL REFERENCES companies (id),
    id          UUID NOT NULL,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, name_key)
);

CREATE TABLE team_members (
    company_id  UUID NOT NULL,
    team_id     UUID NOT NULL,
    user_id     UUID NOT NULL REFERENCES users (id),
    PRIMARY KEY (company_id, team_id, user_id),
    FOREIGN KEY (company_id, team_id) REFERENCES teams (company_id, id) ON DELETE CASCADE
);

CREATE TABLE issues (
    company_id     UUID NOT NULL REFERENCES companies (id),
    id             UUID NOT NULL,
    number         BIGINT NOT NULL,
    title          TEXT NOT NULL,
    title_key      TEXT NOT NULL,
    description    TEXT,
    issue_type     TEXT NOT NULL,
    priority       TEXT NOT NULL,
    -- The priority's place in the company's list, so sorting by priority uses an index.
    priority_rank  BIGINT NOT NULL,
    status         TEXT NOT NULL,
    assignee_id    UUID REFERENCES users (id),
    team_id        UUID,
    custom_fields  TEXT NOT NULL DEFAULT '{}',
    archived       BOOLEAN NOT NULL DEFAULT FALSE,
    created_by     UUID REFERENCES users (id),
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    resolved_at    TIMESTAMPTZ,
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, number),
    FOREIGN KEY (company_id, team_id) REFERENCES teams (company_id, id)
);
-- One index per way the list is read: newest first, by status, assignee, team, type, priority, update.
CREATE INDEX issues_list ON issues (company_id, archived, number);
CREATE INDEX issues_status ON issues (company_id, archived, status, number);
CREATE INDEX issues_assignee ON issues (company_id, archived, assignee_id, number);
CREATE INDEX issues_team ON issues (company_id, archived, team_id, number);
CREATE INDEX issues_type ON issues (company_id, archived, issue_type, number);
CREATE INDEX issues_priority ON issues (company_id, archived, priority_rank, number);
CREATE INDEX issues_updated ON issues (company_id, archived, updated_at, number);

CREATE TABLE issue_comments (
    company_id  UUID NOT NULL,
    id          UUID NOT NULL,
    issue_id    UUID NOT NULL,
    author_id   UUID REFERENCES users (id),
    body        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, issue_id) REFERENCES issues (company_id, id) ON DELETE CASCADE
);
CREATE INDEX issue_comments_issue ON issue_comments (company_id, issue_id, id);

-- Who changed what, when: one row per changed field.
CREATE TABLE issue_activity (
    company_id  UUID NOT NULL,
    id          UUID NOT NULL,
    issue_id    UUID NOT NULL,
    actor_id    UUID REFERENCES users (id),
    field       TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, issue_id) REFERENCES issues (company_id, id) ON DELETE CASCADE
);
CREATE INDEX issue_activity_issue ON issue_activity (company_id, issue_id, id);

-- Issues created and resolved per UTC day, in total ('all', '') and by type and by priority.
-- Each issue contributes to the day it was created and the day it was resolved; a change moves
-- its contribution, a deletion keeps it (history remembers what was created).
CREATE TABLE issue_daily_rollups (
    company_id          UUID NOT NULL REFERENCES companies (id),
    day                 DATE NOT NULL,
    dimension           TEXT NOT NULL CHECK (dimension IN ('all', 'type', 'priority')),
    value               TEXT NOT NULL,
    created             BIGINT NOT NULL DEFAULT 0,
    resolved            BIGINT NOT NULL DEFAULT 0,
    resolution_seconds  BIGINT NOT NULL DEFAULT 0,
    resolved_within_day   BIGINT NOT NULL DEFAULT 0,
    resolved_within_week  BIGINT NOT NULL DEFAULT 0,
    resolved_within_month BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (company_id, day, dimension, value)
);

-- Issues not archived, by status, now and as each UTC day ended (a day without changes has no row).
CREATE TABLE issue_status_counts (
    company_id  UUID NOT NULL REFERENCES companies (id),
    status      TEXT NOT NULL,
    issues      BIGINT NOT NULL,
    PRIMARY KEY (company_id, status)
);
CREATE TABLE issue_status_daily (
    company_id  UUID NOT NULL REFERENCES companies (id),
    day         DATE NOT NULL,
    status      TEXT NOT NULL,
    issues      BIGINT NOT NULL,
    PRIMARY KEY (company_id, day, status)
);

DO $$
DECLARE
    tenant_table TEXT;
BEGIN
    FOREACH tenant_table IN ARRAY ARRAY['teams', 'team_members', 'issues', 'issue_comments', 'issue_activity',
        'issue_daily_rollups', 'issue_status_counts', 'issue_status_daily']
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
