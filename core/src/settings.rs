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
