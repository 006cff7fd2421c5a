//! Tenantry's business rules and storage. No web framework lives here: the
//! server and the Leptos app call into this crate and map its errors.

pub mod activity;
pub mod analytics;
pub mod audit;
pub mod branding;
pub mod company;
pub mod console;
pub mod customize;
pub mod domain;
pub mod entitlements;
pub mod error;
pub mod identity;
pub mod issues;
pub mod mail;
pub mod metering;
pub mod onboarding;
pub mod password;
pub mod password_links;
pub mod people;
pub mod plan_change;
pub mod provisioning;
pub mod root_admin;
pub mod sample_data;
pub mod secret;
pub mod settings;
pub mod signup_limit;
pub mod store;
pub mod suspension;
pub mod teams;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
pub mod tiers;
pub mod tokens;
pub mod validation;
pub mod webhooks;

pub use error::{Error, Result};
pub use store::Store;
