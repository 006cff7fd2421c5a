//! A company's people: invitations (owner/admin).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tenantry_app::error::AppError;
use tenantry_core::people::{self, InviteRequest, Person, PersonChange};
use utoipa::ToSchema;
use uuid::Uuid;

use super::extract::{ApiCaller, ApiJson, ApiPath, ClientMeta};
use super::list::Page;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct InviteBody {
    email: Option<String>,
    /// 1 to 100 characters.
    name: Option<String>,
    /// `owner`, `admin`, `member` or `viewer`; at most the inviter's own role.
    role: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonBody {
    user_id: String,
    email: String,
    name: String,
    role: String,
    /// `invited`, `active` or `deactivated`.
    status: String,
}

impl From<Person> for PersonBody {
    fn from(person: Person) -> Self {
        PersonBody {
            user_id: person.user_id.to_string(),
            email: person.email,
            name: person.name,
            role: person.role.as_str().to_owned(),
            status: person.status.as_str().to_owned(),
        }
    }
}

/// Invites a person: they get a one-time link (72 hours) by mail to choose their password.
#[utoipa::path(
    post,
    path = "/api/v1/companies/{company_id}/users",
    tag = "people",
    request_body = InviteBody,
    params(("company_id" = String, Path)),
    responses(
        (status = 201, description = "Invited; the mail is on its way (or in the outbox)", body = PersonBody),
        (status = 400, description = "`validation_failed`", body = AppError),
        (status = 403, description = "`forbidden`: members and viewers may not invite", body = AppError),
        (status = 404, description = "`not_found`", body = AppError),
        (status = 409, description = "`conflict`: the email already has an account, in any company", body = AppError),
    )
)]
pub async fn invite(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<InviteBody>,
) -> Result<(StatusCode, Json<PersonBody>), AppError> {
    let app = &state.app;
    let request = InviteRequest { email: body.email, name: body.name, role: body.role };
    let person = people::invite(&app.store, &app.mailer, &caller, company_id, request, &app.public_url, &meta).await?;
    Ok((StatusCode::CREATED, Json(person.into())))
}

/// The company's people (any member may read).
#[utoipa::path(
    get,
    path = "/api/v1/companies/{company_id}/users",
    tag = "people",
    params(("company_id" = String, Path)),
    responses((status = 200, description = "`{items, next_cursor}`", body = Page<PersonBody>), (status = 404, body = AppError))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Page<PersonBody>>, AppError> {
    let people = people::list(&state.app.store, &caller, company_id).await?;
    Ok(Json(Page::complete(people.into_iter().map(PersonBody::from).collect())))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PersonChangeBody {
    name: Option<String>,
    role: Option<String>,
}

/// Renames a person or changes their role (which ends their sessions). The last owner stays owner (409).
#[utoipa::path(
    patch,
    path = "/api/v1/companies/{company_id}/users/{user_id}",
    tag = "people",
    request_body = PersonChangeBody,
    params(("company_id" = String, Path), ("user_id" = String, Path)),
    responses(
        (status = 200, description = "The person, changed", body = PersonBody),
        (status = 400, body = AppError),
        (status = 403, body = AppError),
        (status = 404, body = AppError),
        (status = 409, description = "`conflict`: the last owner cannot be demoted", body = AppError),
    )
)]
pub async fn change(
    State(state): State<AppState>,
    ApiPath((company_id, user_id)): ApiPath<(Uuid, Uuid)>,
    ApiCaller(caller): ApiCaller,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<PersonChangeBody>,
) -> Result<Json<PersonBody>, AppError> {
    let request = PersonChange { name: body.name, role: body.role };
    let person = people::change(&state.app.store, &caller, company_id, user_id, request, &meta).await?;
    Ok(Json(person.into()))
}

/// Deactivates a person: their sessions and the tokens they made stop at once. Nothing is deleted.
#[utoipa::path(
    delete,
    path = "/api/v1/companies/{company_id}/users/{user_id}",
    tag = "people",
    params(("company_id" = String, Path), ("user_id" = String, Path)),
    responses(
        (status = 204, description = "Deactivated"),
        (status = 403, body = AppError),
        (status = 404, body = AppError),
        (status = 409, description = "`conflict`: the last owner cannot be deactivated", body = AppError),
    )
)]
pub async fn deactivate(
    State(state): State<AppState>,
    ApiPath((company_id, user_id)): ApiPath<(Uuid, Uuid)>,
    ApiCaller(caller): ApiCaller,
    ClientMeta(meta): ClientMeta,
) -> Result<StatusCode, AppError> {
    people::deactivate(&state.app.store, &caller, company_id, user_id, &meta).await?;
    Ok(StatusCode::NO_CONTENT)
}
