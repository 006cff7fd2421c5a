//! The daily API call counts the meter flushes to and learns from.

use chrono::NaiveDate;

use super::platform::count_platform_calls;
use super::scope::begin_tenant;
use super::{Store, with_db};
use crate::identity::Tenant;
use crate::{Error, Result};

/// The company's daily API limit now (tier and overrides), read on `$tx`.
macro_rules! daily_limit {
    ($tx:ident, $company_id:expr) => {{
        let (tier_id, overrides): (String, String) =
            sqlx::query_as("SELECT tier_id, limit_overrides FROM companies WHERE id = $1")
                .bind($company_id)
                .fetch_one(&mut *$tx)
                .await?;
        let tier = super::tiers::tier_by_id!(&mut *$tx, &tier_id)?;
        let overrides: crate::entitlements::Overrides = serde_json::from_str(&overrides).unwrap_or_default();
        crate::entitlements::of(&tier, &overrides).api_calls_daily
    }};
}

impl Store {
    /// The company's daily API limit and the calls counted for `day` so far.
    pub async fn api_quota_state(&self, tenant: &Tenant, day: NaiveDate) -> Result<(Option<i64>, i64)> {
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            let limit = daily_limit!(tx, tenant.company_id());
            let calls: Option<i64> = sqlx::query_scalar("SELECT calls FROM api_usage_daily WHERE company_id = $1 AND day = $2")
                .bind(tenant.company_id())
                .bind(day)
                .fetch_optional(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, Error>((limit, calls.unwrap_or(0)))
        })
    }

    /// Adds `calls` to the company's count for `day` (none: only reads it); answers the limit and the total.
    pub async fn add_api_calls(&self, tenant: &Tenant, day: NaiveDate, calls: i64) -> Result<(Option<i64>, i64)> {
        if calls == 0 {
            return self.api_quota_state(tenant, day).await;
        }
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            let total: i64 = sqlx::query_scalar(
                "INSERT INTO api_usage_daily (company_id, day, calls) VALUES ($1, $2, $3) \
                 ON CONFLICT (company_id, day) DO UPDATE SET calls = api_usage_daily.calls + excluded.calls \
                 RETURNING calls",
            )
            .bind(tenant.company_id())
            .bind(day)
            .bind(calls)
            .fetch_one(&mut *tx)
            .await?;
            count_platform_calls!(&mut *tx, day, calls)?;
            let limit = daily_limit!(tx, tenant.company_id());
            tx.commit().await?;
            Ok::<_, Error>((limit, total))
        })
    }
}
