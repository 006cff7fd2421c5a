//! A company's teams (api.md, People and teams).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use tenantry_app::error::AppError;
use tenantry_app::issues::TeamView;
use tenantry_core::teams;
use utoipa::ToSchema;
use uuid::Uuid;

use super::extract::{ApiCaller, ApiJson, ApiPath};
use super::list::Page;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct TeamBody {
    /// 1 to 100 characters, unique in the company regardless of case.
    name: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MembersBody {
    /// Everyone who should be on the team: current people of the company.
    user_ids: Vec<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/companies/{company_id}/teams",
    tag = "people",
    request_body = TeamBody,
    params(("company_id" = String, Path)),
    responses(
        (status = 201, body = TeamView),
        (status = 400, body = AppError),
        (status = 403, description = "`forbidden`: owners and admins manage teams", body = AppError),
        (status = 404, body = AppError),
        (status = 409, description = "`conflict`: the company has a team of that name", body = AppError),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<TeamBody>,
) -> Result<(StatusCode, Json<TeamView>), AppError> {
    let team = teams::create(&state.app.store, &caller, company_id, body.name.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(team.into())))
}

/// The company's teams by name, each with its members.
#[utoipa::path(
    get,
    path = "/api/v1/companies/{company_id}/teams",
    tag = "people",
    params(("company_id" = String, Path)),
    responses((status = 200, body = Page<TeamView>), (status = 404, body = AppError))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Page<TeamView>>, AppError> {
    let teams = teams::list(&state.app.store, &caller, company_id).await?;
    Ok(Json(Page::complete(teams.into_iter().map(TeamView::from).collect())))
}

/// Renames a team.
#[utoipa::path(
    patch,
    path = "/api/v1/companies/{company_id}/teams/{team_id}",
    tag = "people",
    request_body = TeamBody,
    params(("company_id" = String, Path), ("team_id" = String, Path)),
    responses(
        (status = 200, body = TeamView),
        (status = 400, body = AppError),
        (status = 403, body = AppError),
        (status = 404, body = AppError),
        (status = 409, body = AppError),
    )
)]
pub async fn rename(
    State(state): State<AppState>,
    ApiPath((company_id, team_id)): ApiPath<(Uuid, Uuid)>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<TeamBody>,
) -> Result<Json<TeamView>, AppError> {
    Ok(Json(teams::rename(&state.app.store, &caller, company_id, team_id, body.name.as_deref()).await?.into()))
}

/// Makes the team's members exactly the people listed.
#[utoipa::path(
    put,
    path = "/api/v1/companies/{company_id}/teams/{team_id}/members",
    tag = "people",
    request_body = MembersBody,
    params(("company_id" = String, Path), ("team_id" = String, Path)),
    responses(
        (status = 200, body = TeamView),
        (status = 400, description = "`validation_failed`: an id that is not a current person of the company", body = AppError),
        (status = 403, body = AppError),
        (status = 404, body = AppError),
    )
)]
pub async fn set_members(
    State(state): State<AppState>,
    ApiPath((company_id, team_id)): ApiPath<(Uuid, Uuid)>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<MembersBody>,
) -> Result<Json<TeamView>, AppError> {
    Ok(Json(teams::set_members(&state.app.store, &caller, company_id, team_id, &body.user_ids).await?.into()))
}
