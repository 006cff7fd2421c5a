//! A company's workflow settings, kept as one JSON document per company.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueStatus {
    pub name: String,
    /// Issues in a done status count as resolved.
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notifications {
    pub email: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanySettings {
    pub issue_statuses: Vec<IssueStatus>,
    pub priority_levels: Vec<String>,
    pub issue_types: Vec<String>,
    pub custom_fields: Vec<Value>,
    pub integrations: Map<String, Value>,
    pub notifications: Notifications,
    pub branding: Map<String, Value>,
}

impl Default for CompanySettings {
    /// What every new company starts with.
    fn default() -> Self {
        let status = |name: &str, done| IssueStatus { name: name.to_owned(), done };
        let names = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
        CompanySettings {
            issue_statuses: vec![
                status("Open", false),
                status("In Progress", false),
                status("In Review", false),
                status("Closed", true),
            ],
            priority_levels: names(&["Low", "Medium", "High", "Critical"]),
            issue_types: names(&["Bug", "Feature", "Task", "Epic"]),
            custom_fields: Vec::new(),
            integrations: Map::new(),
            notifications: Notifications { email: true },
            branding: Map::new(),
        }
    }
}

impl CompanySettings {
    /// The status named `raw` (any case), as the company spells it.
    pub fn status(&self, raw: &str) -> Option<&IssueStatus> {
        self.issue_statuses.iter().find(|status| status.name.eq_ignore_ascii_case(raw.trim()))
    }

    /// The priority named `raw` (any case) and its place in the list, lowest first.
    pub fn priority(&self, raw: &str) -> Option<(i64, &str)> {
        let position = self.priority_levels.iter().position(|name| name.eq_ignore_ascii_case(raw.trim()))?;
        Some((position as i64, self.priority_levels[position].as_str()))
    }

    pub fn issue_type(&self, raw: &str) -> Option<&str> {
        self.issue_types.iter().find(|name| name.eq_ignore_ascii_case(raw.trim())).map(String::as_str)
    }

    pub fn is_done(&self, status: &str) -> bool {
        self.status(status).is_some_and(|status| status.done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_without_case_and_come_back_as_the_company_spells_them() {
        let settings = CompanySettings::default();
        assert_eq!(settings.status("in progress").map(|s| s.name.as_str()), Some("In Progress"));
        assert_eq!(settings.priority("CRITICAL"), Some((3, "Critical")));
        assert_eq!(settings.issue_type(" bug "), Some("Bug"));
        assert!(settings.status("Nope").is_none());
        assert!(settings.is_done("closed") && !settings.is_done("Open"));
    }
}
