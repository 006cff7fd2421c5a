//! The list shape of api.md: `{items: [..], next_cursor: string|null}`.

use serde::Serialize;
use utoipa::ToSchema;

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
