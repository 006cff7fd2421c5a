use chrono::Utc;
use uuid::Uuid;

use super::audit::record_audit;
use super::tx::BeginWrite;
use super::{Store, with_db};
use crate::audit::{AuditEvent, RequestMeta};
use crate::domain::{Email, PersonName};
use crate::root_admin::RootAdminChange;
use crate::{Error, Result};

impl Store {
    pub async fn root_admin_exists(&self) -> Result<bool> {
        let exists: bool = with_db!(self, pool => {
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE role = 'root')")
                .fetch_one(pool)
                .await
        })?;
        Ok(exists)
    }

    /// Creates the root admin with this email or, when `may_reset`, resets its password (ending its sessions).
    #[tracing::instrument(skip(self, name, password_hash), fields(email = email.as_str()))]
    pub async fn upsert_root_admin(
        &self,
        email: &Email,
        name: &PersonName,
        password_hash: &str,
        may_reset: bool,
    ) -> Result<RootAdminChange> {
        let now = Utc::now();
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let existing: Option<(Uuid, String)> =
                sqlx::query_as("SELECT id, role FROM users WHERE email_key = $1")
                    .bind(email.key())
                    .fetch_optional(&mut *tx)
                    .await?;
            let (user_id, change) = match existing {
                Some((_, role)) if role != "root" => {
                    return Err(Error::conflict(
                        "email",
                        format!(
                            "{} already belongs to a company account; choose another email for the root admin.",
                            email.as_str()
                        ),
                    ));
                }
                Some(_) if !may_reset => {
                    return Err(Error::conflict("email", format!("{} is already the root admin.", email.as_str())));
                }
                Some((id, _)) => {
                    sqlx::query(
                        "UPDATE users SET password_hash = $1, status = 'active', \
                         session_epoch = session_epoch + 1, updated_at = $2 WHERE id = $3",
                    )
                    .bind(password_hash)
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    (id, RootAdminChange::PasswordReset)
                }
                None => {
                    let id = Uuid::now_v7();
                    sqlx::query(
                        "INSERT INTO users (id, company_id, email, email_key, name, role, status, \
                         password_hash, created_at, updated_at) \
                         VALUES ($1, NULL, $2, $3, $4, 'root', 'active', $5, $6, $6)",
                    )
                    .bind(id)
                    .bind(email.as_str())
                    .bind(email.key())
                    .bind(name.as_str())
                    .bind(password_hash)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| unique_email_conflict(e, email))?;
                    (id, RootAdminChange::Created)
                }
            };
            let event = AuditEvent {
                company_id: None,
                actor_id: None,
                action: change.audit_action(),
                target: format!("user:{user_id}"),
                details: serde_json::json!({ "email": email.as_str() }),
                meta: RequestMeta::default(),
            };
            record_audit!(&mut *tx, &event)?;
            tx.commit().await?;
            Ok(change)
        })
    }
}

/// Two writers racing for one address: the loser hears it as a conflict, not a database error.
fn unique_email_conflict(err: sqlx::Error, email: &Email) -> Error {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            Error::conflict("email", format!("{} already has an account.", email.as_str()))
        }
        _ => Error::from(err),
    }
}
