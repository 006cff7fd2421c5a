//! The served OpenAPI document, generated from the handlers' annotations.

use std::sync::OnceLock;

use axum::Json;
use axum::response::IntoResponse;
use tenantry_app::error::{AppError, ErrorCode};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tenantry API",
        version = "1",
        description = "Multi-tenant issue tracking. Every error is `{error, code, ...}` with the codes listed in `Error`."
    ),
    paths(
        document,
        super::auth::login,
        super::auth::logout,
        super::companies::provision,
        super::companies::show,
        super::companies::customize,
        super::branding::upload,
        super::branding::remove,
        super::webhooks::list,
        super::webhooks::test,
        super::entitlements::set_overrides,
        super::entitlements::usage,
        super::plan::upgrade,
        super::tokens::create,
        super::tokens::list,
        super::tokens::revoke,
        super::tokens::create_root,
        super::people::invite,
        super::people::list,
        super::people::change,
        super::people::deactivate,
        super::auth::request_password_reset,
        super::audit::list,
        super::audit::list_all,
        super::teams::create,
        super::teams::list,
        super::teams::rename,
        super::teams::set_members,
        super::issues::create,
        super::issues::list,
        super::issues::show,
        super::issues::change,
        super::issues::delete,
        super::issues::comments,
        super::issues::comment,
        super::issues::activity,
        super::analytics::company,
        super::console::system_overview,
        super::console::directory,
        super::console::suspend,
        super::console::reactivate
    ),
    components(schemas(AppError, ErrorCode, super::plan::DryRunBody))
)]
pub struct ApiDoc;

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", content_type = "application/json"))
)]
pub async fn document() -> impl IntoResponse {
    static DOCUMENT: OnceLock<serde_json::Value> = OnceLock::new();
    Json(DOCUMENT.get_or_init(|| serde_json::to_value(ApiDoc::openapi()).expect("the document serialises")).clone())
}
