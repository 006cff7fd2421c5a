//! The billing page's server functions: the plan, usage against each limit, and the change flow.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::plans::Plan;
#[cfg(feature = "ssr")]
use crate::workspace::company_of;

/// One limit and how much of it is used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsageLine {
    pub label: String,
    pub used: i64,
    /// `None`: unlimited.
    pub max: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Billing {
    pub tier: String,
    pub price_monthly_usd: i64,
    pub usage: Vec<UsageLine>,
    pub plans: Vec<Plan>,
    /// Only an owner (or root) changes the plan.
    pub can_change: bool,
}

/// What a move to another plan would do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanPreview {
    pub to: String,
    pub allowed: bool,
    /// What to fix first, one sentence each.
    pub violations: Vec<String>,
    /// (what, before, after)
    pub changes: Vec<(String, String, String)>,
    pub price_difference: i64,
}

#[server]
pub async fn get_billing(slug: String) -> Result<Billing, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let report = tenantry_core::entitlements::usage_report(&ctx.store, &ctx.meter, &caller, company_id).await?;
    let tiers = ctx.store.tiers().await?;
    let e = &report.entitlements;
    let line = |label: &str, used: i64, max: Option<i64>| UsageLine { label: label.to_owned(), used, max };
    Ok(Billing {
        price_monthly_usd: tiers.iter().find(|t| t.name == e.tier).map_or(0, |t| t.price_monthly_usd),
        usage: vec![
            line("Users", report.usage.users, e.users),
            line("Issues (not archived)", report.usage.issues, e.issues),
            line("API calls today", report.api_calls_today, e.api_calls_daily),
            line("Custom fields", report.custom_fields, e.custom_fields),
        ],
        plans: tiers.into_iter().map(crate::plans::plan_of).collect(),
        can_change: caller.authorize(tenantry_core::identity::Action::ChangeTier, company_id).is_ok(),
        tier: e.tier.clone(),
    })
}

#[server]
pub async fn preview_plan_change(slug: String, new_tier: String) -> Result<PlanPreview, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let run = tenantry_core::plan_change::dry_run(&ctx.store, &caller, company_id, Some(&new_tier)).await?;
    Ok(PlanPreview {
        to: run.to,
        allowed: run.allowed,
        violations: run.violations.into_iter().map(|v| v.message).collect(),
        changes: run.changes.into_iter().map(|c| (c.item, c.from, c.to)).collect(),
        price_difference: run.price_difference,
    })
}

#[server]
pub async fn change_plan(slug: String, new_tier: String) -> Result<String, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let meta = crate::auth::session::request_meta().await;
    let changed = tenantry_core::plan_change::change(&ctx.store, &caller, company_id, Some(&new_tier), &meta).await?;
    Ok(changed.new_tier)
}
