//! Logging in and out over the API (a session cookie, as the browser gets).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tenantry_app::auth::session;
use tenantry_app::error::AppError;
use tenantry_core::identity::{self, Caller};
use tenantry_core::password_links;
use tower_sessions::Session;
use utoipa::ToSchema;

use super::extract::{ApiJson, ClientMeta};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginBody {
    email: Option<String>,
    password: Option<String>,
}

/// The person now logged in.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoggedInBody {
    user_id: String,
    email: String,
    name: String,
    /// `root`, `owner`, `admin`, `member` or `viewer`.
    role: String,
    company_id: Option<String>,
    company_slug: Option<String>,
}

/// Checks an email and password and starts a session (cookie `tenantry_session`).
#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    request_body = LoginBody,
    responses(
        (status = 200, description = "Logged in; the session cookie is set", body = LoggedInBody),
        (status = 400, description = "`validation_failed`: email or password missing", body = AppError),
        (status = 401, description = "`unauthenticated`: the same answer for an unknown email and a wrong password", body = AppError),
        (status = 403, description = "`company_suspended`: the person's company is suspended", body = AppError),
        (status = 429, description = "`rate_limited`: too many failures; see `Retry-After`", body = AppError),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    session: Session,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Json<LoggedInBody>, AppError> {
    let app = &state.app;
    let email = body.email.unwrap_or_default();
    let password = body.password.unwrap_or_default();
    let account = identity::login(&app.store, &app.login_throttle, &email, &password, &meta).await?;
    session::start(&session, &account).await?;
    let caller = Caller::from_account(account)?;
    Ok(Json(LoggedInBody {
        user_id: caller.user_id.to_string(),
        email: caller.email,
        name: caller.name,
        role: caller.role.as_str().to_owned(),
        company_id: caller.company_id.map(|id| id.to_string()),
        company_slug: caller.company_slug,
    }))
}

/// Ends the session, if there is one.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204, description = "Logged out")))]
pub async fn logout(
    State(state): State<AppState>,
    session: Session,
    ClientMeta(meta): ClientMeta,
) -> Result<StatusCode, AppError> {
    session::end(&session, &state.app.store, state.app.sessions, meta).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordResetBody {
    email: Option<String>,
}

/// Mails a one-time link (one hour) to reset the password; the same answer whether or not the account exists.
#[utoipa::path(
    post,
    path = "/api/v1/auth/password-reset",
    tag = "auth",
    request_body = PasswordResetBody,
    responses(
        (status = 202, description = "If the address has an account, a link is on its way"),
        (status = 400, description = "`validation_failed`: not an email address", body = AppError),
    )
)]
pub async fn request_password_reset(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<PasswordResetBody>,
) -> Result<StatusCode, AppError> {
    let app = &state.app;
    let email = body.email.unwrap_or_default();
    password_links::request_reset(&app.store, &app.mailer, &email, &app.public_url, &meta).await?;
    Ok(StatusCode::ACCEPTED)
}
