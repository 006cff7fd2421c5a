//! Issues: what a company tracks. Values come from the company's settings; every write keeps the
//! rollups and the company's counts in step, in the same transaction (see `rollup`).

pub mod query;
pub mod rollup;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::audit::{AuditEvent, RequestMeta};
use crate::domain::IssueTitle;
use crate::identity::{Action, Caller};
use crate::settings::CompanySettings;
use crate::validation::Fields;
use crate::{Error, Result, Store};
pub use query::{IssueFilter, ListRequest};

/// Descriptions are long-form text, up to this many characters.
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// Comments, likewise.
pub const MAX_COMMENT_CHARS: usize = 20_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub id: Uuid,
    pub number: i64,
    /// Readable and unique in the company: the slug in capitals and the number (`ACME-42`).
    pub key: String,
    pub title: String,
    pub description: Option<String>,
    pub issue_type: String,
    pub priority: String,
    pub status: String,
    pub assignee_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    pub custom_fields: Map<String, Value>,
    pub archived: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

impl Issue {
    pub fn facts(&self) -> rollup::Facts<'_> {
        rollup::Facts {
            created_at: self.created_at,
            resolved_at: self.resolved_at,
            issue_type: &self.issue_type,
            priority: &self.priority,
            team_id: self.team_id,
            // Archived issues leave the per-status counts.
            status: (!self.archived).then_some(self.status.as_str()),
        }
    }
}

/// A new issue as sent; `None` means not sent.
#[derive(Debug, Clone, Default)]
pub struct NewIssueRequest {
    pub title: Option<String>,
    pub description: Option<String>,
    pub issue_type: Option<String>,
    pub priority: Option<String>,
    pub status: Option<String>,
    pub assignee_id: Option<String>,
    pub team_id: Option<String>,
    pub custom_fields: Option<Value>,
}

/// A change as sent: `None` keeps a field, `Some(None)` clears it (refused for required fields).
#[derive(Debug, Clone, Default)]
pub struct IssueChangeRequest {
    pub title: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub issue_type: Option<Option<String>>,
    pub priority: Option<Option<String>>,
    pub status: Option<Option<String>>,
    pub assignee_id: Option<Option<String>>,
    pub team_id: Option<Option<String>>,
    pub custom_fields: Option<Option<Value>>,
    pub archived: Option<Option<bool>>,
}

/// A status as the company defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChoice {
    pub name: String,
    pub done: bool,
}

/// A new issue that passed every check the settings allow; the store checks assignee and team.
#[derive(Debug, Clone)]
pub struct NewIssue {
    pub title: IssueTitle,
    pub description: Option<String>,
    pub issue_type: String,
    pub priority: String,
    pub priority_rank: i64,
    pub status: StatusChoice,
    pub assignee_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    pub custom_fields: Map<String, Value>,
}

/// A change that passed every check the settings allow.
#[derive(Debug, Clone, Default)]
pub struct IssueChange {
    pub title: Option<IssueTitle>,
    pub description: Option<Option<String>>,
    pub issue_type: Option<String>,
    pub priority: Option<(String, i64)>,
    pub status: Option<StatusChoice>,
    pub assignee_id: Option<Option<Uuid>>,
    pub team_id: Option<Option<Uuid>>,
    /// Values to set, merged into the issue's; a `null` value removes one.
    pub custom_fields: Option<Map<String, Value>>,
    pub archived: Option<bool>,
}

impl IssueChange {
    /// Whether anything besides archiving changes (archived issues are read-only).
    pub fn edits_content(&self) -> bool {
        self.title.is_some()
            || self.description.is_some()
            || self.issue_type.is_some()
            || self.priority.is_some()
            || self.status.is_some()
            || self.assignee_id.is_some()
            || self.team_id.is_some()
            || self.custom_fields.is_some()
    }
}

/// One line of an issue's history: who changed which field, from what to what.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub id: Uuid,
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    /// `created`, a field name, `archived` or `deleted`.
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub id: Uuid,
    pub author_id: Option<Uuid>,
    pub author_name: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// A page of issues and where the next one starts.
#[derive(Debug, Clone)]
pub struct IssuePage {
    pub items: Vec<Issue>,
    pub next_cursor: Option<String>,
}

/// Now, to the microsecond both engines keep, so a time read back equals the time written.
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}

pub async fn create(store: &Store, caller: &Caller, company_id: Uuid, request: NewIssueRequest) -> Result<Issue> {
    let tenant = caller.authorize(Action::WriteIssues, company_id)?;
    let company = store.company(company_id).await?;
    let settings = &company.settings;
    let mut fields = Fields::default();
    let title = fields
        .required("title", request.title.as_deref())
        .and_then(|raw| fields.check("title", IssueTitle::parse(raw)));
    let description = request.description.as_deref().and_then(|raw| description(raw, &mut fields)).flatten();
    let issue_type = fields
        .required("issue_type", request.issue_type.as_deref())
        .and_then(|raw| known(settings.issue_type(raw), "issue_type", raw, "issue types", &mut fields));
    let priority = fields.required("priority", request.priority.as_deref()).and_then(|raw| {
        let found = settings.priority(raw);
        known(found.map(|(_, name)| name), "priority", raw, "priorities", &mut fields).zip(found.map(|(rank, _)| rank))
    });
    let status = match request.status.as_deref() {
        Some(raw) => status_choice(settings, raw, &mut fields),
        None => settings.issue_statuses.first().map(|s| StatusChoice { name: s.name.clone(), done: s.done }),
    };
    let assignee_id =
        request.assignee_id.as_deref().and_then(|raw| id_field(raw, "assignee_id", &mut fields)).flatten();
    let team_id = request.team_id.as_deref().and_then(|raw| id_field(raw, "team_id", &mut fields)).flatten();
    let custom_fields = new_custom_values(request.custom_fields.as_ref(), settings, &mut fields);
    fields.finish()?;
    let (Some(title), Some(issue_type), Some((priority, priority_rank)), Some(status)) =
        (title, issue_type, priority, status)
    else {
        return Err(Error::Internal("an issue field passed validation without a value".into()));
    };
    let new = NewIssue {
        title,
        description,
        issue_type,
        priority,
        priority_rank,
        status,
        assignee_id,
        team_id,
        custom_fields: custom_fields.unwrap_or_default(),
    };
    store.create_issue(&tenant, &new, caller.user_id).await
}

pub async fn list(store: &Store, caller: &Caller, company_id: Uuid, request: &ListRequest) -> Result<IssuePage> {
    let tenant = caller.authorize(Action::ReadCompany, company_id)?;
    let company = store.company(company_id).await?;
    let filter = IssueFilter::parse(request, &company.settings)?;
    store.issues(&tenant, &filter).await
}

pub async fn get(store: &Store, caller: &Caller, company_id: Uuid, issue_id: Uuid) -> Result<Issue> {
    let tenant = caller.authorize(Action::ReadCompany, company_id)?;
    store.issue(&tenant, issue_id).await
}

pub async fn get_by_number(store: &Store, caller: &Caller, company_id: Uuid, number: i64) -> Result<Issue> {
    let tenant = caller.authorize(Action::ReadCompany, company_id)?;
    store.issue_by_number(&tenant, number).await
}

pub async fn change(
    store: &Store,
    caller: &Caller,
    company_id: Uuid,
    issue_id: Uuid,
    request: IssueChangeRequest,
) -> Result<Issue> {
    let tenant = caller.authorize(Action::WriteIssues, company_id)?;
    let company = store.company(company_id).await?;
    let settings = &company.settings;
    let mut fields = Fields::default();
    let title = required_change(request.title, "title", &mut fields)
        .and_then(|raw| fields.check("title", IssueTitle::parse(&raw)));
    let description = request.description.map(|raw| raw.and_then(|raw| description(&raw, &mut fields).flatten()));
    let issue_type = required_change(request.issue_type, "issue_type", &mut fields)
        .and_then(|raw| known(settings.issue_type(&raw), "issue_type", &raw, "issue types", &mut fields));
    let priority = required_change(request.priority, "priority", &mut fields).and_then(|raw| {
        let found = settings.priority(&raw);
        known(found.map(|(_, name)| name), "priority", &raw, "priorities", &mut fields).zip(found.map(|(rank, _)| rank))
    });
    let status = required_change(request.status, "status", &mut fields)
        .and_then(|raw| status_choice(settings, &raw, &mut fields));
    let assignee_id =
        request.assignee_id.map(|raw| raw.and_then(|raw| id_field(&raw, "assignee_id", &mut fields).flatten()));
    let team_id = request.team_id.map(|raw| raw.and_then(|raw| id_field(&raw, "team_id", &mut fields).flatten()));
    let custom_fields = request.custom_fields.map(|raw| {
        // `null` for the whole object clears every value.
        let every = || settings.custom_fields.iter().map(|field| (field.name.clone(), Value::Null)).collect();
        let raw = raw.unwrap_or_else(|| Value::Object(every()));
        changed_custom_values(Some(&raw), settings, &mut fields).unwrap_or_default()
    });
    let archived = required_change(request.archived, "archived", &mut fields);
    fields.finish()?;
    let change =
        IssueChange { title, description, issue_type, priority, status, assignee_id, team_id, custom_fields, archived };
    store.change_issue(&tenant, issue_id, &change, caller.user_id).await
}

/// Deletes an issue for good (owner/admin); its share of the history rollups stays.
pub async fn delete(
    store: &Store,
    caller: &Caller,
    company_id: Uuid,
    issue_id: Uuid,
    meta: &RequestMeta,
) -> Result<()> {
    let tenant = caller.authorize(Action::DeleteIssues, company_id)?;
    let event = AuditEvent {
        company_id: Some(company_id),
        actor_id: Some(caller.user_id),
        action: "issue.deleted",
        target: format!("issue:{issue_id}"),
        details: serde_json::json!({}),
        meta: meta.clone(),
    };
    store.delete_issue(&tenant, issue_id, &event).await
}

pub async fn comment(
    store: &Store,
    caller: &Caller,
    company_id: Uuid,
    issue_id: Uuid,
    body: Option<&str>,
) -> Result<Comment> {
    let tenant = caller.authorize(Action::WriteIssues, company_id)?;
    let body = body.map(str::trim).unwrap_or_default();
    if body.is_empty() {
        return Err(Error::invalid("body", "Write something to comment."));
    }
    if body.chars().count() > MAX_COMMENT_CHARS {
        return Err(Error::invalid("body", format!("A comment has at most {MAX_COMMENT_CHARS} characters.")));
    }
    store.add_comment(&tenant, issue_id, caller.user_id, body).await
}

pub async fn comments(store: &Store, caller: &Caller, company_id: Uuid, issue_id: Uuid) -> Result<Vec<Comment>> {
    let tenant = caller.authorize(Action::ReadCompany, company_id)?;
    store.comments(&tenant, issue_id).await
}

pub async fn activity(store: &Store, caller: &Caller, company_id: Uuid, issue_id: Uuid) -> Result<Vec<Activity>> {
    let tenant = caller.authorize(Action::ReadCompany, company_id)?;
    store.activity(&tenant, issue_id).await
}

/// `Some(None)` for an empty description, which clears it.
fn description(raw: &str, fields: &mut Fields) -> Option<Option<String>> {
    let trimmed = raw.trim();
    if trimmed.chars().count() > MAX_DESCRIPTION_CHARS {
        fields.add("description", format!("A description has at most {MAX_DESCRIPTION_CHARS} characters."));
        return None;
    }
    Some((!trimmed.is_empty()).then(|| trimmed.to_owned()))
}

fn known(found: Option<&str>, field: &str, raw: &str, noun: &str, fields: &mut Fields) -> Option<String> {
    if found.is_none() {
        fields.add(field, format!("\"{}\" is not one of this company's {noun}.", raw.trim()));
    }
    found.map(str::to_owned)
}

fn status_choice(settings: &CompanySettings, raw: &str, fields: &mut Fields) -> Option<StatusChoice> {
    let found = settings.status(raw).map(|s| StatusChoice { name: s.name.clone(), done: s.done });
    if found.is_none() {
        fields.add("status", format!("\"{}\" is not one of this company's statuses.", raw.trim()));
    }
    found
}

/// `Some(None)` for an empty value, which means none.
fn id_field(raw: &str, field: &str, fields: &mut Fields) -> Option<Option<Uuid>> {
    if raw.trim().is_empty() {
        return Some(None);
    }
    match Uuid::parse_str(raw.trim()) {
        Ok(id) => Some(Some(id)),
        Err(_) => {
            fields.add(field, format!("{field} is not a valid id."));
            None
        }
    }
}

/// A change to a field that cannot be cleared: `null` is refused.
fn required_change<T>(value: Option<Option<T>>, field: &str, fields: &mut Fields) -> Option<T> {
    match value {
        Some(None) => {
            fields.add(field, format!("{field} cannot be cleared."));
            None
        }
        other => other.flatten(),
    }
}

/// Values for the company's custom fields as sent (`null` or empty clears one), each checked against
/// its field's type; `None` means the request was bad (the reasons are in `fields`).
fn custom_values(raw: Option<&Value>, settings: &CompanySettings, fields: &mut Fields) -> Option<Map<String, Value>> {
    let map = match raw {
        None | Some(Value::Null) => return Some(Map::new()),
        Some(Value::Object(map)) => map,
        Some(_) => {
            fields.add("custom_fields", "custom_fields is an object of field name to value.");
            return None;
        }
    };
    let mut values = Map::new();
    let mut valid = true;
    for (name, raw) in map {
        let Some(field) = settings.custom_field(name) else {
            fields.add("custom_fields", format!("\"{name}\" is not one of this company's custom fields."));
            valid = false;
            continue;
        };
        match field.value(raw) {
            Ok(value) => {
                values.insert(name.clone(), value.unwrap_or(Value::Null));
            }
            Err(sentence) => {
                fields.add(&format!("custom_fields.{name}"), sentence);
                valid = false;
            }
        }
    }
    valid.then_some(values)
}

/// A new issue's values: every required field needs one.
fn new_custom_values(
    raw: Option<&Value>,
    settings: &CompanySettings,
    fields: &mut Fields,
) -> Option<Map<String, Value>> {
    let mut values = custom_values(raw, settings, fields)?;
    values.retain(|_, value| !value.is_null());
    for field in settings.custom_fields.iter().filter(|field| field.required && !values.contains_key(&field.name)) {
        fields.add(&format!("custom_fields.{}", field.name), format!("\"{}\" is required.", field.name));
    }
    Some(values)
}

/// Changed values, merged into the issue's by the store (`null` removes one); required fields cannot be cleared.
fn changed_custom_values(
    raw: Option<&Value>,
    settings: &CompanySettings,
    fields: &mut Fields,
) -> Option<Map<String, Value>> {
    let values = custom_values(raw, settings, fields)?;
    for (name, _) in values.iter().filter(|(_, value)| value.is_null()) {
        if settings.custom_field(name).is_some_and(|field| field.required) {
            fields.add(&format!("custom_fields.{name}"), format!("\"{name}\" is required and cannot be cleared."));
        }
    }
    Some(values)
}
