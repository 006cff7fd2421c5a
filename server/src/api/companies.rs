//! Companies: provisioning (public), reading one (its people, or root).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tenantry_app::error::AppError;
use tenantry_core::identity::Action;
use tenantry_core::provisioning::{self, ProvisionRequest};
use tenantry_core::settings::{IssueStatus, Notifications};
use utoipa::ToSchema;
use uuid::Uuid;

use super::extract::{ApiCaller, ApiJson, ApiPath, ClientMeta};
use crate::state::AppState;

/// A new company and its first admin (the owner).
#[derive(Debug, Deserialize, ToSchema)]
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

/// Creates a company, its owner account and its default settings, all or nothing.
#[utoipa::path(
    post,
    path = "/api/v1/companies/provision",
    tag = "companies",
    request_body = ProvisionBody,
    responses(
        (status = 201, description = "The company exists and is active", body = ProvisionedBody),
        (status = 400, description = "`validation_failed`: `fields` names each bad field", body = AppError),
        (status = 409, description = "`conflict`: the company name, slug or email is taken", body = AppError),
    )
)]
pub async fn provision(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<ProvisionBody>,
) -> Result<(StatusCode, Json<ProvisionedBody>), AppError> {
    let request = ProvisionRequest {
        company_name: body.company_name,
        admin_email: body.admin_email,
        admin_name: body.admin_name,
        subscription_tier: body.subscription_tier,
        admin_password: body.admin_password,
        slug: body.slug,
    };
    let app = &state.app;
    let done = provisioning::provision(&app.store, &app.mailer, &app.public_url, request, meta).await?;
    let login = format!("{}/login", state.app.public_url);
    let first_step = if done.owner_invited {
        format!("Set your password from the link mailed to {}, then log in at {login}.", done.owner_email.as_str())
    } else {
        format!("Log in at {login} as {}.", done.owner_email.as_str())
    };
    let company = done.company;
    Ok((
        StatusCode::CREATED,
        Json(ProvisionedBody {
            company_id: company.id.to_string(),
            next_steps: vec![
                first_step,
                format!("Open your workspace at {}/c/{}.", state.app.public_url, company.slug),
                "Invite your team and create your first issue.".to_owned(),
            ],
            company_name: company.name,
            slug: company.slug,
            admin_email: done.owner_email.as_str().to_owned(),
            subscription_tier: company.tier_name,
            status: company.status.as_str().to_owned(),
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
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsBody {
    /// In order; issues in a `done` status count as resolved.
    #[schema(value_type = Vec<Object>)]
    issue_statuses: Vec<IssueStatus>,
    priority_levels: Vec<String>,
    issue_types: Vec<String>,
    #[schema(value_type = Vec<Object>)]
    custom_fields: Vec<serde_json::Value>,
    #[schema(value_type = Object)]
    integrations: serde_json::Map<String, serde_json::Value>,
    #[schema(value_type = Object)]
    notifications: Notifications,
    #[schema(value_type = Object)]
    branding: serde_json::Map<String, serde_json::Value>,
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
    let tenant = caller.authorize(Action::ReadCompany, company_id)?;
    let company = state.app.store.company(tenant.company_id()).await?;
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
            integrations: settings.integrations,
            notifications: settings.notifications,
            branding: settings.branding,
            time_zone: company.time_zone,
        },
    }))
}
