//! Every authenticated API request counts against its company's daily quota (errors included,
//! refusals with 429 not); Bearer answers say where the quota stands.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tenantry_app::auth::session;
use tenantry_app::error::{AppError, ErrorCode};
use tenantry_core::identity::{Action, Caller};
use tenantry_core::metering::{Admission, Standing};
use tenantry_core::tokens;
use tower_sessions::Session;
use uuid::Uuid;

use super::extract::Authenticated;
use crate::state::AppState;

pub async fn meter(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let bearer = parts.headers.contains_key(AUTHORIZATION);
    let Some((caller, token)) = authenticate(&mut parts, &state).await else {
        // No valid credentials: the handler answers (401, or a public endpoint's work).
        return next.run(Request::from_parts(parts, body)).await;
    };
    parts.extensions.insert(Authenticated(caller.clone()));
    let request = Request::from_parts(parts, body);
    // The platform operator's own calls belong to no company's quota.
    let Some(tenant) = caller.company_id.and_then(|id| caller.authorize(Action::ReadCompany, id).ok()) else {
        return next.run(request).await;
    };
    match state.app.meter.admit(&state.app.store, &tenant, token, chrono::Utc::now()).await {
        Ok(Admission::Counted(standing)) => {
            let mut response = next.run(request).await;
            if bearer {
                announce(&mut response, &standing);
            }
            response
        }
        Ok(Admission::Refused { standing, retry_after_secs, message }) => {
            let mut response =
                AppError::new(ErrorCode::RateLimited, message).with("retry_after", retry_after_secs).into_response();
            if let (true, Some(standing)) = (bearer, standing) {
                announce(&mut response, &standing);
            }
            response
        }
        Err(err) => {
            // Metering must not take the API down with it: serve, and say why in the log.
            tracing::error!(error = %err, "API call not metered");
            next.run(request).await
        }
    }
}

/// The caller of this request, when its credentials are valid; otherwise the extractor says why.
async fn authenticate(parts: &mut Parts, state: &AppState) -> Option<(Caller, Option<Uuid>)> {
    if let Some(authorization) = parts.headers.get(AUTHORIZATION) {
        let secret = authorization.to_str().ok()?.strip_prefix("Bearer ")?;
        let (token_id, caller) = tokens::authenticate_token(&state.app.store, secret.trim()).await.ok()?;
        return Some((caller, Some(token_id)));
    }
    let session = Session::from_request_parts(parts, state).await.ok()?;
    let caller = session::caller_of(&session, &state.app.store, state.app.sessions).await.ok()??;
    Some((caller, None))
}

/// `X-RateLimit-*` for tiers with a daily limit.
fn announce(response: &mut Response, standing: &Standing) {
    let (Some(limit), Some(remaining)) = (standing.limit, standing.remaining) else {
        return;
    };
    let headers = response.headers_mut();
    for (name, value) in
        [("x-ratelimit-limit", limit), ("x-ratelimit-remaining", remaining), ("x-ratelimit-reset", standing.reset)]
    {
        headers.insert(HeaderName::from_static(name), HeaderValue::from(value));
    }
}
