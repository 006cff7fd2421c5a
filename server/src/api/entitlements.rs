//! A company's entitlements as the API shows them, and the operator's overrides.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use tenantry_app::error::AppError;
use tenantry_core::entitlements::{self, Entitlements, Overrides, OverridesChange, Usage};
use utoipa::ToSchema;
use uuid::Uuid;

use super::extract::{ApiCaller, ApiJson, ApiPath, ClientMeta, nullable};
use crate::state::AppState;

/// Limits in force; `null` is unlimited.
#[derive(Debug, Serialize, ToSchema)]
pub struct LimitsBody {
    users: Option<i64>,
    issues: Option<i64>,
    api_calls_daily: Option<i64>,
    custom_fields: Option<i64>,
    history_days: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FeaturesBody {
    custom_workflows: bool,
    team_analytics: bool,
    advanced_analytics: bool,
    /// `email`, `slack`, `webhooks`.
    integrations: Vec<String>,
    sla_tracking: bool,
    sso: bool,
    white_label: bool,
}

/// The tier's limits with the company's overrides on top, and its features.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntitlementsBody {
    tier: String,
    limits: LimitsBody,
    features: FeaturesBody,
    /// Company-specific limits set by the platform operator (`null`: the tier's).
    overrides: LimitsBody,
}

impl From<Entitlements> for EntitlementsBody {
    fn from(e: Entitlements) -> Self {
        let overrides = limits(&e.overrides);
        EntitlementsBody {
            limits: LimitsBody {
                users: e.users,
                issues: e.issues,
                api_calls_daily: e.api_calls_daily,
                custom_fields: e.custom_fields,
                history_days: e.history_days,
            },
            features: FeaturesBody {
                custom_workflows: e.custom_workflows,
                team_analytics: e.team_analytics,
                advanced_analytics: e.advanced_analytics,
                integrations: e.integrations,
                sla_tracking: e.sla_tracking,
                sso: e.sso,
                white_label: e.white_label,
            },
            overrides,
            tier: e.tier,
        }
    }
}

fn limits(overrides: &Overrides) -> LimitsBody {
    LimitsBody {
        users: overrides.users,
        issues: overrides.issues,
        api_calls_daily: overrides.api_calls_daily,
        custom_fields: overrides.custom_fields,
        history_days: overrides.history_days,
    }
}

/// What the company uses of its counted limits.
#[derive(Debug, Serialize, ToSchema)]
pub struct UsageBody {
    /// The owner, active people and pending invitations that have not expired.
    users: i64,
    /// Issues not archived.
    issues: i64,
}

impl From<Usage> for UsageBody {
    fn from(usage: Usage) -> Self {
        UsageBody { users: usage.users, issues: usage.issues }
    }
}

/// A number sets a company-specific limit, `null` removes the override, an absent field stays.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OverridesBody {
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, nullable)]
    users: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, nullable)]
    issues: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, nullable)]
    api_calls_daily: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, nullable)]
    custom_fields: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, nullable)]
    history_days: Option<Option<i64>>,
}

/// Sets company-specific limits (root only).
#[utoipa::path(
    put,
    path = "/api/v1/companies/{company_id}/overrides",
    tag = "companies",
    request_body = OverridesBody,
    params(("company_id" = String, Path)),
    responses(
        (status = 200, description = "The company's entitlements", body = EntitlementsBody),
        (status = 400, description = "`validation_failed`: a limit that is not a whole number of at least 0", body = AppError),
        (status = 403, description = "`forbidden`: only the platform operator sets overrides", body = AppError),
        (status = 404, body = AppError),
    )
)]
pub async fn set_overrides(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<OverridesBody>,
) -> Result<Json<EntitlementsBody>, AppError> {
    let change = OverridesChange {
        users: body.users,
        issues: body.issues,
        api_calls_daily: body.api_calls_daily,
        custom_fields: body.custom_fields,
        history_days: body.history_days,
    };
    let entitlements = entitlements::set_overrides(&state.app.store, &caller, company_id, change, &meta).await?;
    Ok(Json(entitlements.into()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UsageLimitsBody {
    users: Option<i64>,
    issues: Option<i64>,
    api_calls_daily: Option<i64>,
    custom_fields: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UsageNowBody {
    users: i64,
    issues: i64,
    /// Calls counted today (UTC), this one included; other server instances' within about a second.
    api_calls_today: i64,
    custom_fields: i64,
}

/// Limits (`null` = unlimited) beside what the company uses of them.
#[derive(Debug, Serialize, ToSchema)]
pub struct UsageReportBody {
    tier: String,
    limits: UsageLimitsBody,
    usage: UsageNowBody,
}

/// The company's limits and its usage of each (its people, or root).
#[utoipa::path(
    get,
    path = "/api/v1/companies/{company_id}/usage",
    tag = "companies",
    params(("company_id" = String, Path)),
    responses((status = 200, body = UsageReportBody), (status = 404, body = AppError))
)]
pub async fn usage(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<UsageReportBody>, AppError> {
    let app = &state.app;
    let report = entitlements::usage_report(&app.store, &app.meter, &caller, company_id).await?;
    let e = report.entitlements;
    Ok(Json(UsageReportBody {
        limits: UsageLimitsBody {
            users: e.users,
            issues: e.issues,
            api_calls_daily: e.api_calls_daily,
            custom_fields: e.custom_fields,
        },
        usage: UsageNowBody {
            users: report.usage.users,
            issues: report.usage.issues,
            api_calls_today: report.api_calls_today,
            custom_fields: report.custom_fields,
        },
        tier: e.tier,
    }))
}
