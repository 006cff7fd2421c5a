//! What a person does for their own account's safety: a new password, logging out everywhere.

use super::{Account, Caller};
use crate::audit::{AuditEvent, RequestMeta};
use crate::password::{self, Password};
use crate::validation::Fields;
use crate::{Error, Result, Store};

/// Changes the caller's password after checking the current one; every session of theirs ends.
pub async fn change_password(
    store: &Store,
    caller: &Caller,
    current: &str,
    new: &str,
    confirmation: &str,
    meta: &RequestMeta,
) -> Result<Account> {
    let mut fields = Fields::default();
    let new = fields.check("password", Password::parse(new));
    if new.as_ref().is_some_and(|p| p.expose() != confirmation) {
        fields.add("confirmation", "The two passwords differ.");
    }
    let account = store.account_by_id(caller.user_id).await?.ok_or(Error::NotFound)?;
    let current_ok = match account.password_hash.clone() {
        Some(hash) => password::verify(current.to_owned(), hash).await,
        None => false,
    };
    if !current_ok {
        fields.add("current_password", "This is not your current password.");
    }
    fields.finish()?;
    let new = new.ok_or_else(|| Error::Internal("a password passed validation without a value".into()))?;
    let hash = new.hash().await?;
    store.set_password(caller.user_id, &hash, &event(caller, "password.changed", meta)).await?;
    store.account_by_id(caller.user_id).await?.ok_or(Error::NotFound)
}

/// Ends every session of the caller, this one included.
pub async fn log_out_everywhere(store: &Store, caller: &Caller, meta: &RequestMeta) -> Result<()> {
    store.end_sessions(caller.user_id, &event(caller, "sessions.ended", meta)).await
}

fn event(caller: &Caller, action: &'static str, meta: &RequestMeta) -> AuditEvent {
    AuditEvent {
        company_id: caller.company_id,
        actor_id: Some(caller.user_id),
        action,
        target: format!("user:{}", caller.user_id),
        details: serde_json::json!({}),
        meta: meta.clone(),
    }
}
