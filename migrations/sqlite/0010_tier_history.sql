-- Every plan change of every company: the operator console computes revenue over time from it.
CREATE TABLE tier_history (
    company_id  BLOB NOT NULL REFERENCES companies (id),
    id          BLOB NOT NULL,
    from_tier   TEXT NOT NULL REFERENCES tiers (id),
    to_tier     TEXT NOT NULL REFERENCES tiers (id),
    changed_by  BLOB REFERENCES users (id),
    changed_at  TEXT NOT NULL,
    PRIMARY KEY (company_id, id)
);
