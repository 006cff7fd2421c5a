//! Issues as the browser and the REST API see them, and the server functions of the issue pages.

// Server functions take one argument per form field, so that plain HTML forms can post to them.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::workspace::company_of;

/// An issue (api.md, Issues). Times are RFC 3339 in UTC; ids are opaque strings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = Issue))]
pub struct IssueView {
    pub issue_id: String,
    /// Readable and unique in the company, like `ACME-42`.
    pub key: String,
    /// Sequential within the company.
    pub number: i64,
    pub title: String,
    pub description: Option<String>,
    pub issue_type: String,
    pub priority: String,
    pub status: String,
    pub assignee_id: Option<String>,
    pub team_id: Option<String>,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub custom_fields: serde_json::Value,
    /// Archived issues are read-only and hidden from lists unless asked for.
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
    /// Set when the issue enters a done status, cleared when it leaves.
    pub resolved_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = Comment))]
pub struct CommentView {
    pub comment_id: String,
    pub author_id: Option<String>,
    pub author_name: Option<String>,
    pub body: String,
    pub created_at: String,
}

/// One line of an issue's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = Activity))]
pub struct ActivityView {
    pub actor_id: Option<String>,
    pub actor_name: Option<String>,
    /// `created`, `archived`, `description`, or the name of the field that changed.
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = Team))]
pub struct TeamView {
    pub team_id: String,
    pub name: String,
    pub member_ids: Vec<String>,
    pub created_at: String,
}

#[cfg(feature = "ssr")]
mod convert {
    use chrono::{DateTime, SecondsFormat, Utc};
    use tenantry_core::issues::{Activity, Comment, Issue};
    use tenantry_core::teams::Team;

    use super::*;

    /// RFC 3339 in UTC, to the microsecond the database keeps.
    pub fn rfc3339(at: DateTime<Utc>) -> String {
        at.to_rfc3339_opts(SecondsFormat::Micros, true)
    }

    impl From<Issue> for IssueView {
        fn from(issue: Issue) -> Self {
            IssueView {
                issue_id: issue.id.to_string(),
                key: issue.key,
                number: issue.number,
                title: issue.title,
                description: issue.description,
                issue_type: issue.issue_type,
                priority: issue.priority,
                status: issue.status,
                assignee_id: issue.assignee_id.map(|id| id.to_string()),
                team_id: issue.team_id.map(|id| id.to_string()),
                custom_fields: serde_json::Value::Object(issue.custom_fields),
                archived: issue.archived,
                created_at: rfc3339(issue.created_at),
                updated_at: rfc3339(issue.updated_at),
                resolved_at: issue.resolved_at.map(rfc3339),
            }
        }
    }

    impl From<Comment> for CommentView {
        fn from(comment: Comment) -> Self {
            CommentView {
                comment_id: comment.id.to_string(),
                author_id: comment.author_id.map(|id| id.to_string()),
                author_name: comment.author_name,
                body: comment.body,
                created_at: rfc3339(comment.created_at),
            }
        }
    }

    impl From<Activity> for ActivityView {
        fn from(activity: Activity) -> Self {
            ActivityView {
                actor_id: activity.actor_id.map(|id| id.to_string()),
                actor_name: activity.actor_name,
                field: activity.field,
                old_value: activity.old_value,
                new_value: activity.new_value,
                at: rfc3339(activity.at),
            }
        }
    }

    impl From<Team> for TeamView {
        fn from(team: Team) -> Self {
            TeamView {
                team_id: team.id.to_string(),
                name: team.name,
                member_ids: team.member_ids.into_iter().map(|id| id.to_string()).collect(),
                created_at: rfc3339(team.created_at),
            }
        }
    }
}

/// One page of the issue list, as the list page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueListPage {
    pub items: Vec<IssueView>,
    pub next_cursor: Option<String>,
}

/// Everything the issue page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueDetail {
    pub issue: IssueView,
    pub comments: Vec<CommentView>,
    pub activity: Vec<ActivityView>,
}

/// A board column: one status and its issues, most recently updated first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardColumn {
    pub status: String,
    pub done: bool,
    pub issues: Vec<IssueView>,
    /// More issues than the column shows; the list, filtered by this status, has them all.
    pub more: bool,
}

/// An empty form field means "not given".
#[cfg(feature = "ssr")]
fn given(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

/// The forms send custom field values as one JSON object (field name to value).
#[cfg(feature = "ssr")]
fn custom_values(raw: Option<String>) -> Result<Option<serde_json::Value>, AppError> {
    match given(raw) {
        None => Ok(None),
        Some(json) => serde_json::from_str(&json).map(Some).map_err(|_| {
            AppError::new(crate::error::ErrorCode::ValidationFailed, "The custom field values were not understood.")
        }),
    }
}

#[cfg(feature = "ssr")]
fn parse_issue_id(raw: &str) -> Result<uuid::Uuid, AppError> {
    raw.parse().map_err(|_| AppError::not_found())
}

#[server]
pub async fn list_issue_page(
    slug: String,
    status: Option<String>,
    priority: Option<String>,
    issue_type: Option<String>,
    assignee_id: Option<String>,
    team_id: Option<String>,
    q: Option<String>,
    archived: Option<String>,
    sort: Option<String>,
    cursor: Option<String>,
) -> Result<IssueListPage, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let request = tenantry_core::issues::ListRequest {
        status: given(status),
        priority: given(priority),
        issue_type: given(issue_type),
        assignee_id: given(assignee_id),
        team_id: given(team_id),
        q: given(q),
        archived: given(archived),
        sort: given(sort),
        limit: None,
        cursor: given(cursor),
    };
    let page = tenantry_core::issues::list(&ctx.store, &caller, company_id, &request).await?;
    Ok(IssueListPage { items: page.items.into_iter().map(IssueView::from).collect(), next_cursor: page.next_cursor })
}

#[server]
pub async fn get_issue_detail(slug: String, number: i64) -> Result<IssueDetail, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let issue = tenantry_core::issues::get_by_number(&ctx.store, &caller, company_id, number).await?;
    let comments = tenantry_core::issues::comments(&ctx.store, &caller, company_id, issue.id).await?;
    let activity = tenantry_core::issues::activity(&ctx.store, &caller, company_id, issue.id).await?;
    Ok(IssueDetail {
        issue: issue.into(),
        comments: comments.into_iter().map(CommentView::from).collect(),
        activity: activity.into_iter().map(ActivityView::from).collect(),
    })
}

#[server]
pub async fn create_issue(
    slug: String,
    title: String,
    description: Option<String>,
    issue_type: String,
    priority: String,
    status: Option<String>,
    assignee_id: Option<String>,
    team_id: Option<String>,
    custom_fields: Option<String>,
) -> Result<IssueView, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let request = tenantry_core::issues::NewIssueRequest {
        title: Some(title),
        description,
        issue_type: Some(issue_type),
        priority: Some(priority),
        status: given(status),
        assignee_id: given(assignee_id),
        team_id: given(team_id),
        custom_fields: custom_values(custom_fields)?,
    };
    Ok(tenantry_core::issues::create(&ctx.store, &caller, company_id, request).await?.into())
}

/// Saves the issue form: every field is sent; an empty assignee, team or description clears it.
#[server]
pub async fn update_issue(
    slug: String,
    issue_id: String,
    title: String,
    description: Option<String>,
    issue_type: String,
    priority: String,
    status: String,
    assignee_id: Option<String>,
    team_id: Option<String>,
    custom_fields: Option<String>,
) -> Result<IssueView, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let request = tenantry_core::issues::IssueChangeRequest {
        title: Some(Some(title)),
        description: Some(given(description)),
        issue_type: Some(Some(issue_type)),
        priority: Some(Some(priority)),
        status: Some(Some(status)),
        assignee_id: Some(given(assignee_id)),
        team_id: Some(given(team_id)),
        custom_fields: custom_values(custom_fields)?.map(Some),
        ..Default::default()
    };
    let issue =
        tenantry_core::issues::change(&ctx.store, &caller, company_id, parse_issue_id(&issue_id)?, request).await?;
    Ok(issue.into())
}

/// Moves an issue to another status (the board).
#[server]
pub async fn move_issue(slug: String, issue_id: String, status: String) -> Result<IssueView, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let request = tenantry_core::issues::IssueChangeRequest { status: Some(Some(status)), ..Default::default() };
    let issue =
        tenantry_core::issues::change(&ctx.store, &caller, company_id, parse_issue_id(&issue_id)?, request).await?;
    Ok(issue.into())
}

#[server]
pub async fn set_issue_archived(slug: String, issue_id: String, archived: bool) -> Result<IssueView, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let request = tenantry_core::issues::IssueChangeRequest { archived: Some(Some(archived)), ..Default::default() };
    let issue =
        tenantry_core::issues::change(&ctx.store, &caller, company_id, parse_issue_id(&issue_id)?, request).await?;
    Ok(issue.into())
}

#[server]
pub async fn delete_issue(slug: String, issue_id: String) -> Result<(), AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let meta = crate::auth::session::request_meta().await;
    tenantry_core::issues::delete(&ctx.store, &caller, company_id, parse_issue_id(&issue_id)?, &meta).await?;
    Ok(())
}

#[server]
pub async fn add_comment(slug: String, issue_id: String, body: String) -> Result<CommentView, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let comment =
        tenantry_core::issues::comment(&ctx.store, &caller, company_id, parse_issue_id(&issue_id)?, Some(&body))
            .await?;
    Ok(comment.into())
}

/// How many cards a board column shows.
#[cfg(feature = "ssr")]
const BOARD_COLUMN_CARDS: &str = "50";

#[server]
pub async fn get_board(slug: String) -> Result<Vec<BoardColumn>, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let company = ctx.store.company(company_id).await?;
    let mut columns = Vec::new();
    for status in company.settings.issue_statuses {
        let request = tenantry_core::issues::ListRequest {
            status: Some(status.name.clone()),
            sort: Some("-updated".into()),
            limit: Some(BOARD_COLUMN_CARDS.into()),
            ..Default::default()
        };
        let page = tenantry_core::issues::list(&ctx.store, &caller, company_id, &request).await?;
        columns.push(BoardColumn {
            status: status.name,
            done: status.done,
            more: page.next_cursor.is_some(),
            issues: page.items.into_iter().map(IssueView::from).collect(),
        });
    }
    Ok(columns)
}
