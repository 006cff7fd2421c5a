//! The settings pages' data: the company's settings as its admins edit them, and one server
//! function that applies `config_updates` through the same core rules as `POST …/customize`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::workspace::company_of;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusView {
    pub name: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldView {
    pub name: String,
    /// `text`, `number`, `date`, `select` or `checkbox`.
    pub kind: String,
    pub options: Vec<String>,
    pub required: bool,
}

#[cfg(feature = "ssr")]
impl From<tenantry_core::settings::CustomField> for FieldView {
    fn from(field: tenantry_core::settings::CustomField) -> Self {
        FieldView {
            name: field.name,
            kind: field.kind.as_str().to_owned(),
            options: field.options,
            required: field.required,
        }
    }
}

/// Everything the settings pages show and edit (no secrets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingsView {
    pub company_name: String,
    pub slug: String,
    pub time_zone: String,
    pub tier: String,
    pub statuses: Vec<StatusView>,
    pub priorities: Vec<String>,
    pub issue_types: Vec<String>,
    pub custom_fields: Vec<FieldView>,
    /// How many custom fields the plan allows (`None`: unlimited).
    pub max_custom_fields: Option<i64>,
    pub custom_workflows: bool,
    pub may_edit: bool,
}

/// What a saved change did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub issues_moved: i64,
    /// The company's address after the change (a new slug moves the pages).
    pub slug: String,
}

#[server]
pub async fn get_settings(slug: String) -> Result<SettingsView, AppError> {
    use tenantry_core::identity::Action;
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let (entitlements, _) = tenantry_core::entitlements::get(&ctx.store, &caller, company_id).await?;
    let may_edit = caller.authorize(Action::Customize, company_id).is_ok();
    let company = ctx.store.company(company_id).await?;
    let settings = company.settings;
    Ok(SettingsView {
        company_name: company.name,
        slug: company.slug,
        time_zone: company.time_zone,
        tier: company.tier_name,
        statuses: settings.issue_statuses.into_iter().map(|s| StatusView { name: s.name, done: s.done }).collect(),
        priorities: settings.priority_levels,
        issue_types: settings.issue_types,
        custom_fields: settings
            .custom_fields
            .into_iter()
            .map(|f| FieldView {
                name: f.name,
                kind: f.kind.as_str().to_owned(),
                options: f.options,
                required: f.required,
            })
            .collect(),
        max_custom_fields: entitlements.custom_fields,
        custom_workflows: entitlements.custom_workflows,
        may_edit,
    })
}

/// The time zones a company may choose, by IANA name.
#[server]
pub async fn time_zones() -> Result<Vec<String>, AppError> {
    Ok(tenantry_core::customize::time_zones().into_iter().map(str::to_owned).collect())
}

/// Applies `updates` (the JSON of `config_updates`); refusals carry the API's codes and extras
/// (`fields`, `in_use`, `feature`).
#[server]
pub async fn save_settings(slug: String, updates: String) -> Result<Saved, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let updates: serde_json::Value = serde_json::from_str(&updates)
        .map_err(|_| AppError::new(crate::error::ErrorCode::ValidationFailed, "The settings were not understood."))?;
    let meta = crate::auth::session::request_meta().await;
    let done = tenantry_core::customize::customize(
        &ctx.store,
        &caller,
        company_id,
        Some(&updates),
        ctx.deliverer.policy(),
        &meta,
    )
    .await?;
    let company = ctx.store.company(company_id).await?;
    Ok(Saved { issues_moved: done.issues_moved, slug: company.slug })
}

impl AppError {
    /// Issues per value that a removal would strand (`conflict` answers carry them).
    pub fn in_use(&self, key: &str) -> Vec<(String, i64)> {
        self.extra
            .get("in_use")
            .and_then(|in_use| in_use.get(key))
            .and_then(|values| values.as_object())
            .map(|values| values.iter().map(|(name, n)| (name.clone(), n.as_i64().unwrap_or(0))).collect())
            .unwrap_or_default()
    }
}

/// A Slack channel as shown: never the URL itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlackView {
    pub url_hint: String,
    pub events: Vec<String>,
}

/// A webhook as shown: never its secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookView {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntegrationsView {
    pub tier: String,
    pub slack_allowed: bool,
    pub webhooks_allowed: bool,
    pub email: bool,
    pub email_events: Vec<String>,
    pub slack: Option<SlackView>,
    pub webhooks: Vec<WebhookView>,
}

/// One line of the delivery log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryLine {
    pub id: String,
    pub at: String,
    pub target: String,
    pub event: String,
    /// `delivered`, `retrying` or `failed`.
    pub state: String,
    pub attempts: i64,
    pub status_code: Option<i64>,
    pub latency_ms: Option<i64>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryPage {
    pub items: Vec<DeliveryLine>,
    pub next: Option<String>,
}

#[cfg(feature = "ssr")]
impl From<tenantry_core::webhooks::Delivery> for DeliveryLine {
    fn from(d: tenantry_core::webhooks::Delivery) -> Self {
        let state = d.state();
        DeliveryLine {
            id: d.id.to_string(),
            at: d.created_at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            target: d.target,
            event: d.event,
            state: state.to_owned(),
            attempts: d.attempts,
            status_code: d.status_code,
            latency_ms: d.latency_ms,
            error: d.error,
        }
    }
}

#[server]
pub async fn get_integrations(slug: String) -> Result<IntegrationsView, AppError> {
    use tenantry_core::entitlements::Feature;
    use tenantry_core::identity::Action;
    let (ctx, caller, company_id) = company_of(&slug).await?;
    // Only those who may change them see integrations.
    caller.authorize(Action::Customize, company_id)?;
    let (entitlements, _) = tenantry_core::entitlements::get(&ctx.store, &caller, company_id).await?;
    let company = ctx.store.company(company_id).await?;
    let settings = company.settings;
    let names = |events: &[tenantry_core::settings::Event]| events.iter().map(|e| e.as_str().to_owned()).collect();
    let shown = settings.integrations.public();
    Ok(IntegrationsView {
        tier: company.tier_name,
        slack_allowed: entitlements.has(Feature::Slack),
        webhooks_allowed: entitlements.has(Feature::Webhooks),
        email: settings.notifications.email,
        email_events: names(&settings.notifications.events),
        slack: settings.integrations.slack.as_ref().map(|slack| SlackView {
            url_hint: shown["slack"]["webhook_url_hint"].as_str().unwrap_or_default().to_owned(),
            events: names(&slack.events),
        }),
        webhooks: settings
            .integrations
            .webhooks
            .iter()
            .map(|hook| WebhookView {
                id: hook.id.to_string(),
                url: hook.url.clone(),
                events: names(&hook.events),
                active: hook.active,
            })
            .collect(),
    })
}

/// Posts a test to a webhook (by id) or to `slack` now, and says how the receiver answered.
#[server]
pub async fn send_test(slug: String, target: String) -> Result<DeliveryLine, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    Ok(ctx.deliverer.send_test(&caller, company_id, &target).await?.into())
}

#[server]
pub async fn get_deliveries(slug: String, before: Option<String>) -> Result<DeliveryPage, AppError> {
    const PAGE: i64 = 25;
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let before = match before.filter(|b| !b.is_empty()) {
        Some(raw) => Some(raw.parse().map_err(|_| AppError::not_found())?),
        None => None,
    };
    let mut items = tenantry_core::webhooks::log(&ctx.store, &caller, company_id, before, PAGE + 1).await?;
    let next = (items.len() as i64 > PAGE).then(|| {
        items.truncate(PAGE as usize);
        items.last().map(|d| d.id.to_string()).unwrap_or_default()
    });
    Ok(DeliveryPage { items: items.into_iter().map(DeliveryLine::from).collect(), next })
}

/// The branding page's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BrandingView {
    pub company_id: String,
    pub tier: String,
    pub white_label: bool,
    pub logo_url: Option<String>,
    pub accent_color: Option<String>,
    pub product_name: Option<String>,
}

#[server]
pub async fn get_branding(slug: String) -> Result<BrandingView, AppError> {
    use tenantry_core::entitlements::Feature;
    use tenantry_core::identity::Action;
    let (ctx, caller, company_id) = company_of(&slug).await?;
    caller.authorize(Action::Customize, company_id)?;
    let (entitlements, _) = tenantry_core::entitlements::get(&ctx.store, &caller, company_id).await?;
    let company = ctx.store.company(company_id).await?;
    let branding = company.settings.branding;
    Ok(BrandingView {
        company_id: company_id.to_string(),
        tier: company.tier_name,
        white_label: entitlements.has(Feature::WhiteLabel),
        logo_url: branding.logo.map(|digest| format!("/logos/{company_id}/{digest}")),
        accent_color: branding.accent_color,
        product_name: branding.product_name,
    })
}
