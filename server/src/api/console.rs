//! The platform operator's API: the system overview, the company directory, suspension and
//! reactivation (root only).

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use tenantry_app::error::AppError;
use tenantry_core::console::{self, DirectoryPage, DirectoryRequest, PlatformReport};
use tenantry_core::suspension::{self, ReasonCode, SuspendRequest};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::extract::{ApiCaller, ApiJson, ApiPath, ApiQuery, ClientMeta};
use crate::state::AppState;

/// Companies by status and tier, revenue, signups, platform API calls and insights, from stored
/// data: the rollups every tier or status change keeps, never a scan of every company.
#[utoipa::path(
    get,
    path = "/api/v1/analytics/system-overview",
    tag = "console",
    responses(
        (status = 200, description = "`system_overview` (the headline figures), `tiers`, `revenue_by_month`, `signups_by_week`, `api_calls_by_day`, `insights`", body = PlatformReport),
        (status = 401, body = AppError),
        (status = 403, description = "`forbidden`: only the platform operator", body = AppError),
    )
)]
pub async fn system_overview(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<PlatformReport>, AppError> {
    Ok(Json(console::system_overview(&state.app.store, &caller).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct DirectoryParams {
    /// Part of a company's name, slug or owner's email.
    search: Option<String>,
    /// `active` or `suspended`.
    status: Option<String>,
    /// A tier name.
    tier: Option<String>,
    /// `created` (newest first, the default), `name` (A to Z) or `usage` (most issues first).
    sort: Option<String>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
    /// 1 to 200, default 50.
    limit: Option<i64>,
}

/// Every company, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/admin/companies",
    tag = "console",
    params(DirectoryParams),
    responses(
        (status = 200, description = "`{items, next_cursor}`", body = DirectoryPage),
        (status = 400, description = "`validation_failed`: `fields` names each bad parameter", body = AppError),
        (status = 401, body = AppError),
        (status = 403, description = "`forbidden`: only the platform operator", body = AppError),
    )
)]
pub async fn directory(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(params): ApiQuery<DirectoryParams>,
) -> Result<Json<DirectoryPage>, AppError> {
    let request = DirectoryRequest {
        search: params.search,
        status: params.status,
        tier: params.tier,
        sort: params.sort,
        cursor: params.cursor,
        limit: params.limit,
    };
    Ok(Json(console::directory(&state.app.store, &caller, request).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SuspendBody {
    /// Free text shown to the company's people, at most 500 characters; default "Administrative action".
    reason: Option<String>,
    /// `billing`, `abuse`, `requested`, `legal` or `other` (default).
    reason_code: Option<String>,
    /// RFC 3339 time or date (midnight UTC), in the future: the company is reactivated then.
    reactivation_date: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SuspendedBody {
    company_id: String,
    /// Always `suspended`.
    status: &'static str,
    reason: String,
    reason_code: ReasonCode,
    suspended_at: String,
    reactivation_date: Option<String>,
}

/// Suspends the company: from the next request on, its people and tokens get 403
/// `company_suspended`; nothing of its data changes. Suspending a suspended company changes the
/// terms. The owner is mailed.
#[utoipa::path(
    put,
    path = "/api/v1/companies/{company_id}/suspend",
    tag = "console",
    params(("company_id" = String, Path)),
    request_body = SuspendBody,
    responses(
        (status = 200, description = "Suspended", body = SuspendedBody),
        (status = 400, description = "`validation_failed`: `fields` names each bad value", body = AppError),
        (status = 403, description = "`forbidden`: only the platform operator", body = AppError),
        (status = 404, body = AppError),
    )
)]
pub async fn suspend(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<SuspendBody>,
) -> Result<Json<SuspendedBody>, AppError> {
    let request = SuspendRequest {
        reason: body.reason,
        reason_code: body.reason_code,
        reactivation_date: body.reactivation_date,
    };
    let app = &state.app;
    let done = suspension::suspend(&app.store, &app.mailer, &caller, company_id, request, &meta).await?;
    let time = |at: chrono::DateTime<chrono::Utc>| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Ok(Json(SuspendedBody {
        company_id: company_id.to_string(),
        status: "suspended",
        reason: done.reason,
        reason_code: done.reason_code,
        suspended_at: time(done.suspended_at),
        reactivation_date: done.reactivate_at.map(time),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReactivatedBody {
    company_id: String,
    /// Always `active`.
    status: &'static str,
}

/// Restores access to a suspended company and mails the owner; an active company stays as it is.
#[utoipa::path(
    put,
    path = "/api/v1/companies/{company_id}/reactivate",
    tag = "console",
    params(("company_id" = String, Path)),
    responses(
        (status = 200, description = "Active", body = ReactivatedBody),
        (status = 403, description = "`forbidden`: only the platform operator", body = AppError),
        (status = 404, body = AppError),
    )
)]
pub async fn reactivate(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
    ClientMeta(meta): ClientMeta,
) -> Result<Json<ReactivatedBody>, AppError> {
    let app = &state.app;
    suspension::reactivate(&app.store, &app.mailer, &caller, company_id, &meta).await?;
    Ok(Json(ReactivatedBody { company_id: company_id.to_string(), status: "active" }))
}
