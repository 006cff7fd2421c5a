//! Queries whose shape depends on the request (filters, sorts, cursors): SQL text built with the
//! values its placeholders stand for, bound whatever their types.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// A value bound to a list query, whose shape depends on the filters.
pub(crate) enum Param {
    Uuid(Uuid),
    Text(String),
    Int(i64),
    Bool(bool),
    Time(DateTime<Utc>),
    Date(NaiveDate),
}

/// A query under construction: SQL text and the values its placeholders stand for.
pub(crate) struct ListQuery {
    pub sql: String,
    pub params: Vec<Param>,
}

impl ListQuery {
    /// Adds a value and returns its placeholder.
    pub fn bind(&mut self, param: Param) -> String {
        self.params.push(param);
        format!("${}", self.params.len())
    }
}

/// Binds the values of a list query, whatever their types.
macro_rules! bind_params {
    ($query:expr, $params:expr) => {{
        let mut query = $query;
        for param in $params {
            query = match param {
                $crate::store::params::Param::Uuid(value) => query.bind(value),
                $crate::store::params::Param::Text(value) => query.bind(value),
                $crate::store::params::Param::Int(value) => query.bind(value),
                $crate::store::params::Param::Bool(value) => query.bind(value),
                $crate::store::params::Param::Time(value) => query.bind(value),
                $crate::store::params::Param::Date(value) => query.bind(value),
            };
        }
        query
    }};
}

pub(crate) use bind_params;

/// `words` as a LIKE pattern that matches them anywhere (with `ESCAPE '\\'`).
pub(crate) fn contains_pattern(words: &str) -> String {
    let escaped = words.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}
