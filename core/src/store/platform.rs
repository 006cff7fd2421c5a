//! Platform rollups the operator console reads: per day and tier, companies signed up and the net
//! change in active and suspended companies; API calls of all companies per day. Every write that
//! changes a company's tier or status adds its change here in the same transaction.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::params::{ListQuery, Param, bind_params, contains_pattern};
use super::scope::Scope;
use super::tx::BeginWrite;
use super::{Store, with_db};
use crate::company::CompanyStatus;
use crate::console::{CompanyRow, Directory, DirectorySort, PlatformRollups, WATCHLIST_CAP, Watchlist};
use crate::{Error, Result};

/// One change to the platform's counts on one day and tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct CensusChange {
    pub signups: i64,
    pub active: i64,
    pub suspended: i64,
}

impl CensusChange {
    /// A company of this status arriving on (+1) or leaving (-1) a tier.
    pub fn presence(status: CompanyStatus, sign: i64) -> CensusChange {
        match status {
            CompanyStatus::Active => CensusChange { active: sign, ..Default::default() },
            CompanyStatus::Suspended => CensusChange { suspended: sign, ..Default::default() },
        }
    }

    /// A company of a tier changing status.
    pub fn status_change(to: CompanyStatus) -> CensusChange {
        let sign = if to == CompanyStatus::Suspended { 1 } else { -1 };
        CensusChange { active: -sign, suspended: sign, ..Default::default() }
    }

    fn add(&mut self, other: CensusChange) {
        self.signups += other.signups;
        self.active += other.active;
        self.suspended += other.suspended;
    }
}

/// Adds `$change` (a `CensusChange`) to the rollup of `$day` and `$tier` on `$conn`.
macro_rules! census {
    ($conn:expr, $day:expr, $tier:expr, $change:expr) => {{
        let change: $crate::store::platform::CensusChange = $change;
        let day: chrono::NaiveDate = $day;
        sqlx::query(
            "INSERT INTO platform_daily (day, tier_id, week_start, month_start, signups, active_delta, suspended_delta) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (day, tier_id) DO UPDATE SET signups = platform_daily.signups + excluded.signups, \
             active_delta = platform_daily.active_delta + excluded.active_delta, \
             suspended_delta = platform_daily.suspended_delta + excluded.suspended_delta",
        )
        .bind(day)
        .bind($tier)
        .bind($crate::console::week_start(day))
        .bind($crate::console::month_start(day))
        .bind(change.signups)
        .bind(change.active)
        .bind(change.suspended)
        .execute($conn)
        .await
    }};
}
pub(crate) use census;

/// Adds `$calls` API calls on `$day` to the platform's count, on `$conn`.
macro_rules! count_platform_calls {
    ($conn:expr, $day:expr, $calls:expr) => {
        sqlx::query(
            "INSERT INTO platform_api_daily (day, calls) VALUES ($1, $2) \
             ON CONFLICT (day) DO UPDATE SET calls = platform_api_daily.calls + excluded.calls",
        )
        .bind($day)
        .bind($calls)
        .execute($conn)
        .await
    };
}
pub(crate) use count_platform_calls;

/// The columns a directory row shows, from `companies c` joined with `tiers t`.
const DIRECTORY_COLUMNS: &str = "c.id, c.name, c.slug, t.name AS tier_name, c.status, c.user_count, c.user_limit, \
     c.issue_count, c.issue_limit, c.created_at, c.last_active_on, c.owner_email";

#[derive(sqlx::FromRow)]
struct DirectoryRow {
    id: Uuid,
    name: String,
    slug: String,
    tier_name: String,
    status: String,
    user_count: i64,
    user_limit: Option<i64>,
    issue_count: i64,
    issue_limit: Option<i64>,
    created_at: DateTime<Utc>,
    last_active_on: Option<NaiveDate>,
    owner_email: String,
}

impl From<DirectoryRow> for CompanyRow {
    fn from(row: DirectoryRow) -> Self {
        CompanyRow {
            id: row.id,
            name: row.name,
            slug: row.slug,
            tier: row.tier_name,
            status: CompanyStatus::from_db(&row.status),
            users: row.user_count,
            user_limit: row.user_limit,
            issues: row.issue_count,
            issue_limit: row.issue_limit,
            created_at: row.created_at,
            last_active_on: row.last_active_on,
            owner_email: row.owner_email,
        }
    }
}

/// The directory query for `directory`: without a search, a walk along the index of the order
/// that stops after a page; with one, the matches first (a scan of names, slugs and owners' emails)
/// and then the order, since few companies match and the index would be walked to its end.
fn directory_sql(directory: &Directory) -> ListQuery {
    let mut query = ListQuery {
        sql: format!(
            "SELECT {DIRECTORY_COLUMNS}, c.name_key FROM companies c JOIN tiers t ON t.id = c.tier_id WHERE 1 = 1"
        ),
        params: vec![],
    };
    if let Some(status) = directory.status {
        let p = query.bind(Param::Text(status.as_str().to_owned()));
        query.sql.push_str(&format!(" AND c.status = {p}"));
    }
    if let Some(tier) = &directory.tier_id {
        let p = query.bind(Param::Text(tier.clone()));
        query.sql.push_str(&format!(" AND c.tier_id = {p}"));
    }
    let (keys, order, comparison) = match directory.sort {
        DirectorySort::Newest => ("c.created_at, c.id", "c.created_at DESC, c.id DESC", "<"),
        DirectorySort::Name => ("c.name_key, c.id", "c.name_key, c.id", ">"),
        DirectorySort::Usage => ("c.issue_count, c.id", "c.issue_count DESC, c.id DESC", "<"),
    };
    if let Some(after) = directory.after {
        let p = query.bind(Param::Uuid(after));
        let own = keys.replace("c.", "a.");
        query.sql.push_str(&format!(" AND ({keys}) {comparison} (SELECT {own} FROM companies a WHERE a.id = {p})"));
    }
    if let Some(words) = &directory.search {
        let p = query.bind(Param::Text(contains_pattern(&words.to_lowercase())));
        query.sql.push_str(&format!(
            " AND (c.name_key LIKE {p} ESCAPE '\\' OR c.slug_key LIKE {p} ESCAPE '\\' OR c.owner_email LIKE {p} ESCAPE '\\')"
        ));
        query.sql = format!("WITH found AS MATERIALIZED ({}) SELECT * FROM found c", query.sql);
    }
    // One more than a page tells whether another page follows.
    let limit = query.bind(Param::Int(directory.limit + 1));
    query.sql.push_str(&format!(" ORDER BY {order} LIMIT {limit}"));
    query
}

impl Store {
    /// The rollups summed in the database: per tier the active and suspended companies before
    /// `months_since`, each month from then on by tier, and each week from `weeks_since` by tier.
    pub async fn platform_rollups(&self, months_since: NaiveDate, weeks_since: NaiveDate) -> Result<PlatformRollups> {
        Ok(with_db!(self, pool => {
            let before = sqlx::query_as(
                "SELECT tier_id, CAST(SUM(active_delta) AS BIGINT), CAST(SUM(suspended_delta) AS BIGINT) \
                 FROM platform_daily WHERE day < $1 GROUP BY tier_id",
            )
            .bind(months_since)
            .fetch_all(pool)
            .await?;
            let months = sqlx::query_as(
                "SELECT month_start AS start, tier_id, CAST(SUM(signups) AS BIGINT) AS signups, \
                 CAST(SUM(active_delta) AS BIGINT) AS active_delta, CAST(SUM(suspended_delta) AS BIGINT) AS suspended_delta \
                 FROM platform_daily WHERE day >= $1 GROUP BY month_start, tier_id ORDER BY month_start",
            )
            .bind(months_since)
            .fetch_all(pool)
            .await?;
            let weeks = sqlx::query_as(
                "SELECT week_start AS start, tier_id, CAST(SUM(signups) AS BIGINT) AS signups, \
                 CAST(0 AS BIGINT) AS active_delta, CAST(0 AS BIGINT) AS suspended_delta FROM platform_daily WHERE day >= $1 AND signups <> 0 \
                 GROUP BY week_start, tier_id ORDER BY week_start",
            )
            .bind(weeks_since)
            .fetch_all(pool)
            .await?;
            Ok::<_, sqlx::Error>(PlatformRollups { before, months, weeks })
        })?)
    }

    /// API calls of all companies per day, from `since` on.
    pub async fn platform_api_calls(&self, since: NaiveDate) -> Result<Vec<(NaiveDate, i64)>> {
        Ok(with_db!(self, pool => {
            sqlx::query_as("SELECT day, calls FROM platform_api_daily WHERE day >= $1 ORDER BY day")
                .bind(since)
                .fetch_all(pool)
                .await
        })?)
    }

    /// Counts of companies worth a look, each along an index of only the companies it counts and
    /// stopping at `WATCHLIST_CAP`, so that a large platform costs what a small one does.
    pub async fn platform_watchlist(&self, now: DateTime<Utc>) -> Result<Watchlist> {
        let idle_since = now.date_naive() - chrono::Days::new(30);
        let counted = |condition: &str, cap: &str| {
            format!("(SELECT COUNT(*) FROM (SELECT 1 FROM companies WHERE {condition} LIMIT {cap}) AS n)")
        };
        let sql = format!(
            "SELECT {}, {}, {}, {}, {}",
            counted("user_limit IS NOT NULL AND 10 * user_count - 9 * user_limit >= 0", "$4"),
            counted("issue_limit IS NOT NULL AND 10 * issue_count - 9 * issue_limit >= 0", "$4"),
            counted("last_active_on < $1 AND status = 'active'", "$4"),
            counted("last_active_on IS NULL AND created_at < $2 AND status = 'active'", "$4"),
            counted("reactivate_at IS NOT NULL AND reactivate_at < $3", "$4"),
        );
        let (near_user_limit, near_issue_limit, idle, idle_never, reactivations_this_week): (i64, i64, i64, i64, i64) =
            with_db!(self, pool => {
                sqlx::query_as(&sql)
                    .bind(idle_since)
                    .bind(now - chrono::Duration::days(30))
                    .bind(now + chrono::Duration::days(7))
                    .bind(WATCHLIST_CAP)
                    .fetch_one(pool)
                    .await
            })?;
        Ok(Watchlist {
            near_user_limit,
            near_issue_limit,
            idle: (idle + idle_never).min(WATCHLIST_CAP),
            reactivations_this_week,
        })
    }

    /// One page of the operator's company directory.
    pub async fn company_directory(&self, directory: &Directory) -> Result<Vec<CompanyRow>> {
        let query = directory_sql(directory);
        let rows: Vec<DirectoryRow> = with_db!(self, pool => {
            bind_params!(sqlx::query_as(&query.sql), query.params).fetch_all(pool).await
        })?;
        Ok(rows.into_iter().map(CompanyRow::from).collect())
    }

    /// Whether a migration asked for the platform rollups to be rebuilt.
    pub async fn platform_rollups_stale(&self) -> Result<bool> {
        Ok(with_db!(self, pool => {
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM platform_rollups_stale)").fetch_one(pool).await
        })?)
    }

    /// Recomputes the platform rollups from the companies, their tier and status histories and their
    /// API call counts, in one transaction. Answers how many companies it replayed.
    pub async fn rebuild_platform_rollups(&self) -> Result<usize> {
        let today = Utc::now().date_naive();
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            // Root's reach: the histories and call counts of every company.
            tx.scope_platform().await?;
            let companies: Vec<CompanyNow> =
                sqlx::query_as("SELECT id, tier_id, status, created_at, suspended_at FROM companies")
                    .fetch_all(&mut *tx)
                    .await?;
            let tier_changes: Vec<(Uuid, String, String, DateTime<Utc>)> = sqlx::query_as(
                "SELECT company_id, from_tier, to_tier, changed_at FROM tier_history ORDER BY changed_at, id",
            )
            .fetch_all(&mut *tx)
            .await?;
            let status_changes: Vec<(Uuid, String, DateTime<Utc>)> =
                sqlx::query_as("SELECT company_id, status, changed_at FROM company_status_history ORDER BY changed_at, id")
                    .fetch_all(&mut *tx)
                    .await?;
            let days = replay(&companies, &tier_changes, &status_changes, today);
            sqlx::query("DELETE FROM platform_daily").execute(&mut *tx).await?;
            for ((day, tier), change) in days {
                census!(&mut *tx, day, &tier, change)?;
            }
            sqlx::query("DELETE FROM platform_api_daily").execute(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO platform_api_daily (day, calls) SELECT day, CAST(SUM(calls) AS BIGINT) FROM api_usage_daily GROUP BY day",
            )
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM platform_rollups_stale").execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, Error>(companies.len())
        })
    }
}

/// A company as it is now: id, tier, status, signup, suspension start.
type CompanyNow = (Uuid, String, String, DateTime<Utc>, Option<DateTime<Utc>>);

/// A company's life as rollup changes: signed up on its first tier, then each tier and status change
/// in time order; where the histories miss what the company is now, the difference lands on `today`.
fn replay(
    companies: &[CompanyNow],
    tier_changes: &[(Uuid, String, String, DateTime<Utc>)],
    status_changes: &[(Uuid, String, DateTime<Utc>)],
    today: NaiveDate,
) -> HashMap<(NaiveDate, String), CensusChange> {
    enum Step<'a> {
        Tier(&'a str, &'a str),
        Status(CompanyStatus),
    }
    let mut steps: HashMap<Uuid, Vec<(DateTime<Utc>, Step)>> = HashMap::new();
    for (company, from, to, at) in tier_changes {
        steps.entry(*company).or_default().push((*at, Step::Tier(from, to)));
    }
    for (company, status, at) in status_changes {
        steps.entry(*company).or_default().push((*at, Step::Status(CompanyStatus::from_db(status))));
    }
    let mut days: HashMap<(NaiveDate, String), CensusChange> = HashMap::new();
    let mut add = |day: NaiveDate, tier: &str, change: CensusChange| {
        days.entry((day, tier.to_owned())).or_default().add(change);
    };
    for (id, tier_now, status_now, created_at, suspended_at) in companies {
        let mut steps = steps.remove(id).unwrap_or_default();
        steps.sort_by_key(|(at, _)| *at);
        let first_tier = steps.iter().find_map(|(_, step)| match step {
            Step::Tier(from, _) => Some(*from),
            Step::Status(_) => None,
        });
        let mut tier = first_tier.unwrap_or(tier_now).to_owned();
        let mut status = CompanyStatus::Active;
        add(created_at.date_naive(), &tier, CensusChange { signups: 1, active: 1, suspended: 0 });
        for (at, step) in &steps {
            let day = at.date_naive();
            match step {
                Step::Tier(_, to) => {
                    add(day, &tier, CensusChange::presence(status, -1));
                    add(day, to, CensusChange::presence(status, 1));
                    tier = (*to).to_owned();
                }
                Step::Status(to) if *to != status => {
                    add(day, &tier, CensusChange::status_change(*to));
                    status = *to;
                }
                Step::Status(_) => {}
            }
        }
        let status_now = CompanyStatus::from_db(status_now);
        if tier != *tier_now {
            add(today, &tier, CensusChange::presence(status, -1));
            add(today, tier_now, CensusChange::presence(status, 1));
            tier = tier_now.clone();
        }
        if status != status_now {
            let day =
                suspended_at.filter(|_| status_now == CompanyStatus::Suspended).map_or(today, |at| at.date_naive());
            add(day, &tier, CensusChange::status_change(status_now));
        }
    }
    days
}

#[cfg(feature = "test-support")]
impl Store {
    /// Writes `count` varied companies with their owners fast, in batches, for benchmarks: signed up
    /// evenly over the last `span_days` days, one in three Premium and one in nine Platinum, one in
    /// twenty suspended. Then rebuilds the platform rollups from them.
    pub async fn seed_companies(&self, count: i64, span_days: i64) -> Result<()> {
        use crate::settings::CompanySettings;
        const BATCH: i64 = 200;
        let settings = serde_json::to_string(&CompanySettings::default())
            .map_err(|e| Error::Internal(format!("settings do not serialise: {e}")))?;
        let now = Utc::now();
        let start = now - chrono::Duration::days(span_days);
        let mut done = 0;
        while done < count {
            let batch = BATCH.min(count - done);
            let (mut companies, mut owners) =
                (ListQuery { sql: String::new(), params: vec![] }, ListQuery { sql: String::new(), params: vec![] });
            let (mut company_rows, mut owner_rows) = (Vec::new(), Vec::new());
            for i in 0..batch {
                let n = done + i;
                let (id, owner) = (Uuid::now_v7(), Uuid::now_v7());
                let at = start + chrono::Duration::seconds(n * span_days * 86_400 / count.max(1));
                let (tier, users, issues) = match n % 9 {
                    0 => ("platinum", None, None),
                    1 | 4 | 7 => ("premium", Some(25), Some(10_000)),
                    _ => ("basic", Some(5), Some(1_000)),
                };
                let suspended = n % 20 == 3;
                let email = format!("owner{n}@seed.test");
                let values = [
                    Param::Uuid(id),
                    Param::Text(format!("Seed {n}")),
                    Param::Text(format!("seed {n}")),
                    Param::Text(format!("seed-{n}")),
                    Param::Text(format!("seed-{n}")),
                    Param::Text(tier.to_owned()),
                    Param::Text(if suspended { "suspended" } else { "active" }.to_owned()),
                    Param::Text(settings.clone()),
                    Param::Int(1 + n % 6),
                    Param::Int(n * 37 % 1_200),
                    Param::Time(at),
                    Param::Text(email.clone()),
                    Param::Int(users.unwrap_or(-1)),
                    Param::Int(issues.unwrap_or(-1)),
                    Param::Date((now - chrono::Duration::days(n % 60)).date_naive()),
                ];
                let placeholders: Vec<String> = values.into_iter().map(|v| companies.bind(v)).collect();
                let [
                    id_p,
                    name,
                    name_key,
                    slug,
                    slug_key,
                    tier_p,
                    status,
                    settings_p,
                    user_count,
                    issue_count,
                    created,
                    owner_email,
                    user_limit,
                    issue_limit,
                    last_active,
                ] = &placeholders[..]
                else {
                    unreachable!("fifteen values were bound")
                };
                company_rows.push(format!(
                    "({id_p}, {name}, {name_key}, {slug}, {slug_key}, {tier_p}, {status}, 'UTC', {settings_p}, {user_count}, \
                     {issue_count}, {issue_count}, {created}, {created}, {owner_email}, NULLIF({user_limit}, -1), \
                     NULLIF({issue_limit}, -1), CASE WHEN {status} = 'suspended' THEN 'billing' END, \
                     CASE WHEN {status} = 'suspended' THEN 'Seeded' END, CASE WHEN {status} = 'suspended' THEN {created} END, {last_active})"
                ));
                let owner_values = [Param::Uuid(owner), Param::Uuid(id), Param::Text(email), Param::Time(at)];
                let p: Vec<String> = owner_values.into_iter().map(|v| owners.bind(v)).collect();
                owner_rows.push(format!(
                    "({}, {}, {}, {}, 'Owner', 'owner', 'active', {}, {})",
                    p[0], p[1], p[2], p[2], p[3], p[3]
                ));
            }
            companies.sql = format!(
                "INSERT INTO companies (id, name, name_key, slug, slug_key, tier_id, status, time_zone, settings, user_count, \
                 issue_count, last_issue_number, created_at, updated_at, owner_email, user_limit, issue_limit, suspension_code, \
                 suspension_reason, suspended_at, last_active_on) VALUES {}",
                company_rows.join(", ")
            );
            owners.sql = format!(
                "INSERT INTO users (id, company_id, email, email_key, name, role, status, created_at, updated_at) VALUES {}",
                owner_rows.join(", ")
            );
            with_db!(self, pool => {
                let mut tx = pool.begin_write().await?;
                bind_params!(sqlx::query(&companies.sql), companies.params).execute(&mut *tx).await?;
                bind_params!(sqlx::query(&owners.sql), owners.params).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok::<_, Error>(())
            })?;
            done += batch;
        }
        self.rebuild_platform_rollups().await?;
        // Statistics and the visibility map, as autovacuum keeps them in a running system (only the owner may).
        if let super::Db::Postgres { owner, .. } = &self.db {
            use sqlx::Connection;
            let mut connection = sqlx::PgConnection::connect_with(owner).await?;
            sqlx::query("VACUUM ANALYZE companies").execute(&mut connection).await?;
            connection.close().await?;
        }
        Ok(())
    }
}
