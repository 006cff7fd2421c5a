//! What limits are checked against: the tier, the company's overrides and its exact counts.

use super::audit::record_audit;
use super::scope::begin_tenant;
use super::{Store, with_db};
use crate::audit::AuditEvent;
use crate::entitlements::{Entitlements, Overrides, OverridesChange, Usage};
use crate::identity::Tenant;
use crate::{Error, Result};

/// People who count against the user limit: the stored count of everyone not deactivated, less the
/// invited (never the owner) whose every invitation link has expired.
pub(super) const EXPIRED_INVITATIONS: &str = "SELECT COUNT(*) FROM users u WHERE u.company_id = $1 \
     AND u.status = 'invited' AND u.role <> 'owner' AND NOT EXISTS (SELECT 1 FROM password_links l \
     WHERE l.user_id = u.id AND l.purpose = 'invitation' AND l.used_at IS NULL AND l.expires_at > $2)";

/// Reads, on `$tx` (locking the company's row when `$lock` is a lock clause), the company's
/// entitlements and usage: `(Entitlements, Usage)`. Limit checks run on this inside their write.
macro_rules! usage_of {
    ($tx:ident, $company_id:expr, $lock:expr) => {{
        let company_id: uuid::Uuid = $company_id;
        let (tier_id, overrides, user_count, issue_count): (String, String, i64, i64) = sqlx::query_as(&format!(
            "SELECT tier_id, limit_overrides, user_count, issue_count FROM companies WHERE id = $1{}",
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
        (
            $crate::entitlements::of(&tier, &overrides),
            $crate::entitlements::Usage { users: user_count - expired, issues: issue_count },
        )
    }};
}
pub(crate) use usage_of;

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
            tx.commit().await?;
            Ok::<_, Error>(entitlements)
        })
    }
}
