//! The platform operator's tools.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub id: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
    /// `delivered`, `waiting` (no SMTP, or not yet) or `failing: …`.
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxPage {
    pub items: Vec<OutboxItem>,
    /// Pass as `before` for the next (older) page.
    pub next: Option<String>,
}

#[cfg(feature = "ssr")]
const PAGE_SIZE: i64 = 25;

/// The outbox, newest first (root only).
#[server]
pub async fn get_outbox(before: Option<String>) -> Result<OutboxPage, AppError> {
    let caller = crate::workspace::require_caller().await?;
    if !caller.is_root() {
        return Err(AppError::not_found());
    }
    let before = match before.filter(|b| !b.is_empty()) {
        Some(raw) => Some(raw.parse().map_err(|_| AppError::not_found())?),
        None => None,
    };
    let ctx = crate::server_context()?;
    let mut entries = ctx.store.outbox_page(before, PAGE_SIZE + 1).await?;
    let next = (entries.len() as i64 > PAGE_SIZE).then(|| {
        entries.truncate(PAGE_SIZE as usize);
        entries.last().map(|e| e.id.to_string()).unwrap_or_default()
    });
    let items = entries
        .into_iter()
        .map(|entry| OutboxItem {
            id: entry.id.to_string(),
            to: entry.to_address,
            subject: entry.subject,
            body: entry.body,
            created_at: entry.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            state: match (entry.delivered_at, entry.last_error) {
                (Some(_), _) => "delivered".to_owned(),
                (None, Some(error)) => format!("failing ({} attempts): {error}", entry.attempts),
                (None, None) => "waiting".to_owned(),
            },
        })
        .collect();
    Ok(OutboxPage { items, next })
}
