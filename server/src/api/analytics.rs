//! A company's analytics, computed from its rollups: the same figures as the analytics page.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use tenantry_app::error::AppError;
use tenantry_core::analytics::{self, CompanyAnalytics};
use utoipa::IntoParams;
use uuid::Uuid;

use super::extract::{ApiCaller, ApiPath, ApiQuery};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct AnalyticsParams {
    /// The last this many UTC days, today included: 1 to 3660, default 30; capped by the tier's
    /// reporting history (the answer's `period` says so).
    days: Option<i64>,
}

/// Figures, breakdowns, per-day trends and recommendations, from the company's own data.
#[utoipa::path(
    get,
    path = "/api/v1/analytics/company/{company_id}",
    tag = "analytics",
    params(("company_id" = String, Path), AnalyticsParams),
    responses(
        (status = 200, description = "The company's analytics", body = CompanyAnalytics),
        (status = 400, description = "`validation_failed`: `days` out of range", body = AppError),
        (status = 403, description = "`forbidden`: members and viewers may not", body = AppError),
        (status = 404, body = AppError),
    )
)]
pub async fn company(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(params): ApiQuery<AnalyticsParams>,
) -> Result<Json<CompanyAnalytics>, AppError> {
    let figures = analytics::company(&state.app.store, &state.app.meter, &caller, company_id, params.days).await?;
    Ok(Json(figures))
}
