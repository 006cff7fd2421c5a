//! The company directory: search, filters, three orders and cursor pages, each along an index.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::company::CompanyStatus;
use crate::identity::Caller;
use crate::validation::Fields;
use crate::{Result, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DirectorySort {
    /// Newest first.
    #[default]
    Newest,
    /// A to Z.
    Name,
    /// Most issues first.
    Usage,
}

impl DirectorySort {
    pub fn as_str(self) -> &'static str {
        match self {
            DirectorySort::Newest => "created",
            DirectorySort::Name => "name",
            DirectorySort::Usage => "usage",
        }
    }
}

/// A directory request as sent (query string or form): every part optional, all validated.
#[derive(Debug, Clone, Default)]
pub struct DirectoryRequest {
    pub search: Option<String>,
    pub status: Option<String>,
    pub tier: Option<String>,
    pub sort: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

/// A validated directory query.
#[derive(Debug, Clone)]
pub struct Directory {
    pub search: Option<String>,
    pub status: Option<CompanyStatus>,
    pub tier_id: Option<String>,
    pub sort: DirectorySort,
    /// The last company of the previous page.
    pub after: Option<Uuid>,
    pub limit: i64,
}

/// A company as the directory lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyRow {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub tier: String,
    pub status: CompanyStatus,
    pub users: i64,
    /// `None`: unlimited.
    pub user_limit: Option<i64>,
    pub issues: i64,
    pub issue_limit: Option<i64>,
    pub created_at: DateTime<Utc>,
    /// The last UTC day anyone of the company used the product.
    pub last_active_on: Option<NaiveDate>,
    pub owner_email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryPage {
    pub items: Vec<CompanyRow>,
    /// Pass as `cursor` for the next page; `None` on the last.
    pub next_cursor: Option<String>,
}

pub const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 200;
const MAX_SEARCH: usize = 100;

/// One page of companies for the platform operator.
pub async fn directory(store: &Store, caller: &Caller, request: DirectoryRequest) -> Result<DirectoryPage> {
    super::require_root(caller)?;
    let tiers = store.tiers().await?;
    let query = parse(request, &tiers)?;
    let mut items = store.company_directory(&query).await?;
    let next_cursor = (items.len() as i64 > query.limit).then(|| {
        items.truncate(query.limit as usize);
        items.last().map(|row| row.id.to_string()).unwrap_or_default()
    });
    Ok(DirectoryPage { items, next_cursor })
}

fn parse(request: DirectoryRequest, tiers: &[crate::tiers::Tier]) -> Result<Directory> {
    let mut fields = Fields::default();
    let given = |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let search = given(request.search);
    if search.as_ref().is_some_and(|s| s.chars().count() > MAX_SEARCH) {
        fields.add("search", format!("Search for at most {MAX_SEARCH} characters."));
    }
    let status = match given(request.status).as_deref() {
        None => None,
        Some("active") => Some(CompanyStatus::Active),
        Some("suspended") => Some(CompanyStatus::Suspended),
        Some(_) => {
            fields.add("status", "status is active or suspended.");
            None
        }
    };
    let tier_id = match given(request.tier) {
        None => None,
        Some(name) => match tiers.iter().find(|t| t.name.eq_ignore_ascii_case(&name) || t.id == name) {
            Some(tier) => Some(tier.id.clone()),
            None => {
                let names: Vec<&str> = tiers.iter().map(|t| t.name.as_str()).collect();
                fields.add("tier", format!("tier is one of {}.", names.join(", ")));
                None
            }
        },
    };
    let sort = match given(request.sort).as_deref() {
        None | Some("created") => DirectorySort::Newest,
        Some("name") => DirectorySort::Name,
        Some("usage") => DirectorySort::Usage,
        Some(_) => {
            fields.add("sort", "sort is created, name or usage.");
            DirectorySort::Newest
        }
    };
    let after = match given(request.cursor) {
        None => None,
        Some(cursor) => match cursor.parse() {
            Ok(id) => Some(id),
            Err(_) => {
                fields.add("cursor", "cursor is the next_cursor of an earlier page.");
                None
            }
        },
    };
    let limit = request.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        fields.add("limit", format!("limit is 1 to {MAX_LIMIT}."));
    }
    fields.finish()?;
    Ok(Directory { search, status, tier_id, sort, after, limit })
}
