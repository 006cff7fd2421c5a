//! A company's audit trail (owners, admins, root).

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use tenantry_app::error::AppError;
use tenantry_core::audit::{self, AuditEntry, AuditQuery};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::extract::{ApiCaller, ApiPath, ApiQuery};
use super::list::{Page, id_cursor};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct AuditParams {
    /// Only events with this action, e.g. `login.failed`.
    action: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// 1 to 200, default 50.
    limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventBody {
    id: String,
    at: String,
    actor: Option<String>,
    action: String,
    target: String,
    ip: Option<String>,
    user_agent: Option<String>,
    #[schema(value_type = Object)]
    details: serde_json::Value,
    /// In the platform-wide list: the company's slug, or null for platform events.
    #[serde(skip_serializing_if = "Option::is_none")]
    company: Option<String>,
}

/// The company's events, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/companies/{company_id}/audit-events",
    tag = "audit",
    params(("company_id" = String, Path), AuditParams),
    responses(
        (status = 200, description = "`{items, next_cursor}`", body = Page<AuditEventBody>),
        (status = 403, description = "`forbidden`: members and viewers may not", body = AppError),
        (status = 404, body = AppError),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> Result<Json<Page<AuditEventBody>>, AppError> {
    let (query, limit) = params.into_query()?;
    let entries = audit::company_trail(&state.app.store, &caller, company_id, query).await?;
    Ok(Json(page_of(entries, limit)))
}

/// Every event on the platform: each company's and the operator's own.
#[utoipa::path(
    get,
    path = "/api/v1/admin/audit-events",
    tag = "audit",
    params(AuditParams),
    responses(
        (status = 200, description = "`{items, next_cursor}`; `company` is the slug, null for platform events", body = Page<AuditEventBody>),
        (status = 404, description = "`not_found`: not the root admin", body = AppError),
    )
)]
pub async fn list_all(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> Result<Json<Page<AuditEventBody>>, AppError> {
    let (query, limit) = params.into_query()?;
    let entries = audit::platform_trail(&state.app.store, &caller, query).await?;
    Ok(Json(page_of(entries, limit)))
}

impl AuditParams {
    /// The store's query (one row more than shown, to know whether a next page exists) and the page size.
    fn into_query(self) -> Result<(AuditQuery, i64), AppError> {
        let (before, limit) = id_cursor(self.cursor, self.limit)?;
        Ok((AuditQuery { action: self.action.filter(|a| !a.is_empty()), before, limit: limit + 1 }, limit))
    }
}

fn page_of(entries: Vec<AuditEntry>, limit: i64) -> Page<AuditEventBody> {
    let page = Page::of(entries, limit, |entry| entry.id.to_string());
    let items = page
        .items
        .into_iter()
        .map(|entry| AuditEventBody {
            id: entry.id.to_string(),
            at: entry.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            actor: entry.actor_email,
            action: entry.action,
            target: entry.target,
            ip: entry.ip,
            user_agent: entry.user_agent,
            details: serde_json::from_str(&entry.details).unwrap_or(serde_json::Value::Null),
            company: entry.company,
        })
        .collect();
    Page { items, next_cursor: page.next_cursor }
}
