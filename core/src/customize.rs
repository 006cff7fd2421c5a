//! Changing a company's settings (`POST …/customize`): the same rules for the settings pages and
//! the API. `plan` turns the requested updates into new settings and the moves existing issues
//! need; the store applies them in one transaction.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::audit::{AuditEvent, RequestMeta};
use crate::company::Company;
use crate::domain::{CompanyName, Slug};
use crate::entitlements::{Entitlements, Feature, Limit};
use crate::identity::{Action, Caller};
use crate::settings::fields::{self, duplicate};
use crate::settings::integrations::{MAX_WEBHOOKS, SECRET_CHARS, Slack, TargetPolicy, Webhook};
use crate::settings::{Branding, CompanySettings, CustomField, Event, IssueStatus, branding};
use crate::tiers::Tier;
use crate::validation::Fields;
use crate::{Error, Result, Store};

/// The keys `config_updates` may hold.
pub const KEYS: [&str; 9] = [
    "general",
    "issue_statuses",
    "priority_levels",
    "issue_types",
    "custom_fields",
    "integrations",
    "notifications",
    "branding",
    "mappings",
];

/// A status list, a priority list or a type list has 1 to this many values.
pub const MAX_VALUES: usize = 20;

/// Where the issues using a value go: a value still present under another spelling or mapped
/// elsewhere (`Some`), or removed without a mapping (`None`: refused while issues use it).
pub type Moves = BTreeMap<String, Option<String>>;

/// What becomes of a custom field's values when the field goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldFate {
    /// The values move to the field of this name (same type).
    MovedTo(String),
    /// Dropped, as the request confirmed (mapping to `null`).
    Dropped,
    /// Not said: refused while issues have values for it.
    Unconfirmed,
}

/// Everything a customize request changes, checked against the company's settings and tier.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The settings the plan was made from; the store refuses if they changed meanwhile.
    pub before: CompanySettings,
    pub settings: CompanySettings,
    pub name: Option<CompanyName>,
    pub slug: Option<Slug>,
    pub time_zone: Option<String>,
    /// The keys that were sent, in the order of `KEYS`.
    pub updated: Vec<&'static str>,
    pub statuses: Moves,
    pub priorities: Moves,
    pub types: Moves,
    pub fields: BTreeMap<String, FieldFate>,
    /// Select options that go, per field that stays: refused while issues use them.
    pub removed_options: BTreeMap<String, Vec<String>>,
    /// Outbound URLs to check by resolving them before anything is written.
    pub targets: Vec<(String, url::Url)>,
}

impl Plan {
    /// Whether issues may need rewriting: a value or field goes, or a status changes done-ness.
    pub fn moves_issues(&self) -> bool {
        !(self.statuses.is_empty() && self.priorities.is_empty() && self.types.is_empty() && self.fields.is_empty())
            || self.done_changes().next().is_some()
    }

    /// Statuses that stay but flip between done and not done.
    pub fn done_changes(&self) -> impl Iterator<Item = &IssueStatus> {
        self.settings.issue_statuses.iter().filter(|after| {
            self.before.issue_statuses.iter().any(|before| before.name == after.name && before.done != after.done)
        })
    }

    pub fn priorities_changed(&self) -> bool {
        self.before.priority_levels != self.settings.priority_levels
    }
}

/// What the API answers.
#[derive(Debug, Clone)]
pub struct Customized {
    pub company_id: Uuid,
    pub updated_configs: Vec<&'static str>,
    pub updated_at: DateTime<Utc>,
    /// Issues rewritten to fit the new settings.
    pub issues_moved: i64,
}

pub async fn customize(
    store: &Store,
    caller: &Caller,
    company_id: Uuid,
    updates: Option<&Value>,
    policy: TargetPolicy,
    meta: &RequestMeta,
) -> Result<Customized> {
    let tenant = caller.authorize(Action::Customize, company_id)?;
    let company = store.company(company_id).await?;
    let (entitlements, _) = store.entitlements(&tenant).await?;
    let tiers = store.tiers().await?;
    let plan = plan(&company, updates, &entitlements, &tiers, policy)?;
    let mut fields = Fields::default();
    for (field, url) in &plan.targets {
        if let Err(why) = policy.resolve(url).await {
            fields.add(field, why);
        }
    }
    fields.finish()?;
    let event = AuditEvent {
        company_id: Some(company_id),
        actor_id: Some(caller.user_id),
        action: "company.customized",
        target: format!("company:{company_id}"),
        details: serde_json::json!({}),
        meta: meta.clone(),
    };
    store.customize(&tenant, &plan, caller.user_id, &event).await
}

/// Every time zone a company may choose, by IANA name.
pub fn time_zones() -> Vec<&'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|zone| zone.name()).collect()
}

/// Checks `updates` against the company's settings and entitlements and says what would change.
pub fn plan(
    company: &Company,
    updates: Option<&Value>,
    entitlements: &Entitlements,
    tiers: &[Tier],
    policy: TargetPolicy,
) -> Result<Plan> {
    let Some(updates) = updates.and_then(Value::as_object).filter(|updates| !updates.is_empty()) else {
        return Err(Error::invalid(
            "config_updates",
            format!("config_updates is an object with one or more of: {}.", KEYS.join(", ")),
        ));
    };
    let mut fields = Fields::default();
    for unknown in updates.keys().filter(|key| !KEYS.contains(&key.as_str())) {
        fields.add(unknown, format!("\"{unknown}\" is not a setting; use {}.", KEYS.join(", ")));
    }
    let before = &company.settings;
    let mut plan = Plan {
        before: before.clone(),
        settings: before.clone(),
        name: None,
        slug: None,
        time_zone: None,
        updated: KEYS.into_iter().filter(|key| *key != "mappings" && updates.contains_key(*key)).collect(),
        statuses: Moves::new(),
        priorities: Moves::new(),
        types: Moves::new(),
        fields: BTreeMap::new(),
        removed_options: BTreeMap::new(),
        targets: Vec::new(),
    };
    let mappings = mappings(updates.get("mappings"), &mut fields);
    if let Some(general) = updates.get("general") {
        parse_general(general, company, &mut plan, &mut fields);
    }
    if let Some(statuses) = section(updates, "issue_statuses", &mut fields, statuses) {
        plan.settings.issue_statuses = statuses;
    }
    if let Some(names) = section(updates, "priority_levels", &mut fields, |raw| names(raw, "priority")) {
        plan.settings.priority_levels = names;
    }
    if let Some(names) = section(updates, "issue_types", &mut fields, |raw| names(raw, "issue type")) {
        plan.settings.issue_types = names;
    }
    if let Some(defined) = section(updates, "custom_fields", &mut fields, custom_fields) {
        plan.settings.custom_fields = defined;
    }
    if let Some(raw) = updates.get("integrations") {
        parse_integrations(raw, &mut plan, policy, &mut fields);
    }
    if let Some(notifications) = section(updates, "notifications", &mut fields, |raw| notifications(raw, before)) {
        plan.settings.notifications = notifications;
    }
    if let Some(raw) = updates.get("branding") {
        parse_branding(raw, &mut plan, &mut fields);
    }
    let after = plan.settings.clone();
    let status_names = |settings: &CompanySettings| -> Vec<String> {
        settings.issue_statuses.iter().map(|s| s.name.clone()).collect()
    };
    plan.statuses = moves(
        &status_names(before),
        &status_names(&after),
        mappings.get("issue_statuses"),
        "issue_statuses",
        &mut fields,
    );
    plan.priorities = moves(
        &before.priority_levels,
        &after.priority_levels,
        mappings.get("priority_levels"),
        "priority_levels",
        &mut fields,
    );
    plan.types =
        moves(&before.issue_types, &after.issue_types, mappings.get("issue_types"), "issue_types", &mut fields);
    field_fates(&mut plan, mappings.get("custom_fields"), &mut fields);
    fields.finish()?;
    for feature in after.features_in_use() {
        if !before.features_in_use().contains(&feature) || changed(before, &after, feature) {
            entitlements.require(feature, tiers)?;
        }
    }
    let (count_before, count_after) = (before.custom_fields.len() as i64, after.custom_fields.len() as i64);
    if count_after > count_before {
        entitlements.allow(Limit::CustomFields, count_before, count_after - count_before)?;
    }
    Ok(plan)
}

/// The section `key` as `parse` reads it, when it was sent and is valid (else why, in `fields`).
fn section<T>(
    updates: &Map<String, Value>,
    key: &str,
    fields: &mut Fields,
    parse: impl FnOnce(&Value) -> Result<T>,
) -> Option<T> {
    updates.get(key).and_then(|raw| fields.check(key, parse(raw)))
}

/// Whether the settings behind `feature` change (a plan without it may still clear them, not edit them).
fn changed(before: &CompanySettings, after: &CompanySettings, feature: Feature) -> bool {
    match feature {
        Feature::CustomWorkflows => before.issue_statuses != after.issue_statuses,
        Feature::Slack => before.integrations.slack != after.integrations.slack,
        Feature::Webhooks => before.integrations.webhooks != after.integrations.webhooks,
        Feature::WhiteLabel => before.branding != after.branding,
    }
}

fn object<'a>(raw: &'a Value, allowed: &[&str]) -> std::result::Result<&'a Map<String, Value>, String> {
    let object = raw.as_object().ok_or_else(|| format!("An object with: {}.", allowed.join(", ")))?;
    match object.keys().find(|key| !allowed.contains(&key.as_str())) {
        Some(unknown) => Err(format!("\"{unknown}\" is not known here; use {}.", allowed.join(", "))),
        None => Ok(object),
    }
}

/// A failed check as the error `Fields::check` files under its field.
fn why(sentence: impl Into<String>) -> Error {
    Error::invalid("", sentence)
}

fn parse_general(raw: &Value, company: &Company, plan: &mut Plan, fields: &mut Fields) {
    let general = match object(raw, &["company_name", "slug", "time_zone"]) {
        Ok(general) => general,
        Err(sentence) => return fields.add("general", sentence),
    };
    let text = |key: &str| general.get(key).map(|value| value.as_str().unwrap_or_default());
    if let Some(raw) = text("company_name") {
        plan.name =
            fields.check("general.company_name", CompanyName::parse(raw)).filter(|name| name.as_str() != company.name);
    }
    if let Some(raw) = text("slug") {
        plan.slug = fields.check("general.slug", Slug::parse(raw)).filter(|slug| slug.as_str() != company.slug);
    }
    if let Some(raw) = text("time_zone") {
        match raw.trim().parse::<chrono_tz::Tz>() {
            Ok(zone) => plan.time_zone = Some(zone.name().to_owned()).filter(|zone| *zone != company.time_zone),
            Err(_) => fields.add("general.time_zone", "Choose a time zone such as Europe/Paris or America/New_York."),
        }
    }
}

fn list(raw: &Value, what: &str) -> Result<Vec<Value>> {
    match raw.as_array() {
        Some(items) if (1..=MAX_VALUES).contains(&items.len()) => Ok(items.clone()),
        Some(items) if items.is_empty() => Err(why(format!("Keep at least one {what}."))),
        Some(_) => Err(why(format!("At most {MAX_VALUES} of them."))),
        None => Err(why(format!("A list of {what} names."))),
    }
}

/// `["Open", "Done"]` (the last one done) or `[{name, done}, …]` with at least one done.
fn statuses(raw: &Value) -> Result<Vec<IssueStatus>> {
    let items = list(raw, "status")?;
    let all_names = items.iter().all(Value::is_string);
    let mut statuses = Vec::with_capacity(items.len());
    for (position, item) in items.iter().enumerate() {
        let (name, done) = match item {
            Value::String(name) => (name.as_str(), all_names && position + 1 == items.len()),
            Value::Object(status) => {
                let name = status.get("name").and_then(Value::as_str).unwrap_or_default();
                match status.get("done") {
                    None | Some(Value::Null) => (name, false),
                    Some(Value::Bool(done)) => (name, *done),
                    Some(_) => return Err(why("done is true or false.")),
                }
            }
            _ => return Err(why("Each status is a name or {name, done}.")),
        };
        statuses.push(IssueStatus { name: fields::name(name, "status").map_err(why)?, done });
    }
    if let Some(twice) = duplicate(statuses.iter().map(|s| s.name.as_str())) {
        return Err(why(format!("\"{twice}\" is listed twice.")));
    }
    if !statuses.iter().any(|status| status.done) {
        return Err(why("Mark at least one status as done: issues there count as resolved."));
    }
    Ok(statuses)
}

fn names(raw: &Value, what: &str) -> Result<Vec<String>> {
    let names = list(raw, what)?
        .iter()
        .map(|item| fields::name(item.as_str().unwrap_or_default(), what).map_err(why))
        .collect::<Result<Vec<_>>>()?;
    match duplicate(names.iter().map(String::as_str)) {
        Some(twice) => Err(why(format!("\"{twice}\" is listed twice."))),
        None => Ok(names),
    }
}

fn custom_fields(raw: &Value) -> Result<Vec<CustomField>> {
    let items = raw.as_array().ok_or_else(|| why("A list of {name, type, options?, required?}."))?;
    let defined = items.iter().map(|item| CustomField::parse(item).map_err(why)).collect::<Result<Vec<_>>>()?;
    match duplicate(defined.iter().map(|field| field.name.as_str())) {
        Some(twice) => Err(why(format!("\"{twice}\" is listed twice."))),
        None => Ok(defined),
    }
}

fn notifications(raw: &Value, before: &CompanySettings) -> Result<crate::settings::Notifications> {
    let sent = object(raw, &["email", "events"]).map_err(why)?;
    let mut notifications = before.notifications.clone();
    match sent.get("email") {
        None => {}
        Some(Value::Bool(email)) => notifications.email = *email,
        Some(_) => return Err(why("email is true or false.")),
    }
    if let Some(events) = sent.get("events") {
        notifications.events = Event::parse_list(events).map_err(why)?;
    }
    Ok(notifications)
}

/// `{slack?: {webhook_url?, events?} | null, webhooks?: [{id?, url, secret?, events?, active?}]}`.
fn parse_integrations(raw: &Value, plan: &mut Plan, policy: TargetPolicy, fields: &mut Fields) {
    let sent = match object(raw, &["slack", "webhooks"]) {
        Ok(sent) => sent,
        Err(sentence) => return fields.add("integrations", sentence),
    };
    match sent.get("slack") {
        None => {}
        Some(Value::Null) => plan.settings.integrations.slack = None,
        Some(raw) => {
            let before = plan.before.integrations.slack.as_ref();
            match slack(raw, before, policy) {
                Ok((slack, target)) => {
                    if let Some(url) = target {
                        plan.targets.push(("integrations.slack".into(), url));
                    }
                    plan.settings.integrations.slack = Some(slack);
                }
                Err(sentence) => fields.add("integrations.slack", sentence),
            }
        }
    }
    if let Some(raw) = sent.get("webhooks") {
        let Some(items) = raw.as_array().filter(|items| items.len() <= MAX_WEBHOOKS) else {
            return fields.add("integrations.webhooks", format!("A list of at most {MAX_WEBHOOKS} webhooks."));
        };
        let mut hooks = Vec::with_capacity(items.len());
        for (position, item) in items.iter().enumerate() {
            match webhook(item, &plan.before, policy) {
                Ok((hook, target)) => {
                    if let Some(url) = target {
                        plan.targets.push((format!("integrations.webhooks[{position}]"), url));
                    }
                    hooks.push(hook);
                }
                Err(sentence) => fields.add(&format!("integrations.webhooks[{position}]"), sentence),
            }
        }
        plan.settings.integrations.webhooks = hooks;
    }
}

/// The Slack settings and, when its URL is new, the URL to check.
fn slack(
    raw: &Value,
    before: Option<&Slack>,
    policy: TargetPolicy,
) -> std::result::Result<(Slack, Option<url::Url>), String> {
    let sent = object(raw, &["webhook_url", "events"])?;
    let events = match sent.get("events") {
        Some(events) => Event::parse_list(events)?,
        None => before.map_or_else(|| Event::ALL.to_vec(), |slack| slack.events.clone()),
    };
    match (sent.get("webhook_url").and_then(Value::as_str), before) {
        (Some(url), _) => {
            let url = policy.check_url(url)?;
            Ok((Slack { webhook_url: url.to_string(), events }, Some(url)))
        }
        (None, Some(before)) => Ok((Slack { webhook_url: before.webhook_url.clone(), events }, None)),
        (None, None) => Err("Paste the Slack incoming-webhook URL.".into()),
    }
}

/// A webhook as sent: an `id` keeps an existing one (and its secret unless a new one is sent).
fn webhook(
    raw: &Value,
    before: &CompanySettings,
    policy: TargetPolicy,
) -> std::result::Result<(Webhook, Option<url::Url>), String> {
    let sent = object(raw, &["id", "url", "secret", "events", "active"])?;
    let existing = match sent.get("id") {
        None | Some(Value::Null) => None,
        Some(id) => {
            let id = id.as_str().and_then(|id| Uuid::parse_str(id).ok());
            Some(id.and_then(|id| before.integrations.webhook(id)).ok_or("No webhook has this id.")?)
        }
    };
    let url = sent.get("url").and_then(Value::as_str).ok_or("A webhook needs a url.")?;
    let url = policy.check_url(url)?;
    let secret = match (sent.get("secret").and_then(Value::as_str), existing) {
        (Some(secret), _) if SECRET_CHARS.contains(&secret.chars().count()) => secret.to_owned(),
        (Some(_), _) | (None, None) => {
            return Err(format!(
                "A webhook needs a secret of {} to {} characters to sign its deliveries.",
                SECRET_CHARS.start(),
                SECRET_CHARS.end()
            ));
        }
        (None, Some(existing)) => existing.secret.clone(),
    };
    let events = match sent.get("events") {
        Some(events) => Event::parse_list(events)?,
        None => existing.map_or_else(|| Event::ALL.to_vec(), |hook| hook.events.clone()),
    };
    let active = match sent.get("active") {
        None => existing.is_none_or(|hook| hook.active),
        Some(Value::Bool(active)) => *active,
        Some(_) => return Err("active is true or false.".into()),
    };
    let url_changed = existing.is_none_or(|hook| hook.url != url.as_str());
    let hook = Webhook {
        id: existing.map_or_else(Uuid::now_v7, |hook| hook.id),
        url: url.to_string(),
        secret,
        events,
        active,
    };
    Ok((hook, url_changed.then_some(url)))
}

/// `{accent_color?, product_name?, logo?: null}`: a key sets, `null` clears, absent keeps.
fn parse_branding(raw: &Value, plan: &mut Plan, fields: &mut Fields) {
    let sent = match object(raw, &["accent_color", "product_name", "logo"]) {
        Ok(sent) => sent,
        Err(sentence) => return fields.add("branding", sentence),
    };
    let mut branding: Branding = plan.before.branding.clone();
    match sent.get("accent_color") {
        None => {}
        Some(Value::Null) => branding.accent_color = None,
        Some(raw) => match branding::color(raw.as_str().unwrap_or_default()) {
            Ok(color) => branding.accent_color = Some(color),
            Err(sentence) => fields.add("branding.accent_color", sentence),
        },
    }
    match sent.get("product_name") {
        None => {}
        Some(Value::Null) => branding.product_name = None,
        Some(raw) => {
            let name = raw.as_str().unwrap_or_default().trim();
            if name.is_empty() || name.chars().count() > branding::MAX_PRODUCT_NAME_CHARS {
                let max = branding::MAX_PRODUCT_NAME_CHARS;
                fields.add(
                    "branding.product_name",
                    format!("A product name has 1 to {max} characters (null removes it)."),
                );
            } else {
                branding.product_name = Some(name.to_owned());
            }
        }
    }
    match sent.get("logo") {
        None => {}
        Some(Value::Null) => branding.logo = None,
        Some(_) => {
            fields.add("branding.logo", "Upload a logo with PUT …/branding/logo; here it can only be null (removed).")
        }
    }
    plan.settings.branding = branding;
}

/// `{issue_statuses?: {from: to}, priority_levels?: …, issue_types?: …, custom_fields?: {from: to | null}}`.
fn mappings(raw: Option<&Value>, fields: &mut Fields) -> BTreeMap<String, Map<String, Value>> {
    let keys = ["issue_statuses", "priority_levels", "issue_types", "custom_fields"];
    let Some(raw) = raw else { return BTreeMap::new() };
    let sent = match object(raw, &keys) {
        Ok(sent) => sent,
        Err(sentence) => {
            fields.add("mappings", sentence);
            return BTreeMap::new();
        }
    };
    let mut mappings = BTreeMap::new();
    for (key, value) in sent {
        let valid = value
            .as_object()
            .filter(|pairs| pairs.values().all(|to| to.is_string() || (key == "custom_fields" && to.is_null())));
        match valid {
            Some(pairs) => {
                mappings.insert(key.clone(), pairs.clone());
            }
            None => fields.add(&format!("mappings.{key}"), "An object of old name to new name."),
        }
    }
    mappings
}

/// Where the values of `before` that are not in `after` (by exact spelling) go.
fn moves(
    before: &[String],
    after: &[String],
    mapping: Option<&Map<String, Value>>,
    key: &str,
    fields: &mut Fields,
) -> Moves {
    let find = |raw: &str| after.iter().find(|name| name.eq_ignore_ascii_case(raw.trim())).cloned();
    let mut moves = Moves::new();
    for gone in before.iter().filter(|name| !after.contains(name)) {
        let mapped = mapping.and_then(|pairs| {
            pairs.iter().find(|(from, _)| from.eq_ignore_ascii_case(gone)).and_then(|(_, to)| to.as_str())
        });
        let destination = match mapped {
            Some(to) => match find(to) {
                Some(found) => Some(found),
                None => {
                    fields.add(
                        &format!("mappings.{key}"),
                        format!("\"{to}\" is not in the new {}.", key.replace('_', " ")),
                    );
                    None
                }
            },
            // The same value respelled ("open" → "Open") keeps its issues.
            None => find(gone),
        };
        moves.insert(gone.clone(), destination);
    }
    moves
}

fn field_fates(plan: &mut Plan, mapping: Option<&Map<String, Value>>, fields: &mut Fields) {
    let after = plan.settings.clone();
    for old in &plan.before.custom_fields {
        match after.custom_field(&old.name) {
            Some(new) if new.kind == old.kind => {
                let gone: Vec<String> = old.options.iter().filter(|o| !new.options.contains(o)).cloned().collect();
                if !gone.is_empty() {
                    plan.removed_options.insert(old.name.clone(), gone);
                }
                continue;
            }
            _ => {}
        }
        // Gone, or its type changed: its values cannot stay as they are.
        let fate = match mapping.and_then(|pairs| pairs.get(&old.name)) {
            Some(Value::Null) => FieldFate::Dropped,
            Some(Value::String(to)) => match after.custom_field(to) {
                Some(new) if new.kind == old.kind && new.name != old.name => FieldFate::MovedTo(new.name.clone()),
                _ => {
                    fields.add(
                        "mappings.custom_fields",
                        format!(
                            "\"{}\" can move to a new field of the same type ({}), or to null.",
                            old.name,
                            old.kind.as_str()
                        ),
                    );
                    FieldFate::Unconfirmed
                }
            },
            _ => FieldFate::Unconfirmed,
        };
        plan.fields.insert(old.name.clone(), fate);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::company::CompanyStatus;
    use crate::entitlements::{Overrides, of};

    fn tier(name: &str, rank: i64, workflows: bool, integrations: &[&str], white_label: bool) -> Tier {
        Tier {
            id: name.to_lowercase(),
            name: name.into(),
            rank,
            price_monthly_usd: rank * 10,
            max_users: None,
            max_issues: None,
            max_api_calls_daily: None,
            max_custom_fields: Some(2),
            history_days: None,
            custom_workflows: workflows,
            team_analytics: false,
            advanced_analytics: false,
            integrations: integrations.iter().map(|i| i.to_string()).collect(),
            sla_tracking: false,
            sso: false,
            white_label,
        }
    }

    fn tiers() -> Vec<Tier> {
        vec![
            tier("Basic", 1, false, &["email"], false),
            tier("Premium", 2, true, &["email", "slack", "webhooks"], false),
            tier("Platinum", 3, true, &["email", "slack", "webhooks"], true),
        ]
    }

    fn company() -> Company {
        Company {
            id: Uuid::nil(),
            name: "Acme".into(),
            slug: "acme".into(),
            tier_id: "premium".into(),
            tier_name: "Premium".into(),
            status: CompanyStatus::Active,
            time_zone: "UTC".into(),
            settings: CompanySettings::default(),
            created_at: Utc::now(),
            user_count: 1,
            issue_count: 0,
            suspension: None,
            last_active_on: None,
            owner_email: "owner@acme.test".into(),
        }
    }

    fn on(tier: usize, updates: Value) -> Result<Plan> {
        let tiers = tiers();
        let entitlements = of(&tiers[tier], &Overrides::default());
        plan(&company(), Some(&updates), &entitlements, &tiers, TargetPolicy { allow_private: true })
    }

    fn field_errors(result: Result<Plan>) -> BTreeMap<String, String> {
        match result {
            Err(Error::Validation { fields, .. }) => fields,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_rename_with_a_mapping_moves_issues_and_a_bare_removal_needs_one() {
        let plan = on(
            1,
            json!({
                "issue_statuses": ["open", "Doing", "Done"],
                "mappings": {"issue_statuses": {"In Progress": "Doing"}}
            }),
        )
        .unwrap();
        assert_eq!(plan.settings.issue_statuses.last().unwrap(), &IssueStatus { name: "Done".into(), done: true });
        assert_eq!(plan.statuses["Open"], Some("open".into()), "a respelling keeps its issues");
        assert_eq!(plan.statuses["In Progress"], Some("Doing".into()));
        assert_eq!(plan.statuses["In Review"], None, "removed without a mapping");
        assert_eq!(plan.statuses["Closed"], None);
        assert_eq!(plan.updated, ["issue_statuses"]);
    }

    #[test]
    fn bad_input_names_each_field() {
        let errors = field_errors(on(
            2,
            json!({
                "issue_statuses": [{"name": "A", "done": false}],
                "priority_levels": ["High", "high"],
                "issue_types": [],
                "general": {"time_zone": "Mars/Olympus", "slug": "A B"},
                "branding": {"accent_color": "blue"},
                "colour": 1,
                "mappings": {"issue_types": {"Bug": "Nope"}}
            }),
        ));
        for field in [
            "issue_statuses",
            "priority_levels",
            "issue_types",
            "general.time_zone",
            "general.slug",
            "branding.accent_color",
            "colour",
        ] {
            assert!(errors.contains_key(field), "{field} missing from {errors:?}");
        }
        assert!(field_errors(on(1, json!({}))).contains_key("config_updates"));
        assert!(field_errors(on(1, json!([1]))).contains_key("config_updates"));
    }

    #[test]
    fn features_the_tier_lacks_are_refused_and_limits_counted() {
        let refused = |result: Result<Plan>| match result {
            Err(Error::FeatureNotInTier { feature, available_in, .. }) => (feature, available_in),
            other => panic!("{other:?}"),
        };
        let (feature, available_in) = refused(on(0, json!({"issue_statuses": ["Open", "Blocked", "Closed"]})));
        assert_eq!((feature, available_in), ("custom_workflows", vec!["Premium".to_owned(), "Platinum".to_owned()]));
        assert_eq!(refused(on(1, json!({"branding": {"accent_color": "#123456"}}))).0, "white_label");
        assert_eq!(
            refused(on(0, json!({"integrations": {"slack": {"webhook_url": "https://hooks.slack.com/x"}}}))).0,
            "slack"
        );
        assert!(
            on(0, json!({"issue_statuses": CompanySettings::default().issue_statuses})).is_ok(),
            "the defaults are fine"
        );
        assert!(on(0, json!({"priority_levels": ["P3", "P2", "P1"]})).is_ok(), "priorities are for every tier");
        let three = json!({"custom_fields": [{"name": "A", "type": "text"}, {"name": "B", "type": "date"}, {"name": "C", "type": "checkbox"}]});
        assert!(matches!(on(1, three), Err(Error::TierLimitReached { limit: "custom_fields", .. })));
    }

    #[test]
    fn webhooks_need_a_secret_and_keep_theirs_by_id() {
        let errors = field_errors(on(1, json!({"integrations": {"webhooks": [{"url": "https://example.com/h"}]}})));
        assert!(errors["integrations.webhooks[0]"].contains("secret"), "{errors:?}");
        let plan = on(
            1,
            json!({"integrations": {"webhooks": [{"url": "https://example.com/h", "secret": "0123456789abcdef"}]}}),
        )
        .unwrap();
        let hook = &plan.settings.integrations.webhooks[0];
        assert_eq!((hook.events.len(), hook.active), (3, true));
        assert_eq!(plan.targets.len(), 1);
    }

    #[test]
    fn removed_fields_need_confirming_and_type_changes_count_as_removal() {
        let mut company = company();
        company.settings.custom_fields = vec![
            CustomField::parse(&json!({"name": "Sev", "type": "select", "options": ["S1", "S2"]})).unwrap(),
            CustomField::parse(&json!({"name": "Due", "type": "date"})).unwrap(),
        ];
        let tiers = tiers();
        let entitlements = of(&tiers[2], &Overrides::default());
        let run = |updates: Value| plan(&company, Some(&updates), &entitlements, &tiers, TargetPolicy::default());
        let plan = run(json!({"custom_fields": [{"name": "Sev", "type": "select", "options": ["S1"]}, {"name": "Due", "type": "text"}]})).unwrap();
        assert_eq!(plan.removed_options["Sev"], ["S2"]);
        assert_eq!(plan.fields["Due"], FieldFate::Unconfirmed);
        let plan = run(json!({"custom_fields": [{"name": "Deadline", "type": "date"}], "mappings": {"custom_fields": {"Due": "Deadline", "Sev": null}}})).unwrap();
        assert_eq!(plan.fields["Due"], FieldFate::MovedTo("Deadline".into()));
        assert_eq!(plan.fields["Sev"], FieldFate::Dropped);
    }
}
