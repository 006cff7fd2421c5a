//! Suspension and reactivation: the company's row, its status history, the platform rollups, the
//! audit trail and the owner's mail, in one transaction each.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::audit::record_audit;
use super::outbox::queue_mail;
use super::platform::{CensusChange, census};
use super::scope::{begin_tenant, lock_clause};
use super::{Store, with_db};
use crate::audit::AuditEvent;
use crate::company::CompanyStatus;
use crate::identity::Tenant;
use crate::suspension::{self, Suspension};
use crate::{Error, Result};

/// The company's tier, status, name, suspension start and owner's address, its row locked on `$tx`.
macro_rules! lock_company {
    ($tx:ident, $company_id:expr) => {{
        let found: (String, String, String, Option<DateTime<Utc>>, Option<String>) = sqlx::query_as(&format!(
            "SELECT c.tier_id, c.status, c.name, c.suspended_at, \
             (SELECT u.email FROM users u WHERE u.company_id = c.id AND u.role = 'owner') \
             FROM companies c WHERE c.id = $1{}",
            lock_clause(&*$tx)
        ))
        .bind($company_id)
        .fetch_optional(&mut *$tx)
        .await?
        .ok_or(Error::NotFound)?;
        found
    }};
}

/// Notes a status change in the company's history, on `$tx`.
macro_rules! record_status {
    ($tx:ident, $company_id:expr, $status:expr, $code:expr, $reason:expr, $actor:expr, $at:expr) => {
        sqlx::query(
            "INSERT INTO company_status_history (company_id, id, status, reason_code, reason, changed_by, changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind($company_id)
        .bind(Uuid::now_v7())
        .bind($status)
        .bind($code)
        .bind($reason)
        .bind($actor)
        .bind($at)
        .execute(&mut *$tx)
        .await
    };
}

impl Store {
    /// Suspends the company, or changes the terms of its suspension (keeping when it began).
    /// Answers the suspension in force and the owner's mail.
    pub async fn suspend_company(
        &self,
        tenant: &Tenant,
        wanted: &Suspension,
        actor: Uuid,
        event: &AuditEvent,
    ) -> Result<(Suspension, Uuid)> {
        let company_id = tenant.company_id();
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            let (tier, status, name, since, owner) = lock_company!(tx, company_id);
            let was_active = CompanyStatus::from_db(&status) == CompanyStatus::Active;
            let suspension = Suspension {
                suspended_at: if was_active { wanted.suspended_at } else { since.unwrap_or(wanted.suspended_at) },
                ..wanted.clone()
            };
            sqlx::query(
                "UPDATE companies SET status = 'suspended', suspension_code = $1, suspension_reason = $2, \
                 suspended_at = $3, reactivate_at = $4, updated_at = $5 WHERE id = $6",
            )
            .bind(suspension.reason_code.as_str())
            .bind(&suspension.reason)
            .bind(suspension.suspended_at)
            .bind(suspension.reactivate_at)
            .bind(wanted.suspended_at)
            .bind(company_id)
            .execute(&mut *tx)
            .await?;
            if was_active {
                census!(&mut *tx, wanted.suspended_at.date_naive(), &tier, CensusChange::status_change(CompanyStatus::Suspended))?;
            }
            record_status!(tx, company_id, "suspended", suspension.reason_code.as_str(), &suspension.reason, actor, wanted.suspended_at)?;
            record_audit!(&mut *tx, event)?;
            let mail = suspension::suspended_mail(company_id, &name, owner.as_deref().unwrap_or_default(), &suspension);
            let mail_id = queue_mail!(&mut *tx, &mail)?;
            tx.commit().await?;
            Ok::<_, Error>((suspension, mail_id))
        })
    }

    /// Makes a suspended company active again and answers the owner's mail; `None` (and no change)
    /// when it was not suspended.
    pub async fn reactivate_company(
        &self,
        tenant: &Tenant,
        actor: Option<Uuid>,
        event: &AuditEvent,
    ) -> Result<Option<Uuid>> {
        let company_id = tenant.company_id();
        let now = Utc::now();
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            let (tier, status, name, _, owner) = lock_company!(tx, company_id);
            if CompanyStatus::from_db(&status) == CompanyStatus::Active {
                return Ok(None);
            }
            sqlx::query(
                "UPDATE companies SET status = 'active', suspension_code = NULL, suspension_reason = NULL, \
                 suspended_at = NULL, reactivate_at = NULL, updated_at = $1 WHERE id = $2",
            )
            .bind(now)
            .bind(company_id)
            .execute(&mut *tx)
            .await?;
            census!(&mut *tx, now.date_naive(), &tier, CensusChange::status_change(CompanyStatus::Active))?;
            record_status!(tx, company_id, "active", None::<&str>, None::<&str>, actor, now)?;
            record_audit!(&mut *tx, event)?;
            let mail = suspension::reactivated_mail(company_id, &name, owner.as_deref().unwrap_or_default());
            let mail_id = queue_mail!(&mut *tx, &mail)?;
            tx.commit().await?;
            Ok::<_, Error>(Some(mail_id))
        })
    }

    /// Suspended companies whose reactivation date is before `now`.
    pub async fn due_reactivations(&self, now: DateTime<Utc>) -> Result<Vec<Uuid>> {
        Ok(with_db!(self, pool => {
            sqlx::query_scalar("SELECT id FROM companies WHERE reactivate_at IS NOT NULL AND reactivate_at <= $1")
                .bind(now)
                .fetch_all(pool)
                .await
        })?)
    }
}
