//! Issues as the browser and the REST API see them, and the server functions of the issue pages.

use serde::{Deserialize, Serialize};

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
