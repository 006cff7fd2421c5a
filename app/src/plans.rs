//! The subscription plans as a visitor sees them, read from the tiers table.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// One plan card: price, limits (`None` = unlimited) and what it includes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub name: String,
    pub price_monthly_usd: i64,
    pub max_users: Option<i64>,
    pub max_issues: Option<i64>,
    pub max_api_calls_daily: Option<i64>,
    pub history_days: Option<i64>,
    pub features: Vec<String>,
}

#[server]
pub async fn list_plans() -> Result<Vec<Plan>, AppError> {
    let ctx = crate::server_context()?;
    let tiers = ctx.store.tiers().await?;
    Ok(tiers.into_iter().map(plan_of).collect())
}

#[cfg(feature = "ssr")]
pub use server::plan_of;

#[cfg(feature = "ssr")]
mod server {
    use tenantry_core::tiers::Tier;

    use super::Plan;

    pub fn plan_of(tier: Tier) -> Plan {
        let flags = [
            (tier.custom_workflows, "Custom workflows"),
            (tier.team_analytics, "Team analytics"),
            (tier.advanced_analytics, "Advanced analytics"),
            (tier.sla_tracking, "SLA tracking"),
            (tier.sso, "Single sign-on"),
            (tier.white_label, "White-label branding"),
        ];
        let integrations: Vec<String> = tier.integrations.iter().map(|kind| capitalised(kind)).collect();
        let mut features = vec![format!("Integrations: {}", integrations.join(", "))];
        features.extend(flags.iter().filter(|(on, _)| *on).map(|(_, label)| label.to_string()));
        Plan {
            name: tier.name,
            price_monthly_usd: tier.price_monthly_usd,
            max_users: tier.max_users,
            max_issues: tier.max_issues,
            max_api_calls_daily: tier.max_api_calls_daily,
            history_days: tier.history_days,
            features,
        }
    }

    fn capitalised(word: &str) -> String {
        let mut chars = word.chars();
        chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
    }
}
