//! What limits are checked against: the tier, the company's overrides and its exact counts.

use super::audit::record_audit;
use super::platform::{CensusChange, census};
use super::scope::begin_tenant;
use super::{Store, with_db};
use crate::audit::AuditEvent;
use crate::company::CompanyStatus;
use crate::entitlements::{Entitlements, Overrides, OverridesChange, Usage};
use crate::identity::Tenant;
use crate::plan_change::{self, DryRun, Standing, TierChanged};
use crate::{Error, Result};

/// People who count against the user limit: the stored count of everyone not deactivated, less the
/// invited (never the owner) whose every invitation link has expired.
pub(super) const EXPIRED_INVITATIONS: &str = "SELECT COUNT(*) FROM users u WHERE u.company_id = $1 \
     AND u.status = 'invited' AND u.role <> 'owner' AND NOT EXISTS (SELECT 1 FROM password_links l \
     WHERE l.user_id = u.id AND l.purpose = 'invitation' AND l.used_at IS NULL AND l.expires_at > $2)";

/// Reads, on `$tx` (locking the company's row when `$lock` is a lock clause), what the company's
/// limits are checked against: `(current Tier, Overrides, Usage, CompanySettings)`.
macro_rules! company_standing {
    ($tx:ident, $company_id:expr, $lock:expr) => {{
        let company_id: uuid::Uuid = $company_id;
        let (tier_id, overrides, user_count, issue_count, settings): (String, String, i64, i64, String) =
            sqlx::query_as(&format!(
                "SELECT tier_id, limit_overrides, user_count, issue_count, settings FROM companies WHERE id = $1{}",
                $lock
            ))
            .bind(company_id)
            .fetch_one(&mut *$tx)
            .await?;
        let tier = $crate::store::tiers::tier_by_id!(&mut *$tx, &tier_id)?;
        let expired: i64 = sqlx::query_scalar($crate::store::entitlements::EXPIRED_INVITATIONS)
            .bind(company_id)
            .bind(chrono::Utc::now())
            .fetch_one(&mut *$tx)
            .await?;
        let overrides: $crate::entitlements::Overrides = serde_json::from_str(&overrides).unwrap_or_default();
        let settings: $crate::settings::CompanySettings = serde_json::from_str(&settings)
            .map_err(|e| $crate::Error::Internal(format!("company {company_id} has unreadable settings: {e}")))?;
        (tier, overrides, $crate::entitlements::Usage { users: user_count - expired, issues: issue_count }, settings)
    }};
}
pub(crate) use company_standing;

/// The company's `(Entitlements, Usage)`, read on `$tx` like `company_standing!`. Limit checks run
/// on this inside their write.
macro_rules! usage_of {
    ($tx:ident, $company_id:expr, $lock:expr) => {{
        let (tier, overrides, usage, _) = $crate::store::entitlements::company_standing!($tx, $company_id, $lock);
        ($crate::entitlements::of(&tier, &overrides), usage)
    }};
}
pub(crate) use usage_of;

/// Stores the user and issue limits in force (the directory and the overview read them), on `$tx`.
macro_rules! keep_limits {
    ($tx:ident, $company_id:expr, $entitlements:expr) => {{
        let entitlements: &Entitlements = $entitlements;
        sqlx::query("UPDATE companies SET user_limit = $1, issue_limit = $2 WHERE id = $3")
            .bind(entitlements.users)
            .bind(entitlements.issues)
            .bind($company_id)
            .execute(&mut *$tx)
            .await
    }};
}

impl Store {
    /// The company's entitlements and what it uses of them now.
    pub async fn entitlements(&self, tenant: &Tenant) -> Result<(Entitlements, Usage)> {
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            let answer = usage_of!(tx, tenant.company_id(), "");
            tx.commit().await?;
            Ok::<_, Error>(answer)
        })
    }

    pub async fn change_overrides(
        &self,
        tenant: &Tenant,
        change: &OverridesChange,
        event: &AuditEvent,
    ) -> Result<Entitlements> {
        let company_id = tenant.company_id();
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            let stored: String = sqlx::query_scalar(&format!(
                "SELECT limit_overrides FROM companies WHERE id = $1{}",
                super::scope::lock_clause(&*tx)
            ))
            .bind(company_id)
            .fetch_one(&mut *tx)
            .await?;
            let before: Overrides = serde_json::from_str(&stored).unwrap_or_default();
            let pick = |change: Option<Option<i64>>, current: Option<i64>| change.unwrap_or(current);
            let after = Overrides {
                users: pick(change.users, before.users),
                issues: pick(change.issues, before.issues),
                api_calls_daily: pick(change.api_calls_daily, before.api_calls_daily),
                custom_fields: pick(change.custom_fields, before.custom_fields),
                history_days: pick(change.history_days, before.history_days),
            };
            let json = serde_json::to_string(&after).map_err(|e| Error::Internal(format!("overrides: {e}")))?;
            sqlx::query("UPDATE companies SET limit_overrides = $1, updated_at = $2 WHERE id = $3")
                .bind(&json)
                .bind(chrono::Utc::now())
                .bind(company_id)
                .execute(&mut *tx)
                .await?;
            let mut event = event.clone();
            event.details = serde_json::json!({ "before": before, "after": after });
            record_audit!(&mut *tx, &event)?;
            let (entitlements, _) = usage_of!(tx, company_id, "");
            keep_limits!(tx, company_id, &entitlements)?;
            tx.commit().await?;
            Ok::<_, Error>(entitlements)
        })
    }
}

impl Store {
    /// What moving to `target` would change and what stands in the way; changes nothing.
    pub async fn plan_change_dry_run(&self, tenant: &Tenant, target: &crate::tiers::Tier) -> Result<DryRun> {
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            let (current, overrides, usage, settings) = company_standing!(tx, tenant.company_id(), "");
            tx.commit().await?;
            Ok::<_, Error>(plan_change::assess(&Standing { current, target: target.clone(), overrides, usage, settings }))
        })
    }

    /// Moves the company to `target` when its usage fits, recording the change; nothing is deleted.
    pub async fn change_tier(
        &self,
        tenant: &Tenant,
        target: &crate::tiers::Tier,
        actor: uuid::Uuid,
        event: &AuditEvent,
    ) -> Result<TierChanged> {
        let company_id = tenant.company_id();
        let now = chrono::Utc::now();
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            let (current, overrides, usage, settings) =
                company_standing!(tx, company_id, super::scope::lock_clause(&*tx));
            if current.id == target.id {
                return Err(Error::invalid("new_tier", format!("The company is on {} already.", target.name)));
            }
            let standing = Standing { current, target: target.clone(), overrides, usage, settings };
            let assessment = plan_change::assess(&standing);
            if !assessment.allowed {
                return Err(Error::DowngradeBlocked {
                    message: format!(
                        "The company uses more than {} allows; change what the violations say first.",
                        target.name
                    ),
                    violations: assessment.violations,
                });
            }
            sqlx::query("UPDATE companies SET tier_id = $1, updated_at = $2 WHERE id = $3")
                .bind(&target.id)
                .bind(now)
                .bind(company_id)
                .execute(&mut *tx)
                .await?;
            keep_limits!(tx, company_id, &crate::entitlements::of(target, &standing.overrides))?;
            let status: String = sqlx::query_scalar("SELECT status FROM companies WHERE id = $1")
                .bind(company_id)
                .fetch_one(&mut *tx)
                .await?;
            let status = CompanyStatus::from_db(&status);
            census!(&mut *tx, now.date_naive(), &standing.current.id, CensusChange::presence(status, -1))?;
            census!(&mut *tx, now.date_naive(), &target.id, CensusChange::presence(status, 1))?;
            sqlx::query(
                "INSERT INTO tier_history (company_id, id, from_tier, to_tier, changed_by, changed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(company_id)
            .bind(uuid::Uuid::now_v7())
            .bind(&standing.current.id)
            .bind(&target.id)
            .bind(actor)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let mut event = event.clone();
            event.details = serde_json::json!({ "from": standing.current.name, "to": target.name });
            record_audit!(&mut *tx, &event)?;
            tx.commit().await?;
            Ok::<_, Error>(TierChanged {
                previous_tier: standing.current.name.clone(),
                new_tier: target.name.clone(),
                new_features: plan_change::gained(&standing.current, target),
                effective_date: now,
            })
        })
    }

    /// The company's latest plan change: `(from, to, when)` by tier name.
    pub async fn latest_tier_change(
        &self,
        tenant: &Tenant,
    ) -> Result<Option<(String, String, chrono::DateTime<chrono::Utc>)>> {
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            let row = sqlx::query_as(
                "SELECT f.name, t.name, h.changed_at FROM tier_history h JOIN tiers f ON f.id = h.from_tier \
                 JOIN tiers t ON t.id = h.to_tier WHERE h.company_id = $1 ORDER BY h.id DESC LIMIT 1",
            )
            .bind(tenant.company_id())
            .fetch_optional(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, Error>(row)
        })
    }
}
