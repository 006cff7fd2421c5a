use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::audit::record_audit;
use super::tx::BeginWrite;
use super::{Store, with_db};
use crate::audit::AuditEvent;
use crate::company::CompanyStatus;
use crate::identity::{Account, AccountStatus, Role};
use crate::{Error, Result};

#[derive(sqlx::FromRow)]
pub(super) struct AccountRow {
    id: Uuid,
    company_id: Option<Uuid>,
    company_slug: Option<String>,
    company_status: Option<String>,
    suspension_reason: Option<String>,
    email: String,
    name: String,
    role: String,
    status: String,
    password_hash: Option<String>,
    session_epoch: i64,
}

impl TryFrom<AccountRow> for Account {
    type Error = Error;

    fn try_from(row: AccountRow) -> Result<Self> {
        Ok(Account {
            id: row.id,
            company_id: row.company_id,
            company_slug: row.company_slug,
            company_status: row.company_status.as_deref().map(CompanyStatus::from_db),
            suspension_reason: row.suspension_reason,
            email: row.email,
            name: row.name,
            role: Role::from_db(&row.role)?,
            status: AccountStatus::from_db(&row.status),
            password_hash: row.password_hash,
            session_epoch: row.session_epoch,
        })
    }
}

/// An account's columns, from `users u` joined with `companies c`.
pub(super) const ACCOUNT_COLUMNS: &str = "u.id, u.company_id, c.slug AS company_slug, c.status AS company_status, \
     c.suspension_reason, u.email, u.name, u.role, u.status, u.password_hash, u.session_epoch";

/// Where accounts come from: a person and, when they have one, their company.
pub(super) const ACCOUNT_SOURCE: &str = "FROM users u LEFT JOIN companies c ON c.id = u.company_id";

/// Failed logins of one account within the throttling window.
pub struct RecentFailures {
    pub count: i64,
    pub oldest: Option<DateTime<Utc>>,
}

impl Store {
    /// The account behind an email, for logging in (before any tenant is known).
    pub async fn account_by_email(&self, email_key: &str) -> Result<Option<Account>> {
        let row: Option<AccountRow> = with_db!(self, pool => {
            sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} {ACCOUNT_SOURCE} WHERE u.email_key = $1"))
                .bind(email_key)
                .fetch_optional(pool)
                .await
        })?;
        row.map(Account::try_from).transpose()
    }

    /// The account a session or token points at.
    pub async fn account_by_id(&self, id: Uuid) -> Result<Option<Account>> {
        let row: Option<AccountRow> = with_db!(self, pool => {
            sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} {ACCOUNT_SOURCE} WHERE u.id = $1")).bind(id).fetch_optional(pool).await
        })?;
        row.map(Account::try_from).transpose()
    }

    pub async fn login_failures_since(&self, email_key: &str, since: DateTime<Utc>) -> Result<RecentFailures> {
        let (count, oldest): (i64, Option<DateTime<Utc>>) = with_db!(self, pool => {
            sqlx::query_as("SELECT COUNT(*), MIN(failed_at) FROM login_failures WHERE email_key = $1 AND failed_at >= $2")
                .bind(email_key)
                .bind(since)
                .fetch_one(pool)
                .await
        })?;
        Ok(RecentFailures { count, oldest })
    }

    /// Counts a failed login and records it in the audit trail, dropping failures too old to matter.
    pub async fn record_login_failure(&self, email_key: &str, at: DateTime<Utc>, event: &AuditEvent) -> Result<()> {
        let expired = at - chrono::Duration::days(1);
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM login_failures WHERE email_key = $1 AND failed_at < $2")
                .bind(email_key)
                .bind(expired)
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO login_failures (email_key, failed_at) VALUES ($1, $2)")
                .bind(email_key)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            record_audit!(&mut *tx, event)?;
            tx.commit().await
        })?;
        Ok(())
    }

    /// A successful login clears the account's failures and is recorded.
    pub async fn record_login_success(&self, email_key: &str, event: &AuditEvent) -> Result<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM login_failures WHERE email_key = $1")
                .bind(email_key)
                .execute(&mut *tx)
                .await?;
            record_audit!(&mut *tx, event)?;
            tx.commit().await
        })?;
        Ok(())
    }

    /// Sets a new password hash; the account's sessions end.
    pub async fn set_password(&self, user_id: Uuid, password_hash: &str, event: &AuditEvent) -> Result<()> {
        self.bump_epoch(user_id, Some(password_hash), event).await
    }

    /// Ends every session of the account at its next request.
    pub async fn end_sessions(&self, user_id: Uuid, event: &AuditEvent) -> Result<()> {
        self.bump_epoch(user_id, None, event).await
    }

    async fn bump_epoch(&self, user_id: Uuid, password_hash: Option<&str>, event: &AuditEvent) -> Result<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "UPDATE users SET password_hash = COALESCE($1, password_hash), session_epoch = session_epoch + 1, \
                 updated_at = $2 WHERE id = $3",
            )
            .bind(password_hash)
            .bind(Utc::now())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            record_audit!(&mut *tx, event)?;
            tx.commit().await
        })?;
        Ok(())
    }

    /// Records an event that changes nothing else (a logout, say).
    pub async fn record_event(&self, event: &AuditEvent) -> Result<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            record_audit!(&mut *tx, event)?;
            tx.commit().await
        })?;
        Ok(())
    }
}
