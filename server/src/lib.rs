//! The Tenantry server: configuration, the HTTP router and its middleware,
//! and the CLI commands. Business rules live in `tenantry-core`; pages in `tenantry-app`.

pub mod api;
pub mod cli;
pub mod config;
mod http;
pub mod serve;
mod site;
pub mod state;
pub mod telemetry;

pub use config::Config;
pub use serve::{Server, build_router};
