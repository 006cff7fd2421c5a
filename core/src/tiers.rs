//! Subscription tiers are data: seeded by migration, read from the `tiers` table.

use serde::Serialize;

/// One tier's price, limits (`None` = unlimited) and feature flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tier {
    pub id: String,
    pub name: String,
    pub rank: i64,
    pub price_monthly_usd: i64,
    pub max_users: Option<i64>,
    pub max_issues: Option<i64>,
    pub max_api_calls_daily: Option<i64>,
    pub max_custom_fields: Option<i64>,
    pub history_days: Option<i64>,
    pub custom_workflows: bool,
    pub team_analytics: bool,
    pub advanced_analytics: bool,
    pub integrations: Vec<String>,
    pub sla_tracking: bool,
    pub sso: bool,
    pub white_label: bool,
}
