use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Store, with_db};
use crate::mail::Mail;
use crate::{Error, Result};

/// Queues a message on `$conn`, inside the caller's transaction; evaluates to its id.
macro_rules! queue_mail {
    ($conn:expr, $mail:expr) => {{
        let mail: &$crate::mail::Mail = $mail;
        let id = uuid::Uuid::now_v7();
        sqlx::query(
            "INSERT INTO outbox (id, company_id, to_address, subject, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(mail.company_id)
        .bind(&mail.to)
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(chrono::Utc::now())
        .execute($conn)
        .await
        .map(|_| id)
    }};
}
pub(crate) use queue_mail;

/// A message as the outbox shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxEntry {
    pub id: Uuid,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

impl Store {
    pub async fn outbox_message(&self, id: Uuid) -> Result<Mail> {
        let (company_id, to, subject, body): (Option<Uuid>, String, String, String) = with_db!(self, pool => {
            sqlx::query_as("SELECT company_id, to_address, subject, body FROM outbox WHERE id = $1")
                .bind(id)
                .fetch_one(pool)
                .await
        })?;
        Ok(Mail { company_id, to, subject, body })
    }

    pub async fn mark_delivered(&self, id: Uuid) -> Result<()> {
        with_db!(self, pool => {
            sqlx::query("UPDATE outbox SET delivered_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2")
                .bind(Utc::now())
                .bind(id)
                .execute(pool)
                .await
                .map(|_| ())
        })
        .map_err(Error::from)
    }

    pub async fn mark_failed(&self, id: Uuid, error: &str) -> Result<()> {
        with_db!(self, pool => {
            sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = $1 WHERE id = $2")
                .bind(error)
                .bind(id)
                .execute(pool)
                .await
                .map(|_| ())
        })
        .map_err(Error::from)
    }

    pub async fn undelivered_mail(&self, max_attempts: i64) -> Result<Vec<Uuid>> {
        Ok(with_db!(self, pool => {
            sqlx::query_scalar(
                "SELECT id FROM outbox WHERE delivered_at IS NULL AND attempts < $1 ORDER BY created_at LIMIT 100",
            )
            .bind(max_attempts)
            .fetch_all(pool)
            .await
        })?)
    }

    /// The newest messages first; `before` (an id from the last page) continues the list.
    pub async fn outbox_page(&self, before: Option<Uuid>, limit: i64) -> Result<Vec<OutboxEntry>> {
        Ok(with_db!(self, pool => {
            sqlx::query_as(
                "SELECT id, to_address, subject, body, created_at, delivered_at, attempts, last_error FROM outbox \
                 WHERE ($1 IS NULL OR id < $1) ORDER BY id DESC LIMIT $2",
            )
            .bind(before)
            .bind(limit)
            .fetch_all(pool)
            .await
        })?)
    }
}
