//! Logging in and out, and who the current visitor is.

#[cfg(feature = "ssr")]
pub mod session;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The logged-in person, as pages show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub company_slug: Option<String>,
    /// Their company's white-label branding, when it has some.
    #[serde(default)]
    pub brand: Option<Brand>,
}

/// Who is signed in, asked again on every navigation (the layout provides it to every page).
#[derive(Clone, Copy)]
pub struct SignedIn(pub Resource<Result<Option<CurrentUser>, AppError>>);

/// How a company brands the product for its people: name, logo and accent color in the header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brand {
    pub product_name: Option<String>,
    pub logo_url: Option<String>,
    pub accent_color: Option<String>,
}

impl CurrentUser {
    /// Where this person starts: their workspace, or the platform console.
    pub fn home(&self) -> String {
        match &self.company_slug {
            Some(slug) => format!("/c/{slug}"),
            None => "/admin".to_owned(),
        }
    }

    /// Owners, admins and root read a company's analytics.
    pub fn reads_analytics(&self) -> bool {
        matches!(self.role.as_str(), "owner" | "admin" | "root")
    }
}

#[server]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    let Some(caller) = session::current_caller().await? else { return Ok(None) };
    let mut user = session::current_user_of(&caller);
    if let Some(company_id) = caller.company_id {
        let branding = crate::server_context()?.store.company(company_id).await?.settings.branding;
        user.brand = (!branding.is_empty()).then(|| Brand {
            logo_url: branding.logo.map(|digest| format!("/logos/{company_id}/{digest}")),
            product_name: branding.product_name,
            accent_color: branding.accent_color,
        });
    }
    Ok(Some(user))
}

/// Checks the credentials, starts a fresh session and sends the person home.
#[server]
pub async fn login(email: String, password: String) -> Result<CurrentUser, AppError> {
    let ctx = crate::server_context()?;
    let meta = session::request_meta().await;
    let account = tenantry_core::identity::login(&ctx.store, &ctx.login_throttle, &email, &password, &meta).await?;
    let session = session::session().await?;
    session::start(&session, &account).await?;
    let caller = tenantry_core::identity::Caller::from_account(account)?;
    let user = session::current_user_of(&caller);
    leptos_axum::redirect(&user.home());
    Ok(user)
}

#[server]
pub async fn logout() -> Result<(), AppError> {
    session::logout().await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Uses a one-time link to choose a password, then logs the person in.
#[server]
pub async fn set_password(token: String, password: String, confirmation: String) -> Result<(), AppError> {
    let ctx = crate::server_context()?;
    let meta = session::request_meta().await;
    let account = tenantry_core::password_links::redeem(&ctx.store, &token, &password, &confirmation, &meta).await?;
    session::start(&session::session().await?, &account).await?;
    let caller = tenantry_core::identity::Caller::from_account(account)?;
    leptos_axum::redirect(&session::current_user_of(&caller).home());
    Ok(())
}

/// Mails a reset link when the address has an account; says the same either way.
#[server]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let ctx = crate::server_context()?;
    let meta = session::request_meta().await;
    tenantry_core::password_links::request_reset(&ctx.store, &ctx.mailer, &email, &ctx.public_url, &meta).await?;
    Ok(())
}

/// Changes the password; other sessions end, this one goes on.
#[server]
pub async fn change_password(current_password: String, password: String, confirmation: String) -> Result<(), AppError> {
    let ctx = crate::server_context()?;
    let caller = crate::workspace::require_caller().await?;
    let meta = session::request_meta().await;
    let account = tenantry_core::identity::security::change_password(
        &ctx.store,
        &caller,
        &current_password,
        &password,
        &confirmation,
        &meta,
    )
    .await?;
    session::start(&session::session().await?, &account).await
}

/// Ends every session of the caller, on every device, this one included.
#[server]
pub async fn log_out_everywhere() -> Result<(), AppError> {
    let ctx = crate::server_context()?;
    let caller = crate::workspace::require_caller().await?;
    let meta = session::request_meta().await;
    tenantry_core::identity::security::log_out_everywhere(&ctx.store, &caller, &meta).await?;
    session::session().await?.flush().await.map_err(|_| AppError::internal())?;
    leptos_axum::redirect("/login");
    Ok(())
}
