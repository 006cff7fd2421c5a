//! The signup wizard's server functions: each step is checked by the rules provisioning enforces,
//! and the last step provisions through the same core function as the REST endpoint.

// Server functions take one argument per form field.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Step one passed: the address the company will have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyCheck {
    pub slug: String,
}

/// Checks the company's name and slug (derived from the name when empty): valid and free.
#[server]
pub async fn check_company_step(company_name: String, slug: String) -> Result<CompanyCheck, AppError> {
    let ctx = crate::server_context()?;
    let slug = tenantry_core::provisioning::check_company(&ctx.store, &company_name, Some(&slug)).await?;
    Ok(CompanyCheck { slug })
}

/// Checks the owner's name, email (free) and password (the policy), without creating anything.
#[server]
pub async fn check_admin_step(admin_name: String, admin_email: String, admin_password: String) -> Result<(), AppError> {
    let ctx = crate::server_context()?;
    tenantry_core::provisioning::check_admin(&ctx.store, &admin_name, &admin_email, &admin_password).await?;
    Ok(())
}

/// Creates the workspace and logs its owner in; `attempt` makes a retried submission safe.
#[server]
pub async fn sign_up(
    company_name: String,
    slug: String,
    admin_name: String,
    admin_email: String,
    admin_password: String,
    subscription_tier: String,
    sample_data: Option<String>,
    attempt: String,
) -> Result<String, AppError> {
    use tenantry_core::provisioning::{IdempotencyKey, ProvisionRequest};
    let ctx = crate::server_context()?;
    let meta = crate::auth::session::request_meta().await;
    let sample_data = sample_data.is_some_and(|value| value == "on" || value == "true");
    // Every field but the password, which is checked by logging in below.
    let digest = serde_json::json!([company_name, slug, admin_name, admin_email, subscription_tier, sample_data]);
    let idempotency = (!attempt.is_empty()).then(|| IdempotencyKey {
        key: format!("wizard-{attempt}"),
        request_hash: tenantry_core::secret::sha256_hex(&digest.to_string()),
    });
    let request = ProvisionRequest {
        company_name: Some(company_name),
        admin_email: Some(admin_email.clone()),
        admin_name: Some(admin_name),
        subscription_tier: Some(subscription_tier),
        admin_password: Some(admin_password.clone()),
        slug: Some(slug),
        sample_data,
    };
    let provisioned =
        tenantry_core::provisioning::provision(&ctx.provisioner(), request, meta.clone(), idempotency).await?;
    let account =
        tenantry_core::identity::login(&ctx.store, &ctx.login_throttle, &admin_email, &admin_password, &meta).await?;
    crate::auth::session::start(&crate::auth::session::session().await?, &account).await?;
    Ok(provisioned.slug)
}

/// A new workspace's first steps, ticked off as they are done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GettingStarted {
    pub invited_someone: bool,
    pub created_a_team: bool,
    pub created_an_issue: bool,
    pub created_a_token: bool,
}

impl GettingStarted {
    pub fn all_done(&self) -> bool {
        self.invited_someone && self.created_a_team && self.created_an_issue && self.created_a_token
    }
}

#[server]
pub async fn get_getting_started(slug: String) -> Result<GettingStarted, AppError> {
    let (ctx, caller, company_id) = crate::workspace::company_of(&slug).await?;
    let progress = tenantry_core::onboarding::progress(&ctx.store, &caller, company_id).await?;
    Ok(GettingStarted {
        invited_someone: progress.invited_someone,
        created_a_team: progress.created_a_team,
        created_an_issue: progress.created_an_issue,
        created_a_token: progress.created_a_token,
    })
}
