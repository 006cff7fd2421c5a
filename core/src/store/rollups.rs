//! The rollup tables analytics read: moved by every issue write, in that write's transaction.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::scope::begin_tenant;
use super::{Store, with_db};
use crate::Result;
use crate::identity::Tenant;
use crate::issues::rollup::{FlowCounts, FlowKey};

/// Adds `$flows` (rollup deltas) and `$statuses` (per-status deltas) on `$conn`, and records
/// today's per-status counts as they now stand.
macro_rules! apply_rollups {
    ($conn:expr, $company_id:expr, $flows:expr, $statuses:expr) => {{
        let company_id: uuid::Uuid = $company_id;
        let flows: &std::collections::BTreeMap<$crate::issues::rollup::FlowKey, $crate::issues::rollup::FlowCounts> =
            $flows;
        for (key, counts) in flows {
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
        let statuses: &std::collections::BTreeMap<String, i64> = $statuses;
        let today = chrono::Utc::now().date_naive();
        for (status, delta) in statuses {
            let issues: i64 = sqlx::query_scalar(
                "INSERT INTO issue_status_counts (company_id, status, issues) VALUES ($1, $2, $3) \
                 ON CONFLICT (company_id, status) DO UPDATE SET issues = issue_status_counts.issues + excluded.issues \
                 RETURNING issues",
            )
            .bind(company_id)
            .bind(status)
            .bind(*delta)
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
    }};
}
pub(crate) use apply_rollups;

/// Everything in a company's rollups, as stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rollups {
    pub flows: BTreeMap<FlowKey, FlowCounts>,
    /// Issues not archived, by status, now.
    pub statuses: BTreeMap<String, i64>,
    /// The same counts as each day ended (today: as they are now).
    pub daily_statuses: BTreeMap<(NaiveDate, String), i64>,
}

type FlowRow = (NaiveDate, String, String, i64, i64, i64, i64, i64, i64);
type StatusRow = (String, i64);
type DailyStatusRow = (NaiveDate, String, i64);

impl Store {
    /// The company's rollups as they stand (tests compare them with a recount; analytics read them).
    pub async fn rollups(&self, tenant: &Tenant) -> Result<Rollups> {
        let (flows, statuses, daily): (Vec<FlowRow>, Vec<StatusRow>, Vec<DailyStatusRow>) = with_db!(self, pool => {
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
            let daily = sqlx::query_as("SELECT day, status, issues FROM issue_status_daily WHERE company_id = $1")
                .bind(tenant.company_id())
                .fetch_all(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>((flows, statuses, daily))
        })?;
        let mut rollups = Rollups::default();
        for (day, dimension, value, created, resolved, seconds, within_day, within_week, within_month) in flows {
            let dimension = match dimension.as_str() {
                "type" => "type",
                "priority" => "priority",
                _ => "all",
            };
            let counts = FlowCounts {
                created,
                resolved,
                resolution_seconds: seconds,
                resolved_within_day: within_day,
                resolved_within_week: within_week,
                resolved_within_month: within_month,
            };
            if counts != FlowCounts::default() {
                rollups.flows.insert(FlowKey { day, dimension, value }, counts);
            }
        }
        rollups.statuses = statuses.into_iter().filter(|(_, n)| *n != 0).collect();
        rollups.daily_statuses = daily.into_iter().map(|(day, status, n)| ((day, status), n)).collect();
        Ok(rollups)
    }
}
