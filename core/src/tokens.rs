//! API tokens: random 32 bytes shown once, stored only as a SHA-256 hash, acting with a role.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::audit::{AuditEvent, RequestMeta};
use crate::identity::{Action, Caller, Role};
use crate::validation::Fields;
use crate::{Error, Result, Store};

/// Every token starts so, which lets secret scanners recognise a leaked one.
const PREFIX: &str = "tnt_";
const MAX_NAME_CHARS: usize = 100;

/// A token just made; `secret` is shown this once and never again.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    pub secret: String,
}

/// A token as its list shows it: no secret, no hash.
#[derive(Debug, Clone)]
pub struct TokenInfo {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// What a new token's row holds.
pub struct NewToken<'a> {
    pub id: Uuid,
    pub company_id: Option<Uuid>,
    pub created_by: Uuid,
    pub name: &'a str,
    pub role: Role,
    pub hash: String,
}

pub fn hash(secret: &str) -> String {
    crate::secret::sha256_hex(secret)
}

fn generate() -> String {
    format!("{PREFIX}{}", crate::secret::random_hex())
}

fn parse_name(raw: Option<&str>, fields: &mut Fields) -> Option<String> {
    let name = fields.required("name", raw)?.trim();
    if name.chars().count() > MAX_NAME_CHARS {
        fields.add("name", "A token name has at most 100 characters.");
        return None;
    }
    Some(name.to_owned())
}

/// A company token acting with `role` (default member), at most the creator's own.
pub async fn create_company_token(
    store: &Store,
    caller: &Caller,
    company_id: Uuid,
    name: Option<&str>,
    role: Option<&str>,
    meta: &RequestMeta,
) -> Result<IssuedToken> {
    let tenant = caller.authorize(Action::ManageTokens, company_id)?;
    let mut fields = Fields::default();
    let name = parse_name(name, &mut fields);
    let role = match role {
        None => Some(Role::Member),
        Some(raw) => match Role::parse_company_role("role", raw) {
            Ok(Role::Owner) => {
                fields.add("role", "A token's role is admin, member or viewer.");
                None
            }
            Ok(role) if role > caller.role => {
                fields.add("role", "A token cannot have more rights than the person who creates it.");
                None
            }
            parsed => fields.check("role", parsed),
        },
    };
    fields.finish()?;
    let (Some(name), Some(role)) = (name, role) else {
        return Err(Error::Internal("a token field passed validation without a value".into()));
    };
    issue(store, caller, Some(tenant.company_id()), name, role, meta).await
}

/// A platform token for root's own scripts.
pub async fn create_root_token(
    store: &Store,
    caller: &Caller,
    name: Option<&str>,
    meta: &RequestMeta,
) -> Result<IssuedToken> {
    if !caller.is_root() {
        return Err(Error::Forbidden("Only the platform operator may create platform tokens.".into()));
    }
    let mut fields = Fields::default();
    let name = parse_name(name, &mut fields);
    fields.finish()?;
    let name = name.ok_or_else(|| Error::Internal("a token name passed validation without a value".into()))?;
    issue(store, caller, None, name, Role::Root, meta).await
}

async fn issue(
    store: &Store,
    caller: &Caller,
    company_id: Option<Uuid>,
    name: String,
    role: Role,
    meta: &RequestMeta,
) -> Result<IssuedToken> {
    let secret = generate();
    let id = Uuid::now_v7();
    let token = NewToken { id, company_id, created_by: caller.user_id, name: &name, role, hash: hash(&secret) };
    let event = AuditEvent {
        company_id,
        actor_id: Some(caller.user_id),
        action: "api_token.created",
        target: format!("api_token:{id}"),
        details: serde_json::json!({ "name": name, "role": role.as_str() }),
        meta: meta.clone(),
    };
    store.insert_token(&token, &event).await?;
    Ok(IssuedToken { id, name, role, secret })
}

pub async fn list(store: &Store, caller: &Caller, company_id: Uuid) -> Result<Vec<TokenInfo>> {
    let tenant = caller.authorize(Action::ManageTokens, company_id)?;
    store.company_tokens(&tenant).await
}

pub async fn revoke(
    store: &Store,
    caller: &Caller,
    company_id: Uuid,
    token_id: Uuid,
    meta: &RequestMeta,
) -> Result<()> {
    let tenant = caller.authorize(Action::ManageTokens, company_id)?;
    let event = AuditEvent {
        company_id: Some(company_id),
        actor_id: Some(caller.user_id),
        action: "api_token.revoked",
        target: format!("api_token:{token_id}"),
        details: serde_json::json!({}),
        meta: meta.clone(),
    };
    store.revoke_token(&tenant, token_id, &event).await
}

/// The caller a Bearer token acts as: its creator's company, with the token's role.
pub async fn authenticate(store: &Store, secret: &str) -> Result<Caller> {
    authenticate_token(store, secret).await.map(|(_, caller)| caller)
}

/// The caller a token acts for, with the token's id (burst limits are per token).
pub async fn authenticate_token(store: &Store, secret: &str) -> Result<(Uuid, Caller)> {
    let invalid = || {
        Error::Unauthenticated("The API token is not valid: unknown, revoked, or its creator was deactivated.".into())
    };
    if !secret.starts_with(PREFIX) {
        return Err(invalid());
    }
    let (token_id, role, account) = store.token_account(&hash(secret)).await?.ok_or_else(invalid)?;
    let mut caller = Caller::from_account(account).map_err(|err| match err {
        Error::Unauthenticated(_) => invalid(),
        other => other,
    })?;
    caller.role = role;
    store.touch_token(token_id).await?;
    Ok((token_id, caller))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_prefixed_and_random() {
        let (a, b) = (generate(), generate());
        assert_ne!(a, b);
        assert!(a.starts_with("tnt_") && a.len() == 4 + 64);
    }
}
