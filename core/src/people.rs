//! A company's people: invitations with a one-time link to set a password.

use chrono::{Duration, Utc};
use uuid::Uuid;

use crate::audit::{AuditEvent, RequestMeta};
use crate::domain::{Email, PersonName};
use crate::identity::{AccountStatus, Action, Caller, Role};
use crate::mail::{Mail, Mailer};
use crate::secret;
use crate::validation::Fields;
use crate::{Error, Result, Store};

/// How long an invitation link works.
pub const INVITATION_LIFETIME: Duration = Duration::hours(72);

/// A person as the people API shows them.
#[derive(Debug, Clone)]
pub struct Person {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: AccountStatus,
}

/// An invitation, as sent.
#[derive(Debug, Default)]
pub struct InviteRequest {
    pub email: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
}

/// What the store writes for an invitation, in one transaction.
pub struct NewInvitation<'a> {
    pub user_id: Uuid,
    pub company_id: Uuid,
    pub email: &'a Email,
    pub name: &'a PersonName,
    pub role: Role,
    pub link_hash: String,
    pub expires_at: chrono::DateTime<Utc>,
    pub mail: Mail,
    pub event: AuditEvent,
}

pub async fn invite(
    store: &Store,
    mailer: &Mailer,
    caller: &Caller,
    company_id: Uuid,
    request: InviteRequest,
    public_url: &str,
    meta: &RequestMeta,
) -> Result<Person> {
    let tenant = caller.authorize(Action::ManageMembers, company_id)?;
    let mut fields = Fields::default();
    let email =
        fields.required("email", request.email.as_deref()).and_then(|raw| fields.check("email", Email::parse(raw)));
    let name =
        fields.required("name", request.name.as_deref()).and_then(|raw| fields.check("name", PersonName::parse(raw)));
    let role = fields
        .required("role", request.role.as_deref())
        .and_then(|raw| fields.check("role", Role::parse_company_role("role", raw)));
    if role.is_some_and(|role| role > caller.role) {
        fields.add("role", "You cannot give someone more rights than your own.");
    }
    fields.finish()?;
    let (Some(email), Some(name), Some(role)) = (email, name, role) else {
        return Err(Error::Internal("an invitation field passed validation without a value".into()));
    };

    let company = store.company(tenant.company_id()).await?;
    let link = secret::random_hex();
    let user_id = Uuid::now_v7();
    let invitation = NewInvitation {
        user_id,
        company_id,
        email: &email,
        name: &name,
        role,
        link_hash: secret::sha256_hex(&link),
        expires_at: Utc::now() + INVITATION_LIFETIME,
        mail: Mail {
            company_id: Some(company_id),
            to: email.as_str().to_owned(),
            subject: format!("You are invited to {} on Tenantry", company.name),
            body: format!(
                "Hello {name},\n\n{inviter} invited you to join {company} on Tenantry as {role}.\n\n\
                 Choose your password here (the link works once, for 72 hours):\n{public_url}/set-password?token={link}\n\n\
                 If you did not expect this, ignore this message.\n",
                name = name.as_str(),
                inviter = caller.name,
                company = company.name,
                role = role.as_str(),
            ),
        },
        event: AuditEvent {
            company_id: Some(company_id),
            actor_id: Some(caller.user_id),
            action: "user.invited",
            target: format!("user:{user_id}"),
            details: serde_json::json!({ "email": email.as_str(), "role": role.as_str() }),
            meta: meta.clone(),
        },
    };
    let mail_id = store.invite_person(&tenant, &invitation).await?;
    mailer.deliver_later(store, vec![mail_id]);
    Ok(Person {
        user_id,
        email: email.as_str().to_owned(),
        name: name.as_str().to_owned(),
        role,
        status: AccountStatus::Invited,
    })
}

pub async fn list(store: &Store, caller: &Caller, company_id: Uuid) -> Result<Vec<Person>> {
    let tenant = caller.authorize(Action::ReadCompany, company_id)?;
    store.people(&tenant).await
}

/// A change to a person, as sent: absent fields stay as they are.
#[derive(Debug, Default)]
pub struct PersonChange {
    pub name: Option<String>,
    pub role: Option<String>,
}

/// What the store applies, validated.
pub enum Change {
    Update { name: Option<PersonName>, role: Option<Role> },
    Deactivate,
}

/// Renames a person or changes their role; a new role ends their sessions.
pub async fn change(
    store: &Store,
    caller: &Caller,
    company_id: Uuid,
    user_id: Uuid,
    request: PersonChange,
    meta: &RequestMeta,
) -> Result<Person> {
    let tenant = caller.authorize(Action::ManageMembers, company_id)?;
    let mut fields = Fields::default();
    let name = request.name.as_deref().and_then(|raw| fields.check("name", PersonName::parse(raw)));
    let role = request.role.as_deref().and_then(|raw| fields.check("role", Role::parse_company_role("role", raw)));
    if role.is_some_and(|role| role > caller.role) {
        fields.add("role", "You cannot give someone more rights than your own.");
    }
    fields.finish()?;
    let event = event(caller, company_id, user_id, "user.updated", meta);
    store.change_person(&tenant, caller.role, user_id, &Change::Update { name, role }, &event).await
}

/// Deactivates a person: their sessions and the tokens they made stop at once.
pub async fn deactivate(
    store: &Store,
    caller: &Caller,
    company_id: Uuid,
    user_id: Uuid,
    meta: &RequestMeta,
) -> Result<Person> {
    let tenant = caller.authorize(Action::ManageMembers, company_id)?;
    let event = event(caller, company_id, user_id, "user.deactivated", meta);
    store.change_person(&tenant, caller.role, user_id, &Change::Deactivate, &event).await
}

fn event(caller: &Caller, company_id: Uuid, user_id: Uuid, action: &'static str, meta: &RequestMeta) -> AuditEvent {
    AuditEvent {
        company_id: Some(company_id),
        actor_id: Some(caller.user_id),
        action,
        target: format!("user:{user_id}"),
        details: serde_json::json!({}),
        meta: meta.clone(),
    }
}
