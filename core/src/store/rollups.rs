//! The rollup tables analytics read: moved by every issue write, in that write's transaction.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::TryStreamExt;
use uuid::Uuid;

use super::scope::{Scope, begin_tenant, lock_clause};
use super::{Store, with_db};
use crate::analytics::Inputs;
use crate::identity::Tenant;
use crate::issues::rollup::{Delta, Facts, FlowCounts, FlowKey, OpenKey};
use crate::{Error, Result};

/// Adds `$delta` (a `rollup::Delta`) on `$conn`, and records today's per-status counts as they
/// now stand.
macro_rules! apply_rollups {
    ($conn:expr, $company_id:expr, $delta:expr) => {{
        let company_id: uuid::Uuid = $company_id;
        let delta: &$crate::issues::rollup::Delta = $delta;
        for (key, counts) in &delta.flows {
            sqlx::query(
                "INSERT INTO issue_daily_rollups (company_id, day, dimension, value, created, resolved, \
                 resolution_seconds, resolved_within_day, resolved_within_week, resolved_within_month) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 ON CONFLICT (company_id, day, dimension, value) DO UPDATE SET \
                 created = issue_daily_rollups.created + excluded.created, \
                 resolved = issue_daily_rollups.resolved + excluded.resolved, \
                 resolution_seconds = issue_daily_rollups.resolution_seconds + excluded.resolution_seconds, \
                 resolved_within_day = issue_daily_rollups.resolved_within_day + excluded.resolved_within_day, \
                 resolved_within_week = issue_daily_rollups.resolved_within_week + excluded.resolved_within_week, \
                 resolved_within_month = issue_daily_rollups.resolved_within_month + excluded.resolved_within_month",
            )
            .bind(company_id)
            .bind(key.day)
            .bind(key.dimension)
            .bind(&key.value)
            .bind(counts.created)
            .bind(counts.resolved)
            .bind(counts.resolution_seconds)
            .bind(counts.resolved_within_day)
            .bind(counts.resolved_within_week)
            .bind(counts.resolved_within_month)
            .execute($conn)
            .await?;
        }
        let today = chrono::Utc::now().date_naive();
        for (status, n) in &delta.statuses {
            let issues: i64 = sqlx::query_scalar(
                "INSERT INTO issue_status_counts (company_id, status, issues) VALUES ($1, $2, $3) \
                 ON CONFLICT (company_id, status) DO UPDATE SET issues = issue_status_counts.issues + excluded.issues \
                 RETURNING issues",
            )
            .bind(company_id)
            .bind(status)
            .bind(*n)
            .fetch_one($conn)
            .await?;
            sqlx::query(
                "INSERT INTO issue_status_daily (company_id, day, status, issues) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (company_id, day, status) DO UPDATE SET issues = excluded.issues",
            )
            .bind(company_id)
            .bind(today)
            .bind(status)
            .bind(issues)
            .execute($conn)
            .await?;
        }
        for ((dimension, value), n) in &delta.open {
            sqlx::query(
                "INSERT INTO issue_open_counts (company_id, dimension, value, issues) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (company_id, dimension, value) DO UPDATE SET issues = issue_open_counts.issues + excluded.issues",
            )
            .bind(company_id)
            .bind(*dimension)
            .bind(value)
            .bind(*n)
            .execute($conn)
            .await?;
        }
    }};
}
pub(crate) use apply_rollups;

/// Everything in a company's rollups, as stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rollups {
    pub flows: BTreeMap<FlowKey, FlowCounts>,
    /// Issues not archived, by status, now.
    pub statuses: BTreeMap<String, i64>,
    /// Open issues by type, priority, team and creation day, now.
    pub open: BTreeMap<OpenKey, i64>,
    /// The per-status counts as each day ended (today: as they are now).
    pub daily_statuses: BTreeMap<(NaiveDate, String), i64>,
}

type FlowRow = (NaiveDate, String, String, i64, i64, i64, i64, i64, i64);
type CountRow = (String, i64);
type OpenRow = (String, String, i64);
type DailyStatusRow = (NaiveDate, String, i64);
/// The columns of an issue its rollup share depends on.
type FactsRow = (DateTime<Utc>, Option<DateTime<Utc>>, String, String, Option<Uuid>, String, bool);

/// The dimension names as stored, to the static names the keys use.
fn dimension(stored: &str) -> &'static str {
    match stored {
        "type" => "type",
        "priority" => "priority",
        "team" => "team",
        "created" => "created",
        _ => "all",
    }
}

/// Flow rows as stored, to keys and counts (rows left at zero are as good as absent).
fn flows_of(rows: Vec<FlowRow>) -> BTreeMap<FlowKey, FlowCounts> {
    rows.into_iter()
        .map(|(day, stored, value, created, resolved, seconds, within_day, within_week, within_month)| {
            let counts = FlowCounts {
                created,
                resolved,
                resolution_seconds: seconds,
                resolved_within_day: within_day,
                resolved_within_week: within_week,
                resolved_within_month: within_month,
            };
            (FlowKey { day, dimension: dimension(&stored), value }, counts)
        })
        .filter(|(_, counts)| *counts != FlowCounts::default())
        .collect()
}

fn open_of(rows: Vec<OpenRow>) -> BTreeMap<OpenKey, i64> {
    rows.into_iter().filter(|(.., n)| *n != 0).map(|(d, v, n)| ((dimension(&d), v), n)).collect()
}

impl Store {
    /// The company's rollups as they stand (tests compare them with a recount; analytics read them).
    pub async fn rollups(&self, tenant: &Tenant) -> Result<Rollups> {
        type Rows = (Vec<FlowRow>, Vec<CountRow>, Vec<OpenRow>, Vec<DailyStatusRow>);
        let (flows, statuses, open, daily): Rows = with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            let flows = sqlx::query_as(
                "SELECT day, dimension, value, created, resolved, resolution_seconds, resolved_within_day, \
                 resolved_within_week, resolved_within_month FROM issue_daily_rollups WHERE company_id = $1",
            )
            .bind(tenant.company_id())
            .fetch_all(&mut *tx)
            .await?;
            let statuses = sqlx::query_as("SELECT status, issues FROM issue_status_counts WHERE company_id = $1")
                .bind(tenant.company_id())
                .fetch_all(&mut *tx)
                .await?;
            let open = sqlx::query_as("SELECT dimension, value, issues FROM issue_open_counts WHERE company_id = $1")
                .bind(tenant.company_id())
                .fetch_all(&mut *tx)
                .await?;
            let daily = sqlx::query_as("SELECT day, status, issues FROM issue_status_daily WHERE company_id = $1")
                .bind(tenant.company_id())
                .fetch_all(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>((flows, statuses, open, daily))
        })?;
        let mut rollups = Rollups { flows: flows_of(flows), open: open_of(open), ..Rollups::default() };
        rollups.statuses = statuses.into_iter().filter(|(_, n)| *n != 0).collect();
        rollups.daily_statuses = daily.into_iter().map(|(day, status, n)| ((day, status), n)).collect();
        Ok(rollups)
    }

    /// What the analytics read: flows in total and by team from `from` to `to`, all-time totals,
    /// open and per-status counts, API calls and active people per day, and the teams. Every
    /// query reads rollups by their keys.
    pub async fn analytics_inputs(&self, tenant: &Tenant, from: NaiveDate, to: NaiveDate) -> Result<Inputs> {
        type Rows = (
            Vec<FlowRow>,
            (Option<i64>, Option<i64>),
            Vec<OpenRow>,
            Vec<CountRow>,
            Vec<(NaiveDate, i64)>,
            Vec<(NaiveDate, i64)>,
            Vec<(Uuid, String)>,
        );
        let company_id = tenant.company_id();
        let (flows, totals, open, statuses, calls, active, teams): Rows = with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            let flows = sqlx::query_as(
                "SELECT day, dimension, value, created, resolved, resolution_seconds, resolved_within_day, \
                 resolved_within_week, resolved_within_month FROM issue_daily_rollups \
                 WHERE company_id = $1 AND dimension IN ('all', 'team') AND day >= $2 AND day <= $3",
            )
            .bind(company_id)
            .bind(from)
            .bind(to)
            .fetch_all(&mut *tx)
            .await?;
            let totals = sqlx::query_as(
                "SELECT CAST(SUM(created) AS BIGINT), CAST(SUM(resolved) AS BIGINT) FROM issue_daily_rollups \
                 WHERE company_id = $1 AND dimension = 'all'",
            )
            .bind(company_id)
            .fetch_one(&mut *tx)
            .await?;
            let open = sqlx::query_as("SELECT dimension, value, issues FROM issue_open_counts WHERE company_id = $1")
                .bind(company_id)
                .fetch_all(&mut *tx)
                .await?;
            let statuses = sqlx::query_as("SELECT status, issues FROM issue_status_counts WHERE company_id = $1")
                .bind(company_id)
                .fetch_all(&mut *tx)
                .await?;
            let calls = sqlx::query_as("SELECT day, calls FROM api_usage_daily WHERE company_id = $1 AND day >= $2 AND day <= $3")
                .bind(company_id)
                .bind(from)
                .bind(to)
                .fetch_all(&mut *tx)
                .await?;
            let active = sqlx::query_as(
                "SELECT day, COUNT(*) FROM user_activity_daily WHERE company_id = $1 AND day >= $2 AND day <= $3 GROUP BY day",
            )
            .bind(company_id)
            .bind(from)
            .bind(to)
            .fetch_all(&mut *tx)
            .await?;
            let teams = sqlx::query_as("SELECT id, name FROM teams WHERE company_id = $1 ORDER BY name_key")
                .bind(company_id)
                .fetch_all(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>((flows, totals, open, statuses, calls, active, teams))
        })?;
        let mut inputs = Inputs { teams, flows: flows_of(flows), open: open_of(open), ..Inputs::default() };
        inputs.all_time =
            FlowCounts { created: totals.0.unwrap_or(0), resolved: totals.1.unwrap_or(0), ..FlowCounts::default() };
        inputs.statuses = statuses.into_iter().filter(|(_, n)| *n != 0).collect();
        inputs.api_calls = calls.into_iter().collect();
        inputs.active_users = active.into_iter().collect();
        Ok(inputs)
    }

    /// Recomputes the company's rollups from its issues, in one transaction; answers how many
    /// issues it read. The per-status history of past days stays (the issues do not hold it).
    pub async fn rebuild_rollups(&self, tenant: &Tenant) -> Result<u64> {
        let company_id = tenant.company_id();
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            // The company's row first, as every issue write does, so writes wait for the rebuild.
            sqlx::query(&format!("SELECT id FROM companies WHERE id = $1{}", lock_clause(&*tx)))
                .bind(company_id)
                .execute(&mut *tx)
                .await?;
            let mut delta = Delta::default();
            let mut issues = 0_u64;
            {
                let mut rows = sqlx::query_as::<_, FactsRow>(
                    "SELECT created_at, resolved_at, issue_type, priority, team_id, status, archived \
                     FROM issues WHERE company_id = $1",
                )
                .bind(company_id)
                .fetch(&mut *tx);
                while let Some((created_at, resolved_at, issue_type, priority, team_id, status, archived)) =
                    rows.try_next().await?
                {
                    let facts = Facts {
                        created_at,
                        resolved_at,
                        issue_type: &issue_type,
                        priority: &priority,
                        team_id,
                        status: (!archived).then_some(status.as_str()),
                    };
                    delta.add(Delta::change(None, Some(&facts)));
                    issues += 1;
                }
            }
            for table in ["issue_daily_rollups", "issue_status_counts", "issue_open_counts"] {
                sqlx::query(&format!("DELETE FROM {table} WHERE company_id = $1")).bind(company_id).execute(&mut *tx).await?;
            }
            // Today's per-status row is rewritten from the counts; statuses no issue has drop to 0.
            sqlx::query("UPDATE issue_status_daily SET issues = 0 WHERE company_id = $1 AND day = $2")
                .bind(company_id)
                .bind(Utc::now().date_naive())
                .execute(&mut *tx)
                .await?;
            apply_rollups!(&mut *tx, company_id, &delta);
            sqlx::query("DELETE FROM rollups_stale WHERE company_id = $1").bind(company_id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, Error>(issues)
        })
    }

    /// Notes that a person used the product on `day` (once; later calls change nothing).
    pub async fn record_active_user(&self, tenant: &Tenant, user_id: Uuid, day: NaiveDate) -> Result<()> {
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            sqlx::query(
                "INSERT INTO user_activity_daily (company_id, day, user_id) VALUES ($1, $2, $3) \
                 ON CONFLICT (company_id, day, user_id) DO NOTHING",
            )
            .bind(tenant.company_id())
            .bind(day)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE companies SET last_active_on = $1 WHERE id = $2 AND (last_active_on IS NULL OR last_active_on < $1)")
                .bind(day)
                .bind(tenant.company_id())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, Error>(())
        })
    }

    /// Every company, oldest first (a rebuild of them all).
    pub async fn company_ids(&self) -> Result<Vec<Uuid>> {
        Ok(with_db!(self, pool => {
            sqlx::query_scalar("SELECT id FROM companies ORDER BY created_at, id").fetch_all(pool).await
        })?)
    }

    /// Companies whose rollups a migration marked for a rebuild.
    pub async fn stale_rollups(&self) -> Result<Vec<Uuid>> {
        with_db!(self, pool => {
            let mut tx = pool.begin().await?;
            tx.scope_platform().await?;
            let ids = sqlx::query_scalar("SELECT company_id FROM rollups_stale").fetch_all(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, Error>(ids)
        })
    }
}
