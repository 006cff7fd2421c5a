//! The company logo (white-label branding): uploaded as the raw image, removed, and served.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tenantry_app::error::{AppError, ErrorCode};
use tenantry_core::branding;
use tenantry_core::settings::branding::MAX_LOGO_BYTES;
use utoipa::ToSchema;
use uuid::Uuid;

use super::extract::{ApiCaller, ApiPath, ClientMeta};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct LogoBody {
    /// Where the logo is served, on this origin; a new upload gets a new address.
    logo_url: String,
}

/// Uploads the company's logo: the body is the image itself (PNG, JPEG or WebP, at most 256 KB).
/// White-label branding only (Platinum).
#[utoipa::path(
    put,
    path = "/api/v1/companies/{company_id}/branding/logo",
    tag = "companies",
    params(("company_id" = String, Path)),
    request_body(content = Vec<u8>, content_type = "image/png", description = "The image's bytes (image/png, image/jpeg or image/webp)"),
    responses(
        (status = 200, description = "Stored", body = LogoBody),
        (status = 400, description = "`validation_failed`: not a PNG, JPEG or WebP image", body = AppError),
        (status = 403, description = "`forbidden`, or `feature_not_in_tier` (`white_label`)", body = AppError),
        (status = 413, description = "`payload_too_large`: over 256 KB", body = AppError),
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
    ClientMeta(meta): ClientMeta,
    body: Bytes,
) -> Result<Json<LogoBody>, AppError> {
    if body.len() > MAX_LOGO_BYTES {
        return Err(AppError::new(ErrorCode::PayloadTooLarge, "A logo is at most 256 KB."));
    }
    let digest = branding::upload(&state.app.store, &caller, company_id, &body, &meta).await?;
    Ok(Json(LogoBody { logo_url: format!("/logos/{company_id}/{digest}") }))
}

/// Removes the company's logo.
#[utoipa::path(
    delete,
    path = "/api/v1/companies/{company_id}/branding/logo",
    tag = "companies",
    params(("company_id" = String, Path)),
    responses((status = 204, description = "Removed"), (status = 403, body = AppError), (status = 404, body = AppError))
)]
pub async fn remove(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
    ClientMeta(meta): ClientMeta,
) -> Result<StatusCode, AppError> {
    branding::remove(&state.app.store, &caller, company_id, &meta).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /logos/{company_id}/{digest}`: the image, cached for good (its address changes with it).
pub async fn serve(State(state): State<AppState>, Path((company_id, digest)): Path<(String, String)>) -> Response {
    let Ok(company_id) = company_id.parse::<Uuid>() else { return StatusCode::NOT_FOUND.into_response() };
    match branding::serve(&state.app.store, company_id, &digest).await {
        Ok(logo) => {
            let content_type =
                HeaderValue::from_str(&logo.content_type).unwrap_or(HeaderValue::from_static("image/png"));
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
                    (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
                ],
                logo.bytes,
            )
                .into_response()
        }
        Err(tenantry_core::Error::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "a logo could not be read");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
