//! What a company's people see first, and what the platform operator sees first.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceSummary {
    pub company_name: String,
    pub slug: String,
    pub tier: String,
    pub your_role: String,
    pub statuses: Vec<String>,
    /// A recent plan change, for everyone in the company to see.
    pub plan_notice: Option<String>,
}

/// The workspace at `slug`, for its people and root; anyone else learns nothing (404).
#[server]
pub async fn get_workspace_summary(slug: String) -> Result<WorkspaceSummary, AppError> {
    let caller = require_caller().await?;
    let ctx = crate::server_context()?;
    let company = ctx.store.company_by_slug(&slug).await?;
    let tenant = caller.authorize(tenantry_core::identity::Action::ReadCompany, company.id)?;
    let recent = chrono::Utc::now() - chrono::Duration::days(14);
    let plan_notice = ctx
        .store
        .latest_tier_change(&tenant)
        .await?
        .filter(|(_, _, at)| *at > recent)
        .map(|(from, to, at)| format!("The plan changed from {from} to {to} on {}.", at.format("%Y-%m-%d")));
    Ok(WorkspaceSummary {
        company_name: company.name,
        slug: company.slug,
        tier: company.tier_name,
        your_role: caller.role.as_str().to_owned(),
        statuses: company.settings.issue_statuses.into_iter().map(|s| s.name).collect(),
        plan_notice,
    })
}

/// The caller of a server function that needs one: 401 for visitors.
#[cfg(feature = "ssr")]
pub async fn require_caller() -> Result<tenantry_core::identity::Caller, AppError> {
    crate::auth::session::current_caller()
        .await?
        .ok_or_else(|| AppError::new(crate::error::ErrorCode::Unauthenticated, "Log in to see this page."))
}

/// The caller, the server's context and the id of the company at `slug` (which may still refuse them).
#[cfg(feature = "ssr")]
pub async fn company_of(
    slug: &str,
) -> Result<(crate::ServerContext, tenantry_core::identity::Caller, uuid::Uuid), AppError> {
    let caller = require_caller().await?;
    let ctx = crate::server_context()?;
    let company = ctx.store.company_by_slug(slug).await?;
    Ok((ctx, caller, company.id))
}
