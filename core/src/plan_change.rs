//! Moving a company to another tier: a dry run that says exactly what changes and what stands in
//! the way, and the change itself, refused while current usage exceeds the target's limits (from
//! any tier, up or down). A change never deletes data.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::audit::{AuditEvent, RequestMeta};
use crate::entitlements::{self, Entitlements, Feature, Overrides, Usage};
use crate::identity::{Action, Caller};
use crate::settings::CompanySettings;
use crate::tiers::Tier;
use crate::{Error, Result, Store};

/// Something that must change before the move: a limit the company is over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub limit: String,
    pub current: i64,
    pub max: i64,
    /// What to do about it.
    pub message: String,
}

/// One difference between the plans: a limit or a feature, before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub item: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DryRun {
    pub from: String,
    pub to: String,
    pub allowed: bool,
    pub violations: Vec<Violation>,
    pub changes: Vec<Difference>,
    /// Dollars per month: positive costs more.
    pub price_difference: i64,
}

/// What the company has now, and the tier it would move to: the store reads it, under lock for a change.
pub struct Standing {
    pub current: Tier,
    pub target: Tier,
    pub overrides: Overrides,
    pub usage: Usage,
    pub settings: CompanySettings,
}

/// The dry run itself: later issues add their own violations (features in use that the target lacks).
pub fn assess(standing: &Standing) -> DryRun {
    let before = entitlements::of(&standing.current, &standing.overrides);
    let after = entitlements::of(&standing.target, &standing.overrides);
    let mut violations = Vec::new();
    let mut over = |limit: &str, current: i64, max: Option<i64>, fix: &dyn Fn(i64, i64) -> String| {
        if let Some(max) = max.filter(|max| current > *max) {
            violations.push(Violation { limit: limit.into(), current, max, message: fix(current - max, max) });
        }
    };
    over("users", standing.usage.users, after.users, &|extra, max| {
        format!("Deactivate {extra} people (or cancel pending invitations) to fit in {max} users.")
    });
    over("issues", standing.usage.issues, after.issues, &|extra, max| {
        format!("Archive or delete {extra} issues (resolved ones can be archived) to fit in {max}.")
    });
    let custom_fields = standing.settings.custom_fields.len() as i64;
    over("custom_fields", custom_fields, after.custom_fields, &|extra, max| {
        format!("Remove {extra} custom fields to fit in {max}.")
    });
    for feature in standing.settings.features_in_use().into_iter().filter(|feature| !after.has(*feature)) {
        violations.push(Violation {
            limit: feature.as_str().into(),
            current: 1,
            max: 0,
            message: undo(feature).into(),
        });
    }
    DryRun {
        from: standing.current.name.clone(),
        to: standing.target.name.clone(),
        allowed: violations.is_empty(),
        violations,
        changes: differences(&before, &after),
        price_difference: standing.target.price_monthly_usd - standing.current.price_monthly_usd,
    }
}

/// What to change in the settings to stop using `feature`.
fn undo(feature: Feature) -> &'static str {
    match feature {
        Feature::CustomWorkflows => {
            "Go back to the standard statuses (Open, In Progress, In Review, Closed) in Settings → Workflow."
        }
        Feature::Slack => "Remove the Slack integration in Settings → Integrations.",
        Feature::Webhooks => "Remove the outbound webhooks in Settings → Integrations.",
        Feature::WhiteLabel => "Clear the logo, accent color and product name in Settings → Branding.",
    }
}

fn differences(before: &Entitlements, after: &Entitlements) -> Vec<Difference> {
    let limit = |value: Option<i64>| value.map_or_else(|| "unlimited".to_owned(), |n| n.to_string());
    let flag = |on: bool| if on { "yes" } else { "no" }.to_owned();
    let rows = [
        ("users", limit(before.users), limit(after.users)),
        ("issues", limit(before.issues), limit(after.issues)),
        ("API calls a day", limit(before.api_calls_daily), limit(after.api_calls_daily)),
        ("custom fields", limit(before.custom_fields), limit(after.custom_fields)),
        ("days of reporting history", limit(before.history_days), limit(after.history_days)),
        ("custom workflows", flag(before.custom_workflows), flag(after.custom_workflows)),
        ("team analytics", flag(before.team_analytics), flag(after.team_analytics)),
        ("advanced analytics", flag(before.advanced_analytics), flag(after.advanced_analytics)),
        ("integrations", before.integrations.join(", "), after.integrations.join(", ")),
        ("SLA tracking", flag(before.sla_tracking), flag(after.sla_tracking)),
        ("single sign-on", flag(before.sso), flag(after.sso)),
        ("white-label branding", flag(before.white_label), flag(after.white_label)),
    ];
    rows.into_iter()
        .filter(|(_, from, to)| from != to)
        .map(|(item, from, to)| Difference { item: item.into(), from, to })
        .collect()
}

/// A change that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierChanged {
    pub previous_tier: String,
    pub new_tier: String,
    /// Features the new tier has that the previous one lacked.
    pub new_features: Vec<String>,
    pub effective_date: DateTime<Utc>,
}

pub async fn dry_run(store: &Store, caller: &Caller, company_id: Uuid, new_tier: Option<&str>) -> Result<DryRun> {
    let tenant = caller.authorize(Action::ChangeTier, company_id)?;
    let target = target_tier(store, new_tier).await?;
    store.plan_change_dry_run(&tenant, &target).await
}

pub async fn change(
    store: &Store,
    caller: &Caller,
    company_id: Uuid,
    new_tier: Option<&str>,
    meta: &RequestMeta,
) -> Result<TierChanged> {
    let tenant = caller.authorize(Action::ChangeTier, company_id)?;
    let target = target_tier(store, new_tier).await?;
    let event = AuditEvent {
        company_id: Some(company_id),
        actor_id: Some(caller.user_id),
        action: "company.tier_changed",
        target: format!("company:{company_id}"),
        details: serde_json::json!({}),
        meta: meta.clone(),
    };
    store.change_tier(&tenant, &target, caller.user_id, &event).await
}

async fn target_tier(store: &Store, name: Option<&str>) -> Result<Tier> {
    let tiers = store.tiers().await?;
    let names: Vec<&str> = tiers.iter().map(|tier| tier.name.as_str()).collect();
    let wanted = name.map(str::trim).filter(|name| !name.is_empty());
    let Some(wanted) = wanted else {
        return Err(Error::invalid("new_tier", format!("new_tier is required: one of {}.", names.join(", "))));
    };
    tiers
        .iter()
        .find(|tier| tier.name.eq_ignore_ascii_case(wanted))
        .cloned()
        .ok_or_else(|| Error::invalid("new_tier", format!("Choose one of {}.", names.join(", "))))
}

/// Features `after` has that `before` lacks, by name.
pub fn gained(before: &Tier, after: &Tier) -> Vec<String> {
    let no = Overrides::default();
    let mut features: Vec<String> = differences(&entitlements::of(before, &no), &entitlements::of(after, &no))
        .into_iter()
        .filter(|d| d.from == "no" && d.to == "yes")
        .map(|d| d.item)
        .collect();
    features.extend(
        after.integrations.iter().filter(|i| !before.integrations.contains(i)).map(|i| format!("{i} integration")),
    );
    features
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(name: &str, price: i64, users: Option<i64>, workflows: bool, integrations: &[&str]) -> Tier {
        Tier {
            id: name.to_lowercase(),
            name: name.into(),
            rank: price,
            price_monthly_usd: price,
            max_users: users,
            max_issues: Some(1000),
            max_api_calls_daily: Some(1000),
            max_custom_fields: Some(5),
            history_days: Some(7),
            custom_workflows: workflows,
            team_analytics: workflows,
            advanced_analytics: workflows,
            integrations: integrations.iter().map(|i| i.to_string()).collect(),
            sla_tracking: false,
            sso: false,
            white_label: false,
        }
    }

    fn standing(current: Tier, target: Tier, users: i64) -> Standing {
        Standing {
            current,
            target,
            overrides: Overrides::default(),
            usage: Usage { users, issues: 10 },
            settings: CompanySettings::default(),
        }
    }

    #[test]
    fn a_downgrade_over_a_limit_is_not_allowed_and_says_what_to_fix() {
        let premium = tier("Premium", 50, Some(25), true, &["email", "slack"]);
        let basic = tier("Basic", 10, Some(5), false, &["email"]);
        let run = assess(&standing(premium.clone(), basic.clone(), 8));
        assert!(!run.allowed);
        assert_eq!(run.violations[0].limit, "users");
        assert!(run.violations[0].message.contains("Deactivate 3 people"), "{:?}", run.violations);
        assert_eq!(run.price_difference, -40);
        assert!(run.changes.iter().any(|c| c.item == "custom workflows" && c.from == "yes" && c.to == "no"));
        assert!(assess(&standing(premium, basic, 5)).allowed, "exactly at the limit fits");
    }

    #[test]
    fn any_move_is_checked_and_gains_are_named() {
        let basic = tier("Basic", 10, Some(5), false, &["email"]);
        let premium = tier("Premium", 50, Some(25), true, &["email", "slack"]);
        // Overrides stay with the company whatever its tier: an upgrade can be blocked too.
        let mut over = standing(basic.clone(), premium.clone(), 30);
        over.overrides.issues = Some(5);
        let run = assess(&over);
        assert_eq!(run.violations.iter().map(|v| v.limit.as_str()).collect::<Vec<_>>(), ["users", "issues"]);
        assert_eq!(
            gained(&basic, &premium),
            ["custom workflows", "team analytics", "advanced analytics", "slack integration"]
        );
    }

    #[test]
    fn features_in_use_that_the_target_lacks_block_the_move() {
        let premium = tier("Premium", 50, Some(25), true, &["email", "slack", "webhooks"]);
        let basic = tier("Basic", 10, Some(5), false, &["email"]);
        let mut using = standing(premium, basic, 2);
        using.settings.issue_statuses.push(crate::settings::IssueStatus { name: "Blocked".into(), done: false });
        using.settings.integrations.slack = Some(crate::settings::integrations::Slack {
            webhook_url: "https://hooks.slack.com/services/x".into(),
            events: vec![],
        });
        let run = assess(&using);
        assert!(!run.allowed);
        let limits: Vec<&str> = run.violations.iter().map(|v| v.limit.as_str()).collect();
        assert_eq!(limits, ["custom_workflows", "slack"]);
        assert!(run.violations[0].message.contains("standard statuses"), "{:?}", run.violations);
    }
}
