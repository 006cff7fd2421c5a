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
    let store = &state.app.store;
    let ready = match store.readiness().await {
        Ok(()) => store.query_role().await.map_err(|e| e.to_string()),
        Err(reason) => Err(reason.to_string()),
    };
    match ready {
        Ok(role) => {
            (StatusCode::OK, Json(json!({ "status": "ready", "database": store.engine().to_string(), "role": role })))
        }
        Err(reason) => {
            tracing::warn!(%reason, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "not_ready", "reason": reason })))
        }
    }
}
