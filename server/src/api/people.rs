//! A company's people: invitations (owner/admin).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tenantry_app::error::AppError;
use tenantry_core::people::{self, InviteRequest, Person};
use utoipa::ToSchema;
use uuid::Uuid;

use super::extract::{ApiCaller, ApiJson, ApiPath, ClientMeta};
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
    ApiCaller(caller): ApiCaller,
    ClientMeta(meta): ClientMeta,
    ApiPath(company_id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<InviteBody>,
) -> Result<(StatusCode, Json<PersonBody>), AppError> {
    let app = &state.app;
    let request = InviteRequest { email: body.email, name: body.name, role: body.role };
    let person = people::invite(&app.store, &app.mailer, &caller, company_id, request, &app.public_url, &meta).await?;
    Ok((StatusCode::CREATED, Json(person.into())))
}
