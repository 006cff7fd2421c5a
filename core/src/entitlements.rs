//! What a company may do and how much: its tier plus per-company overrides, computed by `of`, the
//! one function every limit and feature check asks. No tier name is compared anywhere else.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit::{AuditEvent, RequestMeta};
use crate::identity::{Action, Caller};
use crate::metering::Meter;
use crate::tiers::Tier;
use crate::validation::Fields;
use crate::{Error, Result, Store};

/// Company-specific limits the platform operator set; `None` keeps the tier's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overrides {
    pub users: Option<i64>,
    pub issues: Option<i64>,
    pub api_calls_daily: Option<i64>,
    pub custom_fields: Option<i64>,
    pub history_days: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Users,
    Issues,
    ApiCallsDaily,
    CustomFields,
    HistoryDays,
}

impl Limit {
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::Users => "users",
            Limit::Issues => "issues",
            Limit::ApiCallsDaily => "api_calls_daily",
            Limit::CustomFields => "custom_fields",
            Limit::HistoryDays => "history_days",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Limit::Users => "users",
            Limit::Issues => "issues (archived ones do not count)",
            Limit::ApiCallsDaily => "API calls a day",
            Limit::CustomFields => "custom fields",
            Limit::HistoryDays => "days of reporting history",
        }
    }
}

/// A feature some tiers lack; settings that use one are refused (and block moves) without it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Feature {
    CustomWorkflows,
    Slack,
    Webhooks,
    WhiteLabel,
}

impl Feature {
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::CustomWorkflows => "custom_workflows",
            Feature::Slack => "slack",
            Feature::Webhooks => "webhooks",
            Feature::WhiteLabel => "white_label",
        }
    }

    /// The start of a sentence about it: "Custom statuses are".
    fn subject(self) -> &'static str {
        match self {
            Feature::CustomWorkflows => "Custom statuses are",
            Feature::Slack => "The Slack integration is",
            Feature::Webhooks => "Outbound webhooks are",
            Feature::WhiteLabel => "White-label branding is",
        }
    }

    /// The names of the tiers that include it, cheapest first.
    pub fn available_in(self, tiers: &[Tier]) -> Vec<String> {
        let mut having: Vec<&Tier> = tiers.iter().filter(|tier| of(tier, &Overrides::default()).has(self)).collect();
        having.sort_by_key(|tier| tier.rank);
        having.into_iter().map(|tier| tier.name.clone()).collect()
    }
}

/// Limits (`None` = unlimited) and features in force for one company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entitlements {
    pub tier: String,
    pub users: Option<i64>,
    pub issues: Option<i64>,
    pub api_calls_daily: Option<i64>,
    pub custom_fields: Option<i64>,
    pub history_days: Option<i64>,
    pub custom_workflows: bool,
    pub team_analytics: bool,
    pub advanced_analytics: bool,
    pub integrations: Vec<String>,
    pub sla_tracking: bool,
    pub sso: bool,
    pub white_label: bool,
    pub overrides: Overrides,
}

/// The one function: a tier, with the company's overrides on top.
pub fn of(tier: &Tier, overrides: &Overrides) -> Entitlements {
    Entitlements {
        tier: tier.name.clone(),
        users: overrides.users.or(tier.max_users),
        issues: overrides.issues.or(tier.max_issues),
        api_calls_daily: overrides.api_calls_daily.or(tier.max_api_calls_daily),
        custom_fields: overrides.custom_fields.or(tier.max_custom_fields),
        history_days: overrides.history_days.or(tier.history_days),
        custom_workflows: tier.custom_workflows,
        team_analytics: tier.team_analytics,
        advanced_analytics: tier.advanced_analytics,
        integrations: tier.integrations.clone(),
        sla_tracking: tier.sla_tracking,
        sso: tier.sso,
        white_label: tier.white_label,
        overrides: overrides.clone(),
    }
}

impl Entitlements {
    pub fn has(&self, feature: Feature) -> bool {
        match feature {
            Feature::CustomWorkflows => self.custom_workflows,
            Feature::Slack => self.integrations.iter().any(|name| name == "slack"),
            Feature::Webhooks => self.integrations.iter().any(|name| name == "webhooks"),
            Feature::WhiteLabel => self.white_label,
        }
    }

    /// Refuses with `feature_not_in_tier` when the company's tier lacks `feature`.
    pub fn require(&self, feature: Feature, tiers: &[Tier]) -> Result<()> {
        if self.has(feature) {
            return Ok(());
        }
        let available_in = feature.available_in(tiers);
        Err(Error::FeatureNotInTier {
            message: format!(
                "{} not part of the {} plan; upgrade to {}.",
                feature.subject(),
                self.tier,
                available_in.join(" or ")
            ),
            feature: feature.as_str(),
            tier: self.tier.clone(),
            available_in,
        })
    }

    pub fn limit(&self, limit: Limit) -> Option<i64> {
        match limit {
            Limit::Users => self.users,
            Limit::Issues => self.issues,
            Limit::ApiCallsDaily => self.api_calls_daily,
            Limit::CustomFields => self.custom_fields,
            Limit::HistoryDays => self.history_days,
        }
    }

    /// Refuses `adding` more of `limit` when `current` plus them would pass the allowance.
    pub fn allow(&self, limit: Limit, current: i64, adding: i64) -> Result<()> {
        match self.limit(limit) {
            Some(max) if current + adding > max => Err(Error::TierLimitReached {
                message: format!(
                    "The {} plan allows {max} {}, and this company has {current}. Upgrade the plan to add more.",
                    self.tier,
                    limit.noun()
                ),
                limit: limit.as_str(),
                max,
                current,
                tier: self.tier.clone(),
            }),
            _ => Ok(()),
        }
    }
}

/// A change to the overrides, as sent: absent keeps one, `Some(None)` removes it, a number sets it.
#[derive(Debug, Clone, Default)]
pub struct OverridesChange {
    pub users: Option<Option<i64>>,
    pub issues: Option<Option<i64>>,
    pub api_calls_daily: Option<Option<i64>>,
    pub custom_fields: Option<Option<i64>>,
    pub history_days: Option<Option<i64>>,
}

/// Sets company-specific limits (the platform operator only).
pub async fn set_overrides(
    store: &Store,
    caller: &Caller,
    company_id: Uuid,
    change: OverridesChange,
    meta: &RequestMeta,
) -> Result<Entitlements> {
    let tenant = caller.authorize(Action::OverrideLimits, company_id)?;
    let mut fields = Fields::default();
    for (name, value) in [
        ("users", change.users),
        ("issues", change.issues),
        ("api_calls_daily", change.api_calls_daily),
        ("custom_fields", change.custom_fields),
        ("history_days", change.history_days),
    ] {
        if let Some(Some(n)) = value
            && n < 0
        {
            fields.add(name, format!("{name} is a whole number of at least 0, or null to remove the override."));
        }
    }
    fields.finish()?;
    let event = AuditEvent {
        company_id: Some(company_id),
        actor_id: Some(caller.user_id),
        action: "company.overrides_changed",
        target: format!("company:{company_id}"),
        details: serde_json::json!({}),
        meta: meta.clone(),
    };
    store.change_overrides(&tenant, &change, &event).await
}

pub async fn get(store: &Store, caller: &Caller, company_id: Uuid) -> Result<(Entitlements, Usage)> {
    let tenant = caller.authorize(Action::ReadCompany, company_id)?;
    store.entitlements(&tenant).await
}

/// Every limit beside its usage, as `/usage` and the billing page show them.
pub struct UsageReport {
    pub entitlements: Entitlements,
    pub usage: Usage,
    pub api_calls_today: i64,
    pub custom_fields: i64,
}

pub async fn usage_report(store: &Store, meter: &Meter, caller: &Caller, company_id: Uuid) -> Result<UsageReport> {
    let tenant = caller.authorize(Action::ReadCompany, company_id)?;
    let (entitlements, usage) = store.entitlements(&tenant).await?;
    let now = chrono::Utc::now();
    let api_calls_today = match meter.today(company_id, now) {
        Some(calls) => calls,
        None => store.api_quota_state(&tenant, now.date_naive()).await?.1,
    };
    let custom_fields = store.company(company_id).await?.settings.custom_fields.len() as i64;
    Ok(UsageReport { entitlements, usage, api_calls_today, custom_fields })
}

/// What a company uses of its counted limits now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Usage {
    /// The owner, active people and pending invitations that have not expired.
    pub users: i64,
    /// Issues not archived.
    pub issues: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(name: &str, users: Option<i64>, issues: Option<i64>) -> Tier {
        Tier {
            id: name.to_lowercase(),
            name: name.into(),
            rank: 1,
            price_monthly_usd: 10,
            max_users: users,
            max_issues: issues,
            max_api_calls_daily: Some(1000),
            max_custom_fields: Some(5),
            history_days: Some(7),
            custom_workflows: false,
            team_analytics: false,
            advanced_analytics: false,
            integrations: vec!["email".into()],
            sla_tracking: false,
            sso: false,
            white_label: false,
        }
    }

    #[test]
    fn limits_allow_up_to_and_including_the_maximum() {
        let basic = of(&tier("Basic", Some(5), Some(1000)), &Overrides::default());
        assert!(basic.allow(Limit::Users, 4, 1).is_ok());
        match basic.allow(Limit::Users, 5, 1) {
            Err(Error::TierLimitReached { limit, max, current, tier, .. }) => {
                assert_eq!((limit, max, current, tier.as_str()), ("users", 5, 5, "Basic"));
            }
            other => panic!("{other:?}"),
        }
        assert!(basic.allow(Limit::Issues, 999, 1).is_ok());
        assert!(basic.allow(Limit::Issues, 1000, 1).is_err());
        let platinum = of(&tier("Platinum", None, None), &Overrides::default());
        assert!(platinum.allow(Limit::Users, 1_000_000, 1).is_ok(), "None is unlimited");
    }

    #[test]
    fn overrides_replace_the_tiers_limits() {
        let overrides = Overrides { users: Some(7), issues: Some(0), ..Overrides::default() };
        let basic = of(&tier("Basic", Some(5), Some(1000)), &overrides);
        assert_eq!((basic.users, basic.issues, basic.history_days), (Some(7), Some(0), Some(7)));
        assert!(basic.allow(Limit::Users, 6, 1).is_ok());
        assert!(basic.allow(Limit::Issues, 0, 1).is_err());
        let platinum = of(&tier("Platinum", None, None), &Overrides { users: Some(50), ..Overrides::default() });
        assert_eq!(platinum.users, Some(50), "an override caps even an unlimited tier");
    }
}
