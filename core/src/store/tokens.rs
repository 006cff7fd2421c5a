use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::accounts::{ACCOUNT_COLUMNS, ACCOUNT_SOURCE, AccountRow};
use super::audit::record_audit;
use super::tx::BeginWrite;
use super::{Store, with_db};
use crate::audit::AuditEvent;
use crate::identity::{Account, Role, Tenant};
use crate::tokens::{NewToken, TokenInfo};
use crate::{Error, Result};

#[derive(sqlx::FromRow)]
struct TokenInfoRow {
    id: Uuid,
    name: String,
    role: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct TokenAccountRow {
    token_id: Uuid,
    token_role: String,
    #[sqlx(flatten)]
    account: AccountRow,
}

impl Store {
    pub async fn insert_token(&self, token: &NewToken<'_>, event: &AuditEvent) -> Result<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO api_tokens (id, company_id, created_by, name, role, token_hash, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(token.id)
            .bind(token.company_id)
            .bind(token.created_by)
            .bind(token.name)
            .bind(token.role.as_str())
            .bind(&token.hash)
            .bind(Utc::now())
            .execute(&mut *tx)
            .await?;
            record_audit!(&mut *tx, event)?;
            tx.commit().await
        })?;
        Ok(())
    }

    /// The company's live tokens, newest first.
    pub async fn company_tokens(&self, tenant: &Tenant) -> Result<Vec<TokenInfo>> {
        let rows: Vec<TokenInfoRow> = with_db!(self, pool => {
            sqlx::query_as(
                "SELECT id, name, role, created_at, last_used_at FROM api_tokens \
                 WHERE company_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC",
            )
            .bind(tenant.company_id())
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter()
            .map(|row| {
                Ok(TokenInfo {
                    id: row.id,
                    name: row.name,
                    role: Role::from_db(&row.role)?,
                    created_at: row.created_at,
                    last_used_at: row.last_used_at,
                })
            })
            .collect()
    }

    /// Revokes a live token of this company; any other id is not found.
    pub async fn revoke_token(&self, tenant: &Tenant, token_id: Uuid, event: &AuditEvent) -> Result<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let revoked = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND company_id = $3 AND revoked_at IS NULL",
            )
            .bind(Utc::now())
            .bind(token_id)
            .bind(tenant.company_id())
            .execute(&mut *tx)
            .await?;
            if revoked.rows_affected() == 0 {
                return Err(Error::NotFound);
            }
            record_audit!(&mut *tx, event)?;
            tx.commit().await?;
            Ok::<_, Error>(())
        })
    }

    /// The live token with this hash, its role, and its creator's account.
    pub async fn token_account(&self, token_hash: &str) -> Result<Option<(Uuid, Role, Account)>> {
        let row: Option<TokenAccountRow> = with_db!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT t.id AS token_id, t.role AS token_role, {ACCOUNT_COLUMNS} {ACCOUNT_SOURCE} \
                 JOIN api_tokens t ON t.created_by = u.id WHERE t.token_hash = $1 AND t.revoked_at IS NULL"
            ))
            .bind(token_hash)
            .fetch_optional(pool)
            .await
        })?;
        row.map(|row| Ok((row.token_id, Role::from_db(&row.token_role)?, Account::try_from(row.account)?))).transpose()
    }

    /// Notes a token's use, at most once a minute, so busy tokens do not write on every call.
    pub async fn touch_token(&self, token_id: Uuid) -> Result<()> {
        let now = Utc::now();
        with_db!(self, pool => {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)")
                .bind(now)
                .bind(token_id)
                .bind(now - chrono::Duration::minutes(1))
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }
}
