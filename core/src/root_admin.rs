//! The platform operator's account: created by command, or on first start so the console is never a locked door.

use crate::domain::{Email, PersonName};
use crate::password::Password;
use crate::{Error, Result, Store};

/// The address the first-start root admin gets when nobody created one.
pub const DEFAULT_EMAIL: &str = "root@tenantry.local";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootAdminChange {
    Created,
    PasswordReset,
}

impl RootAdminChange {
    pub fn audit_action(self) -> &'static str {
        match self {
            RootAdminChange::Created => "root_admin.created",
            RootAdminChange::PasswordReset => "root_admin.password_reset",
        }
    }
}

/// Creates the root admin, or resets the password of the one with this email.
pub async fn create_or_reset(store: &Store, email: &Email, password: &Password) -> Result<RootAdminChange> {
    upsert(store, email, password, true).await
}

async fn upsert(store: &Store, email: &Email, password: &Password, may_reset: bool) -> Result<RootAdminChange> {
    let name = PersonName::parse("Platform Admin")?;
    let hash = password.hash().await?;
    store.upsert_root_admin(email, &name, &hash, may_reset).await
}

/// On a platform with no root admin, creates one with a generated password and returns its
/// credentials (to be shown once). `None` when a root admin already exists.
pub async fn ensure_exists(store: &Store) -> Result<Option<(Email, Password)>> {
    if store.root_admin_exists().await? {
        return Ok(None);
    }
    let email = Email::parse(DEFAULT_EMAIL)?;
    let password = Password::generate();
    match upsert(store, &email, &password, false).await {
        Ok(_) => Ok(Some((email, password))),
        // Another instance created it a moment ago.
        Err(Error::Conflict { .. }) if store.root_admin_exists().await? => Ok(None),
        Err(other) => Err(other),
    }
}
