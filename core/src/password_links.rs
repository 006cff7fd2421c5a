//! One-time links that set a password: from an invitation, or a reset asked for by email.

use chrono::{Duration, Utc};
use uuid::Uuid;

use crate::audit::{AuditEvent, RequestMeta};
use crate::domain::Email;
use crate::identity::{Account, AccountStatus};
use crate::mail::{Mail, Mailer};
use crate::password::Password;
use crate::validation::Fields;
use crate::{Error, Result, Store, secret};

/// How long a reset link works: short, since whoever reads the mailbox may use it.
pub const RESET_LIFETIME: Duration = Duration::hours(1);

/// Sets the password the link is for, activates an invited account, and ends every other session.
pub async fn redeem(
    store: &Store,
    link: &str,
    password: &str,
    confirmation: &str,
    meta: &RequestMeta,
) -> Result<Account> {
    let mut fields = Fields::default();
    let password = fields.check("password", Password::parse(password));
    if password.as_ref().is_some_and(|p| p.expose() != confirmation) {
        fields.add("confirmation", "The two passwords differ.");
    }
    fields.finish()?;
    let password = password.ok_or_else(|| Error::Internal("a password passed validation without a value".into()))?;
    let hash = password.hash().await?;
    store.redeem_password_link(&secret::sha256_hex(link.trim()), &hash, meta).await
}

/// Mails a reset link if the address has an active account; answers the same either way.
pub async fn request_reset(
    store: &Store,
    mailer: &Mailer,
    email: &str,
    public_url: &str,
    meta: &RequestMeta,
) -> Result<()> {
    let mut fields = Fields::default();
    let email = fields.check("email", Email::parse(email));
    fields.finish()?;
    let Some(email) = email else { return Ok(()) };
    let Some(account) = store.account_by_email(&email.key()).await? else {
        return Ok(());
    };
    if account.status != AccountStatus::Active {
        return Ok(());
    }
    let link = secret::random_hex();
    let mail = Mail {
        company_id: account.company_id,
        to: account.email.clone(),
        subject: "Reset your Tenantry password".to_owned(),
        body: format!(
            "Hello {name},\n\nSomeone (we hope you) asked to reset the password of {email} on Tenantry.\n\n\
             Choose a new password here (the link works once, for one hour):\n{public_url}/set-password?token={link}\n\n\
             If it was not you, ignore this message: your password stays as it is.\n",
            name = account.name,
            email = account.email,
        ),
    };
    let event = AuditEvent {
        company_id: account.company_id,
        actor_id: Some(account.id),
        action: "password.reset_requested",
        target: format!("user:{}", account.id),
        details: serde_json::json!({}),
        meta: meta.clone(),
    };
    let mail_id = store
        .create_reset_link(account.id, &secret::sha256_hex(&link), Utc::now() + RESET_LIFETIME, &mail, &event)
        .await?;
    mailer.deliver_later(store, vec![mail_id]);
    Ok(())
}

/// The sentence for a link that cannot be used, whatever the reason.
pub(crate) fn unusable() -> Error {
    Error::invalid("token", "This link has expired or was already used. Ask for a new one.")
}

/// The audit event of a used link: an invitation accepted, or a password reset.
pub(crate) fn redeemed_event(user_id: Uuid, company_id: Option<Uuid>, purpose: &str, meta: &RequestMeta) -> AuditEvent {
    AuditEvent {
        company_id,
        actor_id: Some(user_id),
        action: if purpose == "invitation" { "invitation.accepted" } else { "password.reset" },
        target: format!("user:{user_id}"),
        details: serde_json::json!({}),
        meta: meta.clone(),
    }
}
