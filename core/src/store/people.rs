use chrono::Utc;

use super::audit::record_audit;
use super::outbox::queue_mail;
use super::tx::BeginWrite;
use super::{Store, with_db};
use crate::identity::Tenant;
use crate::people::NewInvitation;
use crate::{Error, Result};

impl Store {
    /// Writes the invited person, their one-time link, the mail and the audit event together.
    pub async fn invite_person(&self, tenant: &Tenant, invitation: &NewInvitation<'_>) -> Result<uuid::Uuid> {
        let now = Utc::now();
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let taken: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE email_key = $1)")
                .bind(invitation.email.key())
                .fetch_one(&mut *tx)
                .await?;
            if taken {
                return Err(Error::conflict("email", "This email already has an account."));
            }
            let (entitlements, usage) =
                super::entitlements::usage_of!(tx, tenant.company_id(), super::scope::lock_clause(&*tx));
            entitlements.allow(crate::entitlements::Limit::Users, usage.users, 1)?;
            sqlx::query(
                "INSERT INTO users (id, company_id, email, email_key, name, role, status, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'invited', $7, $7)",
            )
            .bind(invitation.user_id)
            .bind(tenant.company_id())
            .bind(invitation.email.as_str())
            .bind(invitation.email.key())
            .bind(invitation.name.as_str())
            .bind(invitation.role.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|err| match &err {
                sqlx::Error::Database(db) if db.is_unique_violation() => {
                    Error::conflict("email", "This email already has an account.")
                }
                _ => Error::from(err),
            })?;
            sqlx::query(
                "INSERT INTO password_links (token_hash, user_id, purpose, created_at, expires_at) \
                 VALUES ($1, $2, 'invitation', $3, $4)",
            )
            .bind(&invitation.link_hash)
            .bind(invitation.user_id)
            .bind(now)
            .bind(invitation.expires_at)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE companies SET user_count = user_count + 1 WHERE id = $1")
                .bind(tenant.company_id())
                .execute(&mut *tx)
                .await?;
            let mail_id = queue_mail!(&mut *tx, &invitation.mail)?;
            record_audit!(&mut *tx, &invitation.event)?;
            tx.commit().await?;
            Ok::<_, Error>(mail_id)
        })
    }
}

impl Store {
    /// Uses a live link: sets the password, activates an invited person, ends their sessions.
    pub async fn redeem_password_link(
        &self,
        link_hash: &str,
        password_hash: &str,
        meta: &crate::audit::RequestMeta,
    ) -> Result<crate::identity::Account> {
        let now = Utc::now();
        let user_id: uuid::Uuid = with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let link: Option<(uuid::Uuid, Option<uuid::Uuid>, String)> = sqlx::query_as(
                "SELECT l.user_id, u.company_id, l.purpose FROM password_links l JOIN users u ON u.id = l.user_id \
                 WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND u.status <> 'deactivated'",
            )
            .bind(link_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((user_id, company_id, purpose)) = link else {
                return Err(crate::password_links::unusable());
            };
            sqlx::query(
                "UPDATE users SET password_hash = $1, status = 'active', session_epoch = session_epoch + 1, \
                 updated_at = $2 WHERE id = $3",
            )
            .bind(password_hash)
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            // Every other link of this person dies with this one.
            sqlx::query("UPDATE password_links SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
                .bind(now)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            record_audit!(&mut *tx, &crate::password_links::redeemed_event(user_id, company_id, &purpose, meta))?;
            tx.commit().await?;
            Ok::<_, Error>(user_id)
        })?;
        self.account_by_id(user_id).await?.ok_or(Error::NotFound)
    }

    pub async fn create_reset_link(
        &self,
        user_id: uuid::Uuid,
        link_hash: &str,
        expires_at: chrono::DateTime<Utc>,
        mail: &crate::mail::Mail,
        event: &crate::audit::AuditEvent,
    ) -> Result<uuid::Uuid> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO password_links (token_hash, user_id, purpose, created_at, expires_at) \
                 VALUES ($1, $2, 'reset', $3, $4)",
            )
            .bind(link_hash)
            .bind(user_id)
            .bind(Utc::now())
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            let mail_id = queue_mail!(&mut *tx, mail)?;
            record_audit!(&mut *tx, event)?;
            tx.commit().await?;
            Ok::<_, Error>(mail_id)
        })
    }
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: uuid::Uuid,
    email: String,
    name: String,
    role: String,
    status: String,
}

impl TryFrom<PersonRow> for crate::people::Person {
    type Error = Error;

    fn try_from(row: PersonRow) -> Result<Self> {
        Ok(crate::people::Person {
            user_id: row.id,
            email: row.email,
            name: row.name,
            role: crate::identity::Role::from_db(&row.role)?,
            status: crate::identity::AccountStatus::from_db(&row.status),
        })
    }
}

impl Store {
    /// The company's people, oldest first.
    pub async fn people(&self, tenant: &Tenant) -> Result<Vec<crate::people::Person>> {
        let rows: Vec<PersonRow> = with_db!(self, pool => {
            sqlx::query_as("SELECT id, email, name, role, status FROM users WHERE company_id = $1 ORDER BY id")
                .bind(tenant.company_id())
                .fetch_all(pool)
                .await
        })?;
        rows.into_iter().map(crate::people::Person::try_from).collect()
    }

    /// Applies a change to one of the company's people, never leaving it without an active owner.
    pub async fn change_person(
        &self,
        tenant: &Tenant,
        actor_role: crate::identity::Role,
        user_id: uuid::Uuid,
        change: &crate::people::Change,
        event: &crate::audit::AuditEvent,
    ) -> Result<crate::people::Person> {
        use crate::identity::Role;
        use crate::people::Change;
        let now = Utc::now();
        let row: PersonRow = with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            // Lock the owners first: two admins demoting the last two owners at once must not both win.
            let owners: Vec<uuid::Uuid> = sqlx::query_scalar(&format!(
                "SELECT id FROM users WHERE company_id = $1 AND role = 'owner' AND status <> 'deactivated'{}",
                super::scope::lock_clause(&*tx)
            ))
            .bind(tenant.company_id())
            .fetch_all(&mut *tx)
            .await?;
            let current: Option<PersonRow> =
                sqlx::query_as("SELECT id, email, name, role, status FROM users WHERE id = $1 AND company_id = $2")
                    .bind(user_id)
                    .bind(tenant.company_id())
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some(current) = current else { return Err(Error::NotFound) };
            let current_role = Role::from_db(&current.role)?;
            if current_role > actor_role {
                return Err(Error::Forbidden("You cannot change someone with more rights than your own.".into()));
            }
            let stops_being_owner = current_role == Role::Owner
                && match change {
                    Change::Deactivate => true,
                    Change::Update { role, .. } => role.is_some_and(|role| role != Role::Owner),
                };
            if stops_being_owner && owners.iter().all(|owner| *owner == user_id) {
                return Err(Error::conflict(
                    "role",
                    "A company keeps at least one owner: make someone else owner first.",
                ));
            }
            match change {
                Change::Deactivate => {
                    sqlx::query(
                        "UPDATE users SET status = 'deactivated', session_epoch = session_epoch + 1, updated_at = $1 \
                         WHERE id = $2",
                    )
                    .bind(now)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                    if current.status != "deactivated" {
                        sqlx::query("UPDATE companies SET user_count = user_count - 1 WHERE id = $1")
                            .bind(tenant.company_id())
                            .execute(&mut *tx)
                            .await?;
                    }
                }
                Change::Update { name, role } => {
                    let new_role = role.map(|r| r.as_str());
                    let role_changes = new_role.is_some_and(|r| r != current.role);
                    sqlx::query(
                        "UPDATE users SET name = COALESCE($1, name), role = COALESCE($2, role), \
                         session_epoch = session_epoch + $3, updated_at = $4 WHERE id = $5",
                    )
                    .bind(name.as_ref().map(|n| n.as_str()))
                    .bind(new_role)
                    .bind(i64::from(role_changes))
                    .bind(now)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            let mut event = event.clone();
            event.details = serde_json::json!({ "role_before": current.role });
            record_audit!(&mut *tx, &event)?;
            let updated: PersonRow =
                sqlx::query_as("SELECT id, email, name, role, status FROM users WHERE id = $1")
                    .bind(user_id)
                    .fetch_one(&mut *tx)
                    .await?;
            tx.commit().await?;
            Ok::<_, Error>(updated)
        })?;
        crate::people::Person::try_from(row)
    }
}
