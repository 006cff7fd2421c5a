//! A company's issues, their comments and history (api.md, Issues).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use tenantry_app::error::AppError;
use tenantry_app::issues::{ActivityView, CommentView, IssueView};
use tenantry_core::issues::{self, IssueChangeRequest, ListRequest, NewIssueRequest};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::extract::{ApiCaller, ApiJson, ApiPath, ApiQuery, ClientMeta, nullable};
use super::list::Page;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewIssueBody {
    /// One line, 1 to 200 characters.
    title: Option<String>,
    /// Up to 20,000 characters.
    description: Option<String>,
    /// One of the company's issue types.
    issue_type: Option<String>,
    /// One of the company's priorities.
    priority: Option<String>,
    /// One of the company's statuses; the first one when not sent.
    status: Option<String>,
    assignee_id: Option<String>,
    team_id: Option<String>,
    #[schema(value_type = Option<Object>)]
    custom_fields: Option<serde_json::Value>,
}

/// Only the fields sent change; `null` clears an optional one.
#[derive(Debug, Deserialize, ToSchema)]
pub struct IssueChangeBody {
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    title: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, nullable)]
    description: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    issue_type: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    priority: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    status: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, nullable)]
    assignee_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, nullable)]
    team_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Object>)]
    custom_fields: Option<Option<serde_json::Value>>,
    /// `true` archives a resolved issue; `false` restores it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<bool>)]
    archived: Option<Option<bool>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IssueListQuery {
    status: Option<String>,
    priority: Option<String>,
    issue_type: Option<String>,
    /// A person's id, or `none` for unassigned issues.
    assignee_id: Option<String>,
    /// A team's id, or `none` for issues of no team.
    team_id: Option<String>,
    /// Words the title contains (any case).
    q: Option<String>,
    /// `true` lists archived issues instead.
    archived: Option<String>,
    /// `created`, `updated` or `priority`, each with a leading `-` for descending; default `-created`.
    sort: Option<String>,
    /// 1 to 200; default 50.
    limit: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CommentBody {
    /// 1 to 20,000 characters.
    body: Option<String>,
}

/// Creates an issue with the next number of the company.
#[utoipa::path(
    post,
    path = "/api/v1/companies/{company_id}/issues",
    tag = "issues",
    request_body = NewIssueBody,
    params(("company_id" = String, Path)),
    responses(
        (status = 201, description = "The issue", body = IssueView),
        (status = 400, description = "`validation_failed`: `fields` names each bad field", body = AppError),
        (status = 403, description = "`forbidden`: viewers only read", body = AppError),
        (status = 404, body = AppError),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<NewIssueBody>,
) -> Result<(StatusCode, Json<IssueView>), AppError> {
    let request = NewIssueRequest {
        title: body.title,
        description: body.description,
        issue_type: body.issue_type,
        priority: body.priority,
        status: body.status,
        assignee_id: body.assignee_id,
        team_id: body.team_id,
        custom_fields: body.custom_fields,
    };
    let issue = issues::create(&state.app.store, &caller, company_id, request).await?;
    Ok((StatusCode::CREATED, Json(issue.into())))
}

/// A page of the company's issues: filtered, searched, sorted; archived ones only when asked.
#[utoipa::path(
    get,
    path = "/api/v1/companies/{company_id}/issues",
    tag = "issues",
    params(("company_id" = String, Path), IssueListQuery),
    responses(
        (status = 200, description = "`{items, next_cursor}`", body = Page<IssueView>),
        (status = 400, description = "`validation_failed`: an unknown value, a bad limit or cursor", body = AppError),
        (status = 404, body = AppError),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<IssueListQuery>,
) -> Result<Json<Page<IssueView>>, AppError> {
    let request = ListRequest {
        status: query.status,
        priority: query.priority,
        issue_type: query.issue_type,
        assignee_id: query.assignee_id,
        team_id: query.team_id,
        q: query.q,
        archived: query.archived,
        sort: query.sort,
        limit: query.limit,
        cursor: query.cursor,
    };
    let page = issues::list(&state.app.store, &caller, company_id, &request).await?;
    Ok(Json(Page { items: page.items.into_iter().map(IssueView::from).collect(), next_cursor: page.next_cursor }))
}

#[utoipa::path(
    get,
    path = "/api/v1/companies/{company_id}/issues/{issue_id}",
    tag = "issues",
    params(("company_id" = String, Path), ("issue_id" = String, Path)),
    responses((status = 200, body = IssueView), (status = 404, body = AppError))
)]
pub async fn show(
    State(state): State<AppState>,
    ApiPath((company_id, issue_id)): ApiPath<(Uuid, Uuid)>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<IssueView>, AppError> {
    Ok(Json(issues::get(&state.app.store, &caller, company_id, issue_id).await?.into()))
}

/// Changes the fields sent. Entering a done status sets `resolved_at`, leaving it clears it.
#[utoipa::path(
    patch,
    path = "/api/v1/companies/{company_id}/issues/{issue_id}",
    tag = "issues",
    request_body = IssueChangeBody,
    params(("company_id" = String, Path), ("issue_id" = String, Path)),
    responses(
        (status = 200, description = "The whole updated issue", body = IssueView),
        (status = 400, body = AppError),
        (status = 403, body = AppError),
        (status = 404, body = AppError),
        (status = 409, description = "`conflict`: archived issues are read-only; only resolved ones can be archived", body = AppError),
    )
)]
pub async fn change(
    State(state): State<AppState>,
    ApiPath((company_id, issue_id)): ApiPath<(Uuid, Uuid)>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<IssueChangeBody>,
) -> Result<Json<IssueView>, AppError> {
    let request = IssueChangeRequest {
        title: body.title,
        description: body.description,
        issue_type: body.issue_type,
        priority: body.priority,
        status: body.status,
        assignee_id: body.assignee_id,
        team_id: body.team_id,
        custom_fields: body.custom_fields,
        archived: body.archived,
    };
    Ok(Json(issues::change(&state.app.store, &caller, company_id, issue_id, request).await?.into()))
}

/// Deletes an issue for good (owner/admin). History figures keep the fact that it was created.
#[utoipa::path(
    delete,
    path = "/api/v1/companies/{company_id}/issues/{issue_id}",
    tag = "issues",
    params(("company_id" = String, Path), ("issue_id" = String, Path)),
    responses((status = 204, description = "Deleted"), (status = 403, body = AppError), (status = 404, body = AppError))
)]
pub async fn delete(
    State(state): State<AppState>,
    ApiPath((company_id, issue_id)): ApiPath<(Uuid, Uuid)>,
    ApiCaller(caller): ApiCaller,
    ClientMeta(meta): ClientMeta,
) -> Result<StatusCode, AppError> {
    issues::delete(&state.app.store, &caller, company_id, issue_id, &meta).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Comments on an issue, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/companies/{company_id}/issues/{issue_id}/comments",
    tag = "issues",
    params(("company_id" = String, Path), ("issue_id" = String, Path)),
    responses((status = 200, body = Page<CommentView>), (status = 404, body = AppError))
)]
pub async fn comments(
    State(state): State<AppState>,
    ApiPath((company_id, issue_id)): ApiPath<(Uuid, Uuid)>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Page<CommentView>>, AppError> {
    let comments = issues::comments(&state.app.store, &caller, company_id, issue_id).await?;
    Ok(Json(Page::complete(comments.into_iter().map(CommentView::from).collect())))
}

#[utoipa::path(
    post,
    path = "/api/v1/companies/{company_id}/issues/{issue_id}/comments",
    tag = "issues",
    request_body = CommentBody,
    params(("company_id" = String, Path), ("issue_id" = String, Path)),
    responses(
        (status = 201, body = CommentView),
        (status = 400, body = AppError),
        (status = 403, body = AppError),
        (status = 404, body = AppError),
        (status = 409, description = "`conflict`: the issue is archived", body = AppError),
    )
)]
pub async fn comment(
    State(state): State<AppState>,
    ApiPath((company_id, issue_id)): ApiPath<(Uuid, Uuid)>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<(StatusCode, Json<CommentView>), AppError> {
    let comment = issues::comment(&state.app.store, &caller, company_id, issue_id, body.body.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(comment.into())))
}

/// Who changed what, when, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/companies/{company_id}/issues/{issue_id}/activity",
    tag = "issues",
    params(("company_id" = String, Path), ("issue_id" = String, Path)),
    responses((status = 200, body = Page<ActivityView>), (status = 404, body = AppError))
)]
pub async fn activity(
    State(state): State<AppState>,
    ApiPath((company_id, issue_id)): ApiPath<(Uuid, Uuid)>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Page<ActivityView>>, AppError> {
    let lines = issues::activity(&state.app.store, &caller, company_id, issue_id).await?;
    Ok(Json(Page::complete(lines.into_iter().map(ActivityView::from).collect())))
}
