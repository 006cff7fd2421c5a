//! API tokens of a company (owner/admin), and the platform's (root).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tenantry_app::error::AppError;
use tenantry_core::tokens::{self, IssuedToken};
use utoipa::ToSchema;
use uuid::Uuid;

use super::extract::{ApiCaller, ApiJson, ApiPath, ClientMeta};
use super::list::Page;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewTokenBody {
    /// 1 to 100 characters, to recognise the token by.
    name: Option<String>,
    /// `admin`, `member` (default) or `viewer`; at most the creator's own role.
    role: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRootTokenBody {
    name: Option<String>,
}

/// A new token. `token` is shown only in this answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedTokenBody {
    id: String,
    name: String,
    role: String,
    token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenBody {
    id: String,
    name: String,
    role: String,
    created_at: String,
    last_used_at: Option<String>,
}

impl From<IssuedToken> for IssuedTokenBody {
    fn from(token: IssuedToken) -> Self {
        IssuedTokenBody {
            id: token.id.to_string(),
            name: token.name,
            role: token.role.as_str().to_owned(),
            token: token.secret,
        }
    }
}

fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Creates a token acting for the company with a role at most the creator's.
#[utoipa::path(
    post,
    path = "/api/v1/companies/{company_id}/api-tokens",
    tag = "auth",
    request_body = NewTokenBody,
    params(("company_id" = String, Path)),
    responses(
        (status = 201, description = "The token; its secret is shown only here", body = IssuedTokenBody),
        (status = 400, description = "`validation_failed`", body = AppError),
        (status = 403, description = "`forbidden`: members and viewers may not", body = AppError),
        (status = 404, description = "`not_found`", body = AppError),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<NewTokenBody>,
) -> Result<(StatusCode, Json<IssuedTokenBody>), AppError> {
    let store = &state.app.store;
    let token =
        tokens::create_company_token(store, &caller, company_id, body.name.as_deref(), body.role.as_deref(), &meta)
            .await?;
    Ok((StatusCode::CREATED, Json(token.into())))
}

/// The company's live tokens, newest first (no secrets).
#[utoipa::path(
    get,
    path = "/api/v1/companies/{company_id}/api-tokens",
    tag = "auth",
    params(("company_id" = String, Path)),
    responses((status = 200, description = "`{items, next_cursor}`", body = Page<TokenBody>), (status = 403, body = AppError), (status = 404, body = AppError))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Page<TokenBody>>, AppError> {
    let items = tokens::list(&state.app.store, &caller, company_id)
        .await?
        .into_iter()
        .map(|token| TokenBody {
            id: token.id.to_string(),
            name: token.name,
            role: token.role.as_str().to_owned(),
            created_at: rfc3339(token.created_at),
            last_used_at: token.last_used_at.map(rfc3339),
        })
        .collect();
    Ok(Json(Page::complete(items)))
}

/// Revokes a token: it stops working at once.
#[utoipa::path(
    delete,
    path = "/api/v1/companies/{company_id}/api-tokens/{token_id}",
    tag = "auth",
    params(("company_id" = String, Path), ("token_id" = String, Path)),
    responses((status = 204, description = "Revoked"), (status = 403, body = AppError), (status = 404, body = AppError))
)]
pub async fn revoke(
    State(state): State<AppState>,
    ApiPath((company_id, token_id)): ApiPath<(Uuid, Uuid)>,
    ApiCaller(caller): ApiCaller,
    ClientMeta(meta): ClientMeta,
) -> Result<StatusCode, AppError> {
    tokens::revoke(&state.app.store, &caller, company_id, token_id, &meta).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A platform token for the root admin's scripts.
#[utoipa::path(
    post,
    path = "/api/v1/admin/api-tokens",
    tag = "auth",
    request_body = NewRootTokenBody,
    responses((status = 201, body = IssuedTokenBody), (status = 403, body = AppError))
)]
pub async fn create_root(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<NewRootTokenBody>,
) -> Result<(StatusCode, Json<IssuedTokenBody>), AppError> {
    let token = tokens::create_root_token(&state.app.store, &caller, body.name.as_deref(), &meta).await?;
    Ok((StatusCode::CREATED, Json(token.into())))
}
