//! Companies: provisioning (public), reading one (its people, or root).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use tenantry_app::error::AppError;
use tenantry_core::customize;
use tenantry_core::entitlements;
use tenantry_core::provisioning::{self, IdempotencyKey, ProvisionRequest};
use tenantry_core::secret;
use tenantry_core::settings::{Branding, CustomField, IssueStatus, Notifications};
use utoipa::ToSchema;
use uuid::Uuid;

use super::entitlements::{EntitlementsBody, UsageBody};
use super::extract::{ApiCaller, ApiJson, ApiPath, ClientMeta};
use crate::state::AppState;

/// A new company and its first admin (the owner).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct ProvisionBody {
    /// 1 to 100 characters, unique whatever the case.
    company_name: Option<String>,
    admin_email: Option<String>,
    /// 1 to 100 characters.
    admin_name: Option<String>,
    /// `Basic` (default), `Premium` or `Platinum`.
    subscription_tier: Option<String>,
    /// At least 8 characters. Without it, the admin sets one from a one-time link.
    admin_password: Option<String>,
    /// The company's address segment; derived from the name when absent.
    slug: Option<String>,
    /// Start with a dozen sample issues (default false).
    #[serde(default)]
    sample_data: bool,
}

impl ProvisionBody {
    /// What a retry must repeat: the body as parsed (so spacing and key order never matter), but
    /// without the password, so that no fast hash of it is ever stored.
    fn digest(&self) -> Result<String, AppError> {
        let mut fields = serde_json::to_value(self).map_err(|_| AppError::internal())?;
        if let Some(fields) = fields.as_object_mut() {
            fields.remove("admin_password");
        }
        Ok(secret::sha256_hex(&fields.to_string()))
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProvisionedBody {
    company_id: String,
    company_name: String,
    slug: String,
    admin_email: String,
    subscription_tier: String,
    /// Always `active` for a new company.
    status: String,
    next_steps: Vec<String>,
}

/// Creates a company, its owner account, its default team and settings, all or nothing, and mails
/// the owner a welcome (with a one-time link to choose a password when none was given).
///
/// With an `Idempotency-Key` header, a retry with the same body gets the first answer again (for 48
/// hours); the same key with another body is 409. Public signup is limited per address (429).
#[utoipa::path(
    post,
    path = "/api/v1/companies/provision",
    tag = "companies",
    request_body = ProvisionBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: 1 to 255 visible ASCII characters")),
    responses(
        (status = 201, description = "The company exists and is active", body = ProvisionedBody),
        (status = 400, description = "`validation_failed`: `fields` names each bad field", body = AppError),
        (status = 409, description = "`conflict`: the company name, slug or email is taken, or the Idempotency-Key was used for another body", body = AppError),
        (status = 429, description = "`rate_limited`: too many signups from this address; see Retry-After", body = AppError),
    )
)]
pub async fn provision(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ProvisionBody>,
) -> Result<(StatusCode, Json<ProvisionedBody>), AppError> {
    let idempotency = match headers.get("idempotency-key") {
        None => None,
        Some(value) => {
            Some(IdempotencyKey { key: value.to_str().unwrap_or_default().to_owned(), request_hash: body.digest()? })
        }
    };
    let request = ProvisionRequest {
        company_name: body.company_name,
        admin_email: body.admin_email,
        admin_name: body.admin_name,
        subscription_tier: body.subscription_tier,
        admin_password: body.admin_password,
        slug: body.slug,
        sample_data: body.sample_data,
    };
    let done = provisioning::provision(&state.app.provisioner(), request, meta, idempotency).await?;
    let public_url = &state.app.public_url;
    let login = format!("{public_url}/login");
    let first_step = if done.owner_invited {
        format!("Set your password from the link mailed to {}, then log in at {login}.", done.owner_email)
    } else {
        format!("Log in at {login} as {}.", done.owner_email)
    };
    Ok((
        StatusCode::CREATED,
        Json(ProvisionedBody {
            company_id: done.company_id.to_string(),
            next_steps: vec![
                first_step,
                format!("Open your workspace at {public_url}/c/{}.", done.slug),
                "Invite your team and create your first issue.".to_owned(),
            ],
            company_name: done.company_name,
            slug: done.slug,
            admin_email: done.owner_email,
            subscription_tier: done.tier,
            status: "active".to_owned(),
        }),
    ))
}

/// A company as its people (and root) read it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyBody {
    company_id: String,
    company_name: String,
    slug: String,
    subscription_tier: String,
    /// `active` or `suspended`.
    status: String,
    created_at: String,
    settings: SettingsBody,
    entitlements: EntitlementsBody,
    usage: UsageBody,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsBody {
    /// In order; issues in a `done` status count as resolved.
    #[schema(value_type = Vec<Object>)]
    issue_statuses: Vec<IssueStatus>,
    /// Lowest first.
    priority_levels: Vec<String>,
    issue_types: Vec<String>,
    /// `{name, type (text|number|date|select|checkbox), options?, required}`.
    #[schema(value_type = Vec<Object>)]
    custom_fields: Vec<CustomField>,
    /// `slack` (`{configured, webhook_url_hint, events}`) and `webhooks` (`[{id, url, events, active}]`); secrets are never shown.
    #[schema(value_type = Object)]
    integrations: serde_json::Value,
    /// `{email, events}`.
    #[schema(value_type = Object)]
    notifications: Notifications,
    /// `{logo?, logo_url?, accent_color?, product_name?}`.
    #[schema(value_type = Object)]
    branding: serde_json::Value,
    time_zone: String,
}

/// One company: its members and root may read it; anyone else gets 404.
#[utoipa::path(
    get,
    path = "/api/v1/companies/{company_id}",
    tag = "companies",
    params(("company_id" = String, Path, description = "The company's id")),
    responses(
        (status = 200, description = "The company", body = CompanyBody),
        (status = 401, description = "`unauthenticated`", body = AppError),
        (status = 404, description = "`not_found`: no such company, or not the caller's", body = AppError),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<CompanyBody>, AppError> {
    let (entitlements, usage) = entitlements::get(&state.app.store, &caller, company_id).await?;
    let company = state.app.store.company(company_id).await?;
    let settings = company.settings;
    Ok(Json(CompanyBody {
        company_id: company.id.to_string(),
        company_name: company.name,
        slug: company.slug,
        subscription_tier: company.tier_name,
        status: company.status.as_str().to_owned(),
        created_at: company.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        settings: SettingsBody {
            issue_statuses: settings.issue_statuses,
            priority_levels: settings.priority_levels,
            issue_types: settings.issue_types,
            custom_fields: settings.custom_fields,
            integrations: settings.integrations.public(),
            notifications: settings.notifications,
            branding: branding_json(company.id, &settings.branding),
            time_zone: company.time_zone,
        },
        entitlements: entitlements.into(),
        usage: usage.into(),
    }))
}

/// Branding as shown: with where the logo is served from, when there is one.
fn branding_json(company_id: Uuid, branding: &Branding) -> serde_json::Value {
    let mut shown = serde_json::to_value(branding).unwrap_or_default();
    if let (Some(logo), Some(shown)) = (&branding.logo, shown.as_object_mut()) {
        shown.insert("logo_url".into(), format!("/logos/{company_id}/{logo}").into());
    }
    shown
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CustomizeBody {
    /// One or more of `general`, `issue_statuses`, `priority_levels`, `issue_types`, `custom_fields`,
    /// `integrations`, `notifications`, `branding`, and `mappings` (where issues using a removed value go).
    #[schema(value_type = Object)]
    config_updates: Option<serde_json::Value>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CustomizedBody {
    company_id: String,
    /// The keys that were applied.
    updated_configs: Vec<String>,
    updated_at: String,
    /// Issues rewritten to fit (mapped values, changed done statuses, moved field values).
    issues_moved: i64,
}

/// Changes the company's settings (owner/admin). Removing a value that issues use needs a mapping
/// saying where they go (409 `conflict` with `in_use` counts otherwise); the issues move in the same
/// transaction, their history and analytics with them.
#[utoipa::path(
    post,
    path = "/api/v1/companies/{company_id}/customize",
    tag = "companies",
    params(("company_id" = String, Path, description = "The company's id")),
    request_body = CustomizeBody,
    responses(
        (status = 200, description = "Applied", body = CustomizedBody),
        (status = 400, description = "`validation_failed`: `fields` names each bad setting (unknown keys too)", body = AppError),
        (status = 403, description = "`forbidden` for members and viewers; `feature_not_in_tier` (`feature`, `tier`, `available_in`); `tier_limit_reached` for custom fields", body = AppError),
        (status = 404, description = "`not_found`", body = AppError),
        (status = 409, description = "`conflict`: values in use without a mapping (`in_use`), or a name or slug taken", body = AppError),
    )
)]
pub async fn customize(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<CustomizeBody>,
) -> Result<Json<CustomizedBody>, AppError> {
    let app = &state.app;
    let done = customize::customize(
        &app.store,
        &caller,
        company_id,
        body.config_updates.as_ref(),
        app.deliverer.policy(),
        &meta,
    )
    .await?;
    Ok(Json(CustomizedBody {
        company_id: done.company_id.to_string(),
        updated_configs: done.updated_configs.iter().map(|key| key.to_string()).collect(),
        updated_at: done.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        issues_moved: done.issues_moved,
    }))
}
