//! The platform operator's console: the system overview (charts built on the server), the company
//! directory, and one company's page with its actions (root only).

#[cfg(feature = "ssr")]
mod charts;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analytics::{ChartView, Headline, RecommendationView};
use crate::billing::UsageLine;
use crate::error::AppError;
use crate::settings::AuditRow;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverviewView {
    pub headlines: Vec<Headline>,
    /// Computed insights: `reason` says what the number means.
    pub insights: Vec<RecommendationView>,
    pub charts: Vec<ChartView>,
    pub generated_at: String,
}

/// A company as the directory lists it, ready to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectoryRowView {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub tier: String,
    pub status: String,
    pub users: UsageLine,
    pub issues: UsageLine,
    pub owner_email: String,
    pub created: String,
    pub last_active: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectoryView {
    pub items: Vec<DirectoryRowView>,
    pub next_cursor: Option<String>,
    pub tiers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuspensionView {
    pub reason_code: String,
    pub reason: String,
    pub since: String,
    pub until: Option<String>,
}

/// The overrides in force, `None` where the tier's limit applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverridesView {
    pub users: Option<i64>,
    pub issues: Option<i64>,
    pub api_calls_daily: Option<i64>,
    pub custom_fields: Option<i64>,
    pub history_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyAdminView {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub tier: String,
    pub status: String,
    pub created: String,
    pub owner_email: String,
    pub last_active: String,
    pub suspension: Option<SuspensionView>,
    pub usage: Vec<UsageLine>,
    pub overrides: OverridesView,
    pub tiers: Vec<String>,
    pub audit: Vec<AuditRow>,
}

/// The reason codes a suspension may give, with what the form shows for each.
pub const REASON_CODES: [(&str, &str); 5] = [
    ("billing", "Billing"),
    ("abuse", "Abuse"),
    ("requested", "Requested by the company"),
    ("legal", "Legal"),
    ("other", "Other"),
];

#[cfg(feature = "ssr")]
fn day_or_never(day: Option<chrono::NaiveDate>) -> String {
    day.map_or_else(|| "never".to_owned(), |d| d.to_string())
}

#[cfg(feature = "ssr")]
fn minute(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[server]
pub async fn get_overview() -> Result<OverviewView, AppError> {
    let caller = crate::workspace::require_caller().await?;
    let ctx = crate::server_context()?;
    let report = tenantry_core::console::system_overview(&ctx.store, &caller).await?;
    Ok(charts::overview(&report))
}

#[server]
pub async fn list_companies(
    search: Option<String>,
    status: Option<String>,
    tier: Option<String>,
    sort: Option<String>,
    cursor: Option<String>,
) -> Result<DirectoryView, AppError> {
    use tenantry_core::console::{DEFAULT_LIMIT, DirectoryRequest};
    let caller = crate::workspace::require_caller().await?;
    let ctx = crate::server_context()?;
    let request = DirectoryRequest { search, status, tier, sort, cursor, limit: Some(DEFAULT_LIMIT) };
    let page = tenantry_core::console::directory(&ctx.store, &caller, request).await?;
    let line = |label: &str, used: i64, max: Option<i64>| UsageLine { label: label.to_owned(), used, max };
    Ok(DirectoryView {
        items: page
            .items
            .into_iter()
            .map(|c| DirectoryRowView {
                id: c.id.to_string(),
                users: line(&format!("Users of {}", c.name), c.users, c.user_limit),
                issues: line(&format!("Issues of {}", c.name), c.issues, c.issue_limit),
                name: c.name,
                slug: c.slug,
                tier: c.tier,
                status: c.status.as_str().to_owned(),
                owner_email: c.owner_email,
                created: c.created_at.date_naive().to_string(),
                last_active: day_or_never(c.last_active_on),
            })
            .collect(),
        next_cursor: page.next_cursor,
        tiers: ctx.store.tiers().await?.into_iter().map(|t| t.name).collect(),
    })
}

/// One company as the operator sees it: 404 for a malformed or unknown id.
#[server]
pub async fn get_company_admin(id: String) -> Result<CompanyAdminView, AppError> {
    let caller = crate::workspace::require_caller().await?;
    let ctx = crate::server_context()?;
    let company_id: uuid::Uuid = id.parse().map_err(|_| AppError::not_found())?;
    let tenant = caller.authorize(tenantry_core::identity::Action::SuspendCompany, company_id)?;
    let company = ctx.store.company(tenant.company_id()).await?;
    let report = tenantry_core::entitlements::usage_report(&ctx.store, &ctx.meter, &caller, company_id).await?;
    let query = tenantry_core::audit::AuditQuery { limit: 10, ..Default::default() };
    let trail = tenantry_core::audit::company_trail(&ctx.store, &caller, company_id, query).await?;
    let e = &report.entitlements;
    let line = |label: &str, used: i64, max: Option<i64>| UsageLine { label: label.to_owned(), used, max };
    let o = &e.overrides;
    Ok(CompanyAdminView {
        id: company.id.to_string(),
        status: company.status.as_str().to_owned(),
        created: minute(company.created_at),
        last_active: day_or_never(company.last_active_on),
        suspension: company.suspension.map(|s| SuspensionView {
            reason_code: s.reason_code.as_str().to_owned(),
            reason: s.reason,
            since: minute(s.suspended_at),
            until: s.reactivate_at.map(minute),
        }),
        usage: vec![
            line("Users", report.usage.users, e.users),
            line("Issues (not archived)", report.usage.issues, e.issues),
            line("API calls today", report.api_calls_today, e.api_calls_daily),
            line("Custom fields", report.custom_fields, e.custom_fields),
        ],
        overrides: OverridesView {
            users: o.users,
            issues: o.issues,
            api_calls_daily: o.api_calls_daily,
            custom_fields: o.custom_fields,
            history_days: o.history_days,
        },
        tiers: ctx.store.tiers().await?.into_iter().map(|t| t.name).collect(),
        audit: trail
            .into_iter()
            .map(|entry| AuditRow {
                at: minute(entry.at),
                actor: entry.actor_email.unwrap_or_else(|| "system".to_owned()),
                action: entry.action,
                target: entry.target,
                ip: entry.ip.unwrap_or_default(),
            })
            .collect(),
        name: company.name,
        slug: company.slug,
        tier: company.tier_name,
        owner_email: company.owner_email,
    })
}

#[server]
pub async fn suspend_company(
    id: String,
    reason_code: String,
    reason: String,
    reactivation_date: String,
) -> Result<(), AppError> {
    let caller = crate::workspace::require_caller().await?;
    let ctx = crate::server_context()?;
    let company_id = id.parse().map_err(|_| AppError::not_found())?;
    let meta = crate::auth::session::request_meta().await;
    let request = tenantry_core::suspension::SuspendRequest {
        reason: Some(reason),
        reason_code: Some(reason_code),
        reactivation_date: Some(reactivation_date),
    };
    tenantry_core::suspension::suspend(&ctx.store, &ctx.mailer, &caller, company_id, request, &meta).await?;
    Ok(())
}

#[server]
pub async fn reactivate_company(id: String) -> Result<(), AppError> {
    let caller = crate::workspace::require_caller().await?;
    let ctx = crate::server_context()?;
    let company_id = id.parse().map_err(|_| AppError::not_found())?;
    let meta = crate::auth::session::request_meta().await;
    tenantry_core::suspension::reactivate(&ctx.store, &ctx.mailer, &caller, company_id, &meta).await?;
    Ok(())
}

/// Sets the company's limit overrides: a number sets one, an empty field returns to the tier's.
#[server]
pub async fn set_company_limits(
    id: String,
    users: String,
    issues: String,
    api_calls_daily: String,
    custom_fields: String,
    history_days: String,
) -> Result<(), AppError> {
    use tenantry_core::validation::Fields;
    let caller = crate::workspace::require_caller().await?;
    let ctx = crate::server_context()?;
    let company_id = id.parse().map_err(|_| AppError::not_found())?;
    let mut fields = Fields::default();
    let mut limit = |name: &str, raw: &str| -> Option<Option<i64>> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Some(None);
        }
        match raw.parse::<i64>() {
            Ok(n) => Some(Some(n)),
            Err(_) => {
                fields.add(name, format!("{name} is a whole number, or empty for the tier's limit."));
                None
            }
        }
    };
    let change = tenantry_core::entitlements::OverridesChange {
        users: limit("users", &users),
        issues: limit("issues", &issues),
        api_calls_daily: limit("api_calls_daily", &api_calls_daily),
        custom_fields: limit("custom_fields", &custom_fields),
        history_days: limit("history_days", &history_days),
    };
    fields.finish()?;
    let meta = crate::auth::session::request_meta().await;
    tenantry_core::entitlements::set_overrides(&ctx.store, &caller, company_id, change, &meta).await?;
    Ok(())
}
