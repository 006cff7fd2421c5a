//! Which issues a list shows, in what order, and where a page starts: parsed from what was sent.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::settings::CompanySettings;
use crate::validation::Fields;
use crate::{Error, Result};

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

/// A list request as sent (query-string values, all optional).
#[derive(Debug, Clone, Default)]
pub struct ListRequest {
    pub status: Option<String>,
    pub priority: Option<String>,
    pub issue_type: Option<String>,
    pub assignee_id: Option<String>,
    pub team_id: Option<String>,
    pub q: Option<String>,
    pub archived: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// A filter on an optional reference: a given one, or none at all (`none`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    Is(Uuid),
    Unset,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Created,
    Updated,
    Priority,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    pub fn as_str(self) -> &'static str {
        match (self.key, self.descending) {
            (SortKey::Created, false) => "created",
            (SortKey::Created, true) => "-created",
            (SortKey::Updated, false) => "updated",
            (SortKey::Updated, true) => "-updated",
            (SortKey::Priority, false) => "priority",
            (SortKey::Priority, true) => "-priority",
        }
    }

    fn parse(raw: &str) -> Option<Sort> {
        let (descending, name) = match raw.trim().strip_prefix('-') {
            Some(name) => (true, name),
            None => (false, raw.trim()),
        };
        let key = match name {
            "created" => SortKey::Created,
            "updated" => SortKey::Updated,
            "priority" => SortKey::Priority,
            _ => return None,
        };
        Some(Sort { key, descending })
    }
}

/// Where the next page starts: just after the last issue of this one, in the list's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    Created { number: i64 },
    Updated { at: DateTime<Utc>, number: i64 },
    Priority { rank: i64, number: i64 },
}

impl Cursor {
    /// An opaque string for the next page's link.
    pub fn encode(&self, sort: Sort) -> String {
        let plain = match self {
            Cursor::Created { number } => format!("{}|{number}", sort.as_str()),
            Cursor::Updated { at, number } => format!("{}|{}|{number}", sort.as_str(), at.timestamp_micros()),
            Cursor::Priority { rank, number } => format!("{}|{rank}|{number}", sort.as_str()),
        };
        URL_SAFE_NO_PAD.encode(plain)
    }

    /// A cursor made by `encode` for the same sort; anything else is refused.
    pub fn decode(raw: &str, sort: Sort) -> Result<Cursor> {
        let bad = || Error::invalid("cursor", "This cursor is not one this list gave out; start from the first page.");
        let plain =
            URL_SAFE_NO_PAD.decode(raw.trim()).ok().and_then(|bytes| String::from_utf8(bytes).ok()).ok_or_else(bad)?;
        let parts: Vec<&str> = plain.split('|').collect();
        let number = |raw: &str| raw.parse::<i64>().map_err(|_| bad());
        match (sort.key, parts.as_slice()) {
            (_, [s, ..]) if *s != sort.as_str() => Err(bad()),
            (SortKey::Created, [_, n]) => Ok(Cursor::Created { number: number(n)? }),
            (SortKey::Updated, [_, micros, n]) => {
                let at = DateTime::from_timestamp_micros(number(micros)?).ok_or_else(bad)?;
                Ok(Cursor::Updated { at, number: number(n)? })
            }
            (SortKey::Priority, [_, rank, n]) => Ok(Cursor::Priority { rank: number(rank)?, number: number(n)? }),
            _ => Err(bad()),
        }
    }
}

/// A list request that passed every check.
#[derive(Debug, Clone)]
pub struct IssueFilter {
    pub status: Option<String>,
    pub priority: Option<String>,
    pub issue_type: Option<String>,
    pub assignee: Option<Reference>,
    pub team: Option<Reference>,
    /// Lower-cased words the title must contain.
    pub search: Option<String>,
    pub archived: bool,
    pub sort: Sort,
    pub limit: i64,
    pub after: Option<Cursor>,
}

impl IssueFilter {
    /// Checks every value against the company's settings; each bad one is named.
    pub fn parse(request: &ListRequest, settings: &CompanySettings) -> Result<IssueFilter> {
        let mut fields = Fields::default();
        let given =
            |value: &Option<String>| value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let status = given(&request.status).and_then(|raw| match settings.status(&raw) {
            Some(status) => Some(status.name.clone()),
            None => {
                fields.add("status", format!("\"{raw}\" is not one of this company's statuses."));
                None
            }
        });
        let priority = given(&request.priority).and_then(|raw| match settings.priority(&raw) {
            Some((_, name)) => Some(name.to_owned()),
            None => {
                fields.add("priority", format!("\"{raw}\" is not one of this company's priorities."));
                None
            }
        });
        let issue_type = given(&request.issue_type).and_then(|raw| match settings.issue_type(&raw) {
            Some(name) => Some(name.to_owned()),
            None => {
                fields.add("issue_type", format!("\"{raw}\" is not one of this company's issue types."));
                None
            }
        });
        let assignee = given(&request.assignee_id).and_then(|raw| reference(&raw, "assignee_id", &mut fields));
        let team = given(&request.team_id).and_then(|raw| reference(&raw, "team_id", &mut fields));
        let archived = match given(&request.archived).as_deref() {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => {
                fields.add("archived", "archived is true or false.");
                false
            }
        };
        let sort = match given(&request.sort) {
            None => Sort { key: SortKey::Created, descending: true },
            Some(raw) => Sort::parse(&raw).unwrap_or_else(|| {
                fields.add("sort", "sort is one of created, updated, priority, each with an optional leading -.");
                Sort { key: SortKey::Created, descending: true }
            }),
        };
        let limit = match given(&request.limit) {
            None => DEFAULT_LIMIT,
            Some(raw) => match raw.parse::<i64>() {
                Ok(limit) if (1..=MAX_LIMIT).contains(&limit) => limit,
                _ => {
                    fields.add("limit", format!("limit is a whole number from 1 to {MAX_LIMIT}."));
                    DEFAULT_LIMIT
                }
            },
        };
        let after = given(&request.cursor).and_then(|raw| fields.check("cursor", Cursor::decode(&raw, sort)));
        let search = given(&request.q).map(|q| q.to_lowercase());
        if search.as_ref().is_some_and(|q| q.chars().count() > 200) {
            fields.add("q", "Search for at most 200 characters.");
        }
        fields.finish()?;
        Ok(IssueFilter { status, priority, issue_type, assignee, team, search, archived, sort, limit, after })
    }
}

fn reference(raw: &str, field: &str, fields: &mut Fields) -> Option<Reference> {
    if raw == "none" {
        return Some(Reference::Unset);
    }
    match Uuid::parse_str(raw) {
        Ok(id) => Some(Reference::Is(id)),
        Err(_) => {
            fields.add(field, format!("{field} is an id, or none."));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(request: ListRequest) -> Result<IssueFilter> {
        IssueFilter::parse(&request, &CompanySettings::default())
    }

    #[test]
    fn defaults_to_the_newest_fifty_unarchived() {
        let filter = parse(ListRequest::default()).unwrap();
        assert_eq!((filter.sort.as_str(), filter.limit, filter.archived), ("-created", 50, false));
    }

    #[test]
    fn names_every_bad_value() {
        let request = ListRequest {
            status: Some("Nope".into()),
            priority: Some("urgent".into()),
            assignee_id: Some("42".into()),
            sort: Some("title".into()),
            limit: Some("201".into()),
            cursor: Some("!!".into()),
            archived: Some("maybe".into()),
            ..ListRequest::default()
        };
        match parse(request) {
            Err(Error::Validation { fields, .. }) => {
                let names: Vec<&str> = fields.keys().map(String::as_str).collect();
                assert_eq!(names, ["archived", "assignee_id", "cursor", "limit", "priority", "sort", "status"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_cursor_round_trips_and_belongs_to_its_sort() {
        let sort = Sort { key: SortKey::Updated, descending: true };
        let at = DateTime::from_timestamp_micros(1_780_000_000_123_456).unwrap();
        let cursor = Cursor::Updated { at, number: 7 };
        assert_eq!(Cursor::decode(&cursor.encode(sort), sort).unwrap(), cursor);
        let other = Sort { key: SortKey::Updated, descending: false };
        assert!(Cursor::decode(&cursor.encode(sort), other).is_err());
        assert!(Cursor::decode("bm9wZQ", sort).is_err());
    }

    #[test]
    fn values_come_back_as_the_company_spells_them() {
        let request =
            ListRequest { status: Some("in progress".into()), team_id: Some("none".into()), ..Default::default() };
        let filter = parse(request).unwrap();
        assert_eq!(filter.status.as_deref(), Some("In Progress"));
        assert_eq!(filter.team, Some(Reference::Unset));
    }
}
