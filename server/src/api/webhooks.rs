//! Webhook and Slack deliveries: the log, and a test post on demand (owners, admins, root).

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use tenantry_app::error::AppError;
use tenantry_core::webhooks::{self, Delivery};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::extract::{ApiCaller, ApiPath, ApiQuery};
use super::list::{Page, id_cursor};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct DeliveryParams {
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// 1 to 200, default 50.
    limit: Option<i64>,
}

/// One delivery: what was posted where, and how the receiver answered.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryBody {
    delivery_id: String,
    /// A webhook's id, or `slack`.
    target: String,
    /// `issue.created`, `issue.updated`, `issue.resolved`, or `ping` for a test.
    event: String,
    /// `delivered`, `retrying` or `failed` (given up).
    state: String,
    attempts: i64,
    /// The receiver's last HTTP status, when it answered.
    status_code: Option<i64>,
    latency_ms: Option<i64>,
    error: Option<String>,
    created_at: String,
    delivered_at: Option<String>,
    next_attempt_at: Option<String>,
}

impl From<Delivery> for DeliveryBody {
    fn from(d: Delivery) -> Self {
        let time = |at: chrono::DateTime<chrono::Utc>| at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let state = d.state();
        DeliveryBody {
            delivery_id: d.id.to_string(),
            target: d.target,
            event: d.event,
            state: state.to_owned(),
            attempts: d.attempts,
            status_code: d.status_code,
            latency_ms: d.latency_ms,
            error: d.error,
            created_at: time(d.created_at),
            delivered_at: d.delivered_at.map(time),
            next_attempt_at: d.next_attempt_at.map(time),
        }
    }
}

/// The company's webhook and Slack deliveries, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/companies/{company_id}/webhook-deliveries",
    tag = "integrations",
    params(("company_id" = String, Path), DeliveryParams),
    responses(
        (status = 200, description = "`{items, next_cursor}`", body = Page<DeliveryBody>),
        (status = 403, description = "`forbidden`: members and viewers may not", body = AppError),
        (status = 404, body = AppError),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(params): ApiQuery<DeliveryParams>,
) -> Result<Json<Page<DeliveryBody>>, AppError> {
    let (before, limit) = id_cursor(params.cursor, params.limit)?;
    let deliveries = webhooks::log(&state.app.store, &caller, company_id, before, limit + 1).await?;
    let page = Page::of(deliveries, limit, |d| d.id.to_string());
    Ok(Json(Page { items: page.items.into_iter().map(DeliveryBody::from).collect(), next_cursor: page.next_cursor }))
}

/// Posts a `ping` to one target now — a webhook's id, or `slack` — and answers how it went
/// (the receiver's status code and the time it took); the delivery log keeps it too.
#[utoipa::path(
    post,
    path = "/api/v1/companies/{company_id}/integrations/{target}/test",
    tag = "integrations",
    params(("company_id" = String, Path), ("target" = String, Path, description = "A webhook's id, or `slack`")),
    responses(
        (status = 200, description = "Attempted; `state` says whether the receiver accepted it", body = DeliveryBody),
        (status = 403, description = "`forbidden`", body = AppError),
        (status = 404, description = "`not_found`: no such webhook (or it is switched off), or no Slack set up", body = AppError),
    )
)]
pub async fn test(
    State(state): State<AppState>,
    ApiPath((company_id, target)): ApiPath<(Uuid, String)>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<DeliveryBody>, AppError> {
    let delivery = state.app.deliverer.send_test(&caller, company_id, &target).await?;
    Ok(Json(delivery.into()))
}
