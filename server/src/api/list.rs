//! The list shape of api.md: `{items: [..], next_cursor: string|null}`.

use serde::Serialize;
use tenantry_app::error::{AppError, ErrorCode};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; `null` on the last one.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Everything, in one page.
    pub fn complete(items: Vec<T>) -> Self {
        Page { items, next_cursor: None }
    }
}

/// A list's `cursor` (the last id of the previous page) and `limit` (1 to 200, default 50), checked.
pub fn id_cursor(cursor: Option<String>, limit: Option<i64>) -> Result<(Option<Uuid>, i64), AppError> {
    let invalid = |field: &str, sentence: &str| {
        AppError::new(ErrorCode::ValidationFailed, sentence).with("fields", serde_json::json!({ field: sentence }))
    };
    let limit = limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(invalid("limit", "limit is 1 to 200."));
    }
    let before = match cursor.filter(|c| !c.is_empty()) {
        Some(cursor) => {
            Some(cursor.parse::<Uuid>().map_err(|_| invalid("cursor", "cursor is not one this API gave."))?)
        }
        None => None,
    };
    Ok((before, limit))
}

impl<T> Page<T> {
    /// A page from `items` fetched one beyond `limit`: the extra one only says there is more.
    pub fn of(mut items: Vec<T>, limit: i64, id: impl Fn(&T) -> String) -> Self {
        let next_cursor = (items.len() as i64 > limit).then(|| {
            items.truncate(limit as usize);
            items.last().map(&id).unwrap_or_default()
        });
        Page { items, next_cursor }
    }
}
