use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::json;

use crate::state::AppState;

/// The process is up.
pub async fn healthz() -> impl IntoResponse {
    Json(json!({ "status": "ok" }))
}

/// The database answers and carries every migration this build expects.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.app.store.readiness().await {
        Ok(()) => {
            (StatusCode::OK, Json(json!({ "status": "ready", "database": state.app.store.engine().to_string() })))
        }
        Err(reason) => {
            tracing::warn!(%reason, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "not_ready", "reason": reason.to_string() })))
        }
    }
}
