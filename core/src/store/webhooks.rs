//! The delivery log of webhooks and Slack posts: queued with issue writes, attempted by the worker.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::scope::{Scope, begin_tenant};
use super::tx::BeginWrite;
use super::{Store, with_db};
use crate::identity::Tenant;
use crate::settings::Event;
use crate::webhooks::{Attempt, Delivery, Due, Queued};
use crate::{Error, Result};

/// Queues `$queued` (`&[Queued]`) for `$company_id` on `$conn`, inside the caller's transaction.
macro_rules! queue_deliveries {
    ($conn:expr, $company_id:expr, $queued:expr) => {{
        let queued: &[$crate::webhooks::Queued] = $queued;
        let now = chrono::Utc::now();
        let mut outcome: Result<(), sqlx::Error> = Ok(());
        for delivery in queued {
            outcome = sqlx::query(
                "INSERT INTO webhook_deliveries (company_id, id, target, event, payload, next_attempt_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6)",
            )
            .bind($company_id)
            .bind(delivery.id)
            .bind(&delivery.target)
            .bind(&delivery.event)
            .bind(&delivery.payload)
            .bind(now)
            .execute(&mut *$conn)
            .await
            .map(|_| ());
            if outcome.is_err() {
                break;
            }
        }
        outcome
    }};
}
pub(crate) use queue_deliveries;

/// Reads the company's settings on `$conn` (inside a write, so events follow the settings in force).
macro_rules! settings_of {
    ($conn:expr, $company_id:expr) => {
        settings_of!(@read $conn, $company_id, "")
    };
    // Locks the company's row until the transaction ends, so writers of settings take turns.
    ($conn:expr, $company_id:expr, locked) => {
        settings_of!(@read $conn, $company_id, $crate::store::scope::lock_clause(&*$conn))
    };
    (@read $conn:expr, $company_id:expr, $lock:expr) => {{
        let json: String = sqlx::query_scalar(&format!("SELECT settings FROM companies WHERE id = $1{}", $lock))
            .bind($company_id)
            .fetch_one(&mut *$conn)
            .await?;
        serde_json::from_str::<$crate::settings::CompanySettings>(&json)
            .map_err(|e| $crate::Error::Internal(format!("stored settings: {e}")))?
    }};
}
pub(crate) use settings_of;

/// How long a claimed delivery is left to the instance that claimed it.
const CLAIM_LEASE_SECONDS: i64 = 60;

const DELIVERY_COLUMNS: &str =
    "id, target, event, attempts, status_code, latency_ms, error, created_at, delivered_at, next_attempt_at";

type DeliveryRow = (
    Uuid,
    String,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    Option<String>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

fn delivery(
    (id, target, event, attempts, status_code, latency_ms, error, created_at, delivered_at, next): DeliveryRow,
) -> Delivery {
    Delivery {
        id,
        target,
        event,
        attempts,
        status_code,
        latency_ms,
        error,
        created_at,
        delivered_at,
        next_attempt_at: next,
    }
}

impl Store {
    /// Claims deliveries whose next attempt is due, oldest first, across every company (the worker's
    /// read). A claim pushes the next attempt a lease away, so another instance leaves them alone;
    /// if this one stops mid-delivery, the delivery is tried again once the lease ends.
    pub async fn due_deliveries(&self, now: DateTime<Utc>, limit: i64) -> Result<Vec<Due>> {
        type Row = (Uuid, Uuid, String, String, String, i64, DateTime<Utc>);
        let lease = now + chrono::Duration::seconds(CLAIM_LEASE_SECONDS);
        let rows: Vec<Row> = with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            tx.scope_platform().await?;
            let candidates: Vec<Row> = sqlx::query_as(
                "SELECT company_id, id, target, event, payload, attempts, next_attempt_at FROM webhook_deliveries \
                 WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2",
            )
            .bind(now)
            .bind(limit)
            .fetch_all(&mut *tx)
            .await?;
            let mut claimed = Vec::with_capacity(candidates.len());
            for row in candidates {
                tx.scope_to(row.0).await?;
                let taken = sqlx::query(
                    "UPDATE webhook_deliveries SET next_attempt_at = $1 \
                     WHERE company_id = $2 AND id = $3 AND next_attempt_at = $4",
                )
                .bind(lease)
                .bind(row.0)
                .bind(row.1)
                .bind(row.6)
                .execute(&mut *tx)
                .await?;
                if taken.rows_affected() == 1 {
                    claimed.push(row);
                }
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(claimed)
        })?;
        Ok(rows
            .into_iter()
            .map(|(company_id, id, target, event, payload, attempts, _)| Due {
                company_id,
                id,
                target,
                event,
                payload,
                attempts,
            })
            .collect())
    }

    /// Records an attempt; `retry_at` schedules the next one, `None` ends the delivery.
    pub async fn record_attempt(
        &self,
        tenant: &Tenant,
        id: Uuid,
        attempt: &Attempt,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<()> {
        let delivered_at = attempt.succeeded().then(Utc::now);
        let retry_at = if attempt.succeeded() { None } else { retry_at };
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            sqlx::query(
                "UPDATE webhook_deliveries SET attempts = attempts + 1, status_code = $1, latency_ms = $2, error = $3, \
                 delivered_at = $4, next_attempt_at = $5 WHERE company_id = $6 AND id = $7",
            )
            .bind(attempt.status_code)
            .bind(attempt.latency_ms)
            .bind(&attempt.error)
            .bind(delivered_at)
            .bind(retry_at)
            .bind(tenant.company_id())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, Error>(())
        })
    }

    /// Logs a delivery that is attempted at once (a test), so the worker leaves it alone.
    pub async fn log_delivery(&self, tenant: &Tenant, queued: &Queued) -> Result<()> {
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            queue_deliveries!(&mut *tx, tenant.company_id(), std::slice::from_ref(queued))?;
            sqlx::query("UPDATE webhook_deliveries SET next_attempt_at = NULL WHERE company_id = $1 AND id = $2")
                .bind(tenant.company_id())
                .bind(queued.id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, Error>(())
        })
    }

    pub async fn delivery(&self, tenant: &Tenant, id: Uuid) -> Result<Delivery> {
        let row: DeliveryRow = with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            let row = sqlx::query_as(&format!("SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE company_id = $1 AND id = $2"))
                .bind(tenant.company_id())
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(row)
        })?;
        Ok(delivery(row))
    }

    /// The delivery log, newest first, `limit` at a time, older than `before` when given.
    pub async fn deliveries(&self, tenant: &Tenant, before: Option<Uuid>, limit: i64) -> Result<Vec<Delivery>> {
        let rows: Vec<DeliveryRow> = with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            let rows = sqlx::query_as(&format!(
                "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE company_id = $1 AND ($2 IS NULL OR id < $2) \
                 ORDER BY id DESC LIMIT $3"
            ))
            .bind(tenant.company_id())
            .bind(before)
            .bind(limit)
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(rows)
        })?;
        Ok(rows.into_iter().map(delivery).collect())
    }
}

impl Store {
    /// The active people an issue event concerns, whoever caused it left out: for a new issue its
    /// team and assignee, for a change its assignee, for a resolution its reporter and assignee.
    pub async fn notification_recipients(
        &self,
        tenant: &Tenant,
        event: Event,
        issue_id: Uuid,
        actor: Uuid,
    ) -> Result<Vec<(String, String)>> {
        let company_id = tenant.company_id();
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            let issue: Option<(Option<Uuid>, Option<Uuid>, Option<Uuid>)> =
                sqlx::query_as("SELECT team_id, assignee_id, created_by FROM issues WHERE company_id = $1 AND id = $2")
                    .bind(company_id)
                    .bind(issue_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((team, assignee, reporter)) = issue else { return Ok(Vec::new()) };
            let mut people: Vec<Uuid> = assignee.into_iter().collect();
            match (event, team) {
                (Event::IssueCreated, Some(team)) => {
                    let members: Vec<Uuid> =
                        sqlx::query_scalar("SELECT user_id FROM team_members WHERE company_id = $1 AND team_id = $2")
                            .bind(company_id)
                            .bind(team)
                            .fetch_all(&mut *tx)
                            .await?;
                    people.extend(members);
                }
                (Event::IssueResolved, _) => people.extend(reporter),
                _ => {}
            }
            people.retain(|person| *person != actor);
            people.sort();
            people.dedup();
            let mut recipients = Vec::with_capacity(people.len());
            for person in people {
                let found: Option<(String, String)> = sqlx::query_as(
                    "SELECT email, name FROM users WHERE company_id = $1 AND id = $2 AND status = 'active'",
                )
                .bind(company_id)
                .bind(person)
                .fetch_optional(&mut *tx)
                .await?;
                recipients.extend(found);
            }
            tx.commit().await?;
            Ok::<_, Error>(recipients)
        })
    }

    /// Queues mail in the outbox, all or none; answers the ids for delivery.
    pub async fn queue_mails(&self, mails: &[crate::mail::Mail]) -> Result<Vec<Uuid>> {
        with_db!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut ids = Vec::with_capacity(mails.len());
            for mail in mails {
                ids.push(super::outbox::queue_mail!(&mut *tx, mail)?);
            }
            tx.commit().await?;
            Ok::<_, Error>(ids)
        })
    }
}
