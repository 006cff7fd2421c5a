//! The Tenantry web application: pages, components and the server functions
//! they call. Built twice: with `ssr` into the server, with `hydrate` into WASM.

pub mod admin;
pub mod analytics;
pub mod auth;
pub mod billing;
mod components;
pub mod console;
pub mod customization;
pub mod error;
pub mod issues;
mod pages;
pub mod plans;
pub mod settings;
mod shell;
pub mod signup;
pub mod tracker;
pub mod workspace;

pub use shell::{App, shell};

/// The server's context, as a server function sees it. Rendering without a request (route
/// discovery at start) has none; its resources then fail quietly instead of panicking.
#[cfg(feature = "ssr")]
pub fn server_context() -> Result<ServerContext, error::AppError> {
    leptos::prelude::use_context::<ServerContext>().ok_or_else(error::AppError::internal)
}

/// What server functions need from the server, provided to them as context.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct ServerContext {
    pub store: tenantry_core::Store,
    pub login_throttle: std::sync::Arc<tenantry_core::identity::LoginThrottle>,
    pub signup_limit: std::sync::Arc<tenantry_core::signup_limit::SignupLimit>,
    pub mailer: tenantry_core::mail::Mailer,
    pub sessions: auth::session::SessionSettings,
    /// Where people reach this server, without a trailing slash.
    pub public_url: std::sync::Arc<str>,
    /// Counts API calls against the daily quotas.
    pub meter: std::sync::Arc<tenantry_core::metering::Meter>,
    /// Posts webhooks and Slack messages (and knows where they may go).
    pub deliverer: tenantry_core::webhooks::Deliverer,
    /// Notes who used the product each day (analytics' active people).
    pub active_users: std::sync::Arc<tenantry_core::activity::ActiveUsers>,
}

#[cfg(feature = "ssr")]
impl ServerContext {
    pub fn provisioner(&self) -> tenantry_core::provisioning::Provisioner<'_> {
        tenantry_core::provisioning::Provisioner {
            store: &self.store,
            mailer: &self.mailer,
            public_url: &self.public_url,
            limit: &self.signup_limit,
        }
    }
}
