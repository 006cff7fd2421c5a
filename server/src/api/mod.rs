//! The REST API v1 (api.md): every answer, the framework's own refusals
//! included, is JSON with the contract's error shape.

mod analytics;
mod audit;
mod auth;
pub mod branding;
mod companies;
mod console;
mod entitlements;
pub mod extract;
mod issues;
mod list;
mod metering;
pub mod openapi;
mod people;
mod plan;
mod teams;
mod tokens;
mod webhooks;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post, put};
use tenantry_app::error::{AppError, ErrorCode};
use tower_http::catch_panic::CatchPanicLayer;

use crate::state::AppState;

/// JSON bodies above this answer 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

pub fn router(state: &AppState) -> Router<AppState> {
    let routes = Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/companies/provision", post(companies::provision))
        .route("/companies/{company_id}", get(companies::show))
        .route("/companies/{company_id}/customize", post(companies::customize))
        .route("/companies/{company_id}/branding/logo", put(branding::upload).delete(branding::remove))
        .route("/companies/{company_id}/webhook-deliveries", get(webhooks::list))
        .route("/companies/{company_id}/integrations/{target}/test", post(webhooks::test))
        .route("/companies/{company_id}/overrides", put(entitlements::set_overrides))
        .route("/companies/{company_id}/usage", get(entitlements::usage))
        .route("/companies/{company_id}/upgrade", put(plan::upgrade))
        .route("/companies/{company_id}/api-tokens", post(tokens::create).get(tokens::list))
        .route("/companies/{company_id}/api-tokens/{token_id}", delete(tokens::revoke))
        .route("/admin/api-tokens", post(tokens::create_root))
        .route("/companies/{company_id}/users", post(people::invite).get(people::list))
        .route("/companies/{company_id}/users/{user_id}", patch(people::change).delete(people::deactivate))
        .route("/companies/{company_id}/teams", post(teams::create).get(teams::list))
        .route("/companies/{company_id}/teams/{team_id}", patch(teams::rename))
        .route("/companies/{company_id}/teams/{team_id}/members", put(teams::set_members))
        .route("/companies/{company_id}/issues", post(issues::create).get(issues::list))
        .route(
            "/companies/{company_id}/issues/{issue_id}",
            get(issues::show).patch(issues::change).delete(issues::delete),
        )
        .route("/companies/{company_id}/issues/{issue_id}/comments", get(issues::comments).post(issues::comment))
        .route("/companies/{company_id}/issues/{issue_id}/activity", get(issues::activity))
        .route("/auth/password-reset", post(auth::request_password_reset))
        .route("/companies/{company_id}/audit-events", get(audit::list))
        .route("/admin/audit-events", get(audit::list_all))
        .route("/analytics/company/{company_id}", get(analytics::company))
        .route("/analytics/system-overview", get(console::system_overview))
        .route("/admin/companies", get(console::directory))
        .route("/companies/{company_id}/suspend", put(console::suspend))
        .route("/companies/{company_id}/reactivate", put(console::reactivate));
    // Matched routes only: an unknown path answers 404 before any authentication.
    let routes = match state.api_metering {
        true => routes.route_layer(axum::middleware::from_fn_with_state(state.clone(), metering::meter)),
        false => routes,
    };
    routes
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CatchPanicLayer::custom(|_| AppError::internal().into_response()))
}

async fn not_found() -> Response {
    AppError::new(ErrorCode::NotFound, "There is no such API endpoint.").into_response()
}

async fn method_not_allowed() -> Response {
    AppError::new(ErrorCode::MethodNotAllowed, "This endpoint does not accept that method.").into_response()
}
