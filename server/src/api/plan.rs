//! Changing a company's plan: a dry run, then the change (api.md, `upgrade`).

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tenantry_app::error::AppError;
use tenantry_core::plan_change::{self, Difference, Violation};
use utoipa::ToSchema;
use uuid::Uuid;

use super::extract::{ApiCaller, ApiJson, ApiPath, ClientMeta};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpgradeBody {
    /// `Basic`, `Premium` or `Platinum`.
    new_tier: Option<String>,
    /// `true`: only say what would change; nothing changes.
    #[serde(default)]
    dry_run: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ViolationBody {
    limit: String,
    current: i64,
    max: i64,
    message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DifferenceBody {
    item: String,
    from: String,
    to: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DryRunBody {
    allowed: bool,
    violations: Vec<ViolationBody>,
    changes: Vec<DifferenceBody>,
    /// Dollars per month; negative is cheaper.
    price_difference: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TierChangedBody {
    previous_tier: String,
    new_tier: String,
    new_features: Vec<String>,
    effective_date: String,
}

fn violation(v: Violation) -> ViolationBody {
    ViolationBody { limit: v.limit, current: v.current, max: v.max, message: v.message }
}

fn difference(d: Difference) -> DifferenceBody {
    DifferenceBody { item: d.item, from: d.from, to: d.to }
}

/// Moves the company to another tier (owner, or root), at once; or, with `dry_run`, says what would change.
#[utoipa::path(
    put,
    path = "/api/v1/companies/{company_id}/upgrade",
    tag = "companies",
    request_body = UpgradeBody,
    params(("company_id" = String, Path)),
    responses(
        (status = 200, description = "Changed (`{previous_tier, new_tier, new_features, effective_date}`), or with `dry_run` always `{allowed, violations, changes, price_difference}`", body = TierChangedBody),
        (status = 400, description = "`validation_failed`: an unknown tier, or the current one", body = AppError),
        (status = 403, description = "`forbidden`: only an owner (or root) changes the plan", body = AppError),
        (status = 404, body = AppError),
        (status = 409, description = "`downgrade_blocked`: usage exceeds the target; `violations` say what to change", body = AppError),
    )
)]
pub async fn upgrade(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<UpgradeBody>,
) -> Result<Response, AppError> {
    let store = &state.app.store;
    if body.dry_run {
        let run = plan_change::dry_run(store, &caller, company_id, body.new_tier.as_deref()).await?;
        return Ok(Json(DryRunBody {
            allowed: run.allowed,
            violations: run.violations.into_iter().map(violation).collect(),
            changes: run.changes.into_iter().map(difference).collect(),
            price_difference: run.price_difference,
        })
        .into_response());
    }
    let changed = plan_change::change(store, &caller, company_id, body.new_tier.as_deref(), &meta).await?;
    Ok(Json(TierChangedBody {
        previous_tier: changed.previous_tier,
        new_tier: changed.new_tier,
        new_features: changed.new_features,
        effective_date: changed.effective_date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
    .into_response())
}
