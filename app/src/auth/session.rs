//! The browser session: who it belongs to, checked on every request.

use chrono::Utc;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use tenantry_core::Store;
use tenantry_core::audit::{AuditEvent, RequestMeta};
use tenantry_core::identity::{Account, Caller};
use tower_sessions::Session;
use uuid::Uuid;

use super::CurrentUser;
use crate::error::AppError;

const AUTH_KEY: &str = "auth";

/// What the session remembers about its person.
#[derive(Debug, Serialize, Deserialize)]
struct SessionAuth {
    user_id: Uuid,
    /// The account's epoch at login: bumping it ends every session of that account.
    epoch: i64,
    /// Unix seconds of the login, for the absolute lifetime.
    started_at: i64,
}

/// How long sessions live.
#[derive(Debug, Clone, Copy)]
pub struct SessionSettings {
    /// A session ends this long after login, however active.
    pub absolute: chrono::Duration,
}

fn session_error(err: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %err, "session store failed");
    AppError::internal()
}

/// Starts a fresh session for the account; a new id defeats session fixation.
pub async fn start(session: &Session, account: &Account) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    let auth = SessionAuth { user_id: account.id, epoch: account.session_epoch, started_at: Utc::now().timestamp() };
    session.insert(AUTH_KEY, auth).await.map_err(session_error)
}

/// The caller a session belongs to, if it still may act: ended sessions are flushed.
pub async fn caller_of(
    session: &Session,
    store: &Store,
    settings: SessionSettings,
) -> Result<Option<Caller>, AppError> {
    let Some(auth) = session.get::<SessionAuth>(AUTH_KEY).await.map_err(session_error)? else {
        return Ok(None);
    };
    let expired = Utc::now().timestamp() - auth.started_at > settings.absolute.num_seconds();
    let account = match expired {
        true => None,
        false => store.account_by_id(auth.user_id).await?,
    };
    let Some(account) = account.filter(|account| account.session_epoch == auth.epoch) else {
        session.flush().await.map_err(session_error)?;
        return Ok(None);
    };
    match Caller::from_account(account) {
        Ok(caller) => Ok(Some(caller)),
        Err(tenantry_core::Error::Unauthenticated(_)) => {
            session.flush().await.map_err(session_error)?;
            Ok(None)
        }
        Err(other) => Err(other.into()),
    }
}

pub fn current_user_of(caller: &Caller) -> CurrentUser {
    CurrentUser {
        user_id: caller.user_id.to_string(),
        email: caller.email.clone(),
        name: caller.name.clone(),
        role: caller.role.as_str().to_owned(),
        company_slug: caller.company_slug.clone(),
        brand: None,
    }
}

/// The session of the request a server function is serving.
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|err| {
        tracing::error!(error = ?err, "no session layer");
        AppError::internal()
    })
}

/// The caller of the request a server function is serving.
pub async fn current_caller() -> Result<Option<Caller>, AppError> {
    let ctx = crate::server_context()?;
    let caller = caller_of(&session().await?, &ctx.store, ctx.sessions).await?;
    if let Some(caller) = &caller {
        note_active(&ctx, caller).await;
    }
    Ok(caller)
}

/// Counts the caller among the day's active people; a failure to note it never fails the request.
pub async fn note_active(ctx: &crate::ServerContext, caller: &Caller) {
    if let Err(err) = ctx.active_users.record(&ctx.store, caller, Utc::now()).await {
        tracing::warn!(error = %err, "an active person was not noted");
    }
}

/// Where the request a server function is serving came from.
pub async fn request_meta() -> RequestMeta {
    use axum::http::request::Parts;
    let Some(parts) = use_context::<Parts>() else {
        return RequestMeta::default();
    };
    meta_of(&parts)
}

/// The client address and user agent of a request, for the audit trail.
pub fn meta_of(parts: &axum::http::request::Parts) -> RequestMeta {
    use axum::extract::ConnectInfo;
    use axum::http::header::USER_AGENT;
    const MAX_USER_AGENT: usize = 512;
    let ip = parts.extensions.get::<ConnectInfo<std::net::SocketAddr>>().map(|info| info.0.ip().to_string());
    let user_agent = parts
        .headers
        .get(USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .map(|agent| agent.chars().take(MAX_USER_AGENT).collect());
    RequestMeta { ip, user_agent }
}

/// Ends the current session, recording who left.
pub async fn logout() -> Result<(), AppError> {
    let ctx = crate::server_context()?;
    end(&session().await?, &ctx.store, ctx.sessions, request_meta().await).await
}

pub async fn end(
    session: &Session,
    store: &Store,
    settings: SessionSettings,
    meta: RequestMeta,
) -> Result<(), AppError> {
    if let Ok(Some(caller)) = caller_of(session, store, settings).await {
        store
            .record_event(&AuditEvent {
                company_id: caller.company_id,
                actor_id: Some(caller.user_id),
                action: "logout",
                target: format!("user:{}", caller.user_id),
                details: serde_json::json!({}),
                meta,
            })
            .await?;
    }
    session.flush().await.map_err(session_error)
}
