//! A company's workflow settings, kept as one JSON document per company.

pub mod branding;
pub mod fields;
pub mod integrations;

use serde::{Deserialize, Serialize};

use crate::entitlements::Feature;

pub use branding::Branding;
pub use fields::{CustomField, FieldKind};
pub use integrations::{Event, Integrations, Notifications};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueStatus {
    pub name: String,
    /// Issues in a done status count as resolved.
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanySettings {
    pub issue_statuses: Vec<IssueStatus>,
    pub priority_levels: Vec<String>,
    pub issue_types: Vec<String>,
    #[serde(default)]
    pub custom_fields: Vec<CustomField>,
    #[serde(default)]
    pub integrations: Integrations,
    #[serde(default)]
    pub notifications: Notifications,
    #[serde(default)]
    pub branding: Branding,
}

/// The statuses every company starts with; only tiers with custom workflows may use others.
pub fn default_statuses() -> Vec<IssueStatus> {
    let status = |name: &str, done| IssueStatus { name: name.to_owned(), done };
    vec![status("Open", false), status("In Progress", false), status("In Review", false), status("Closed", true)]
}

impl Default for CompanySettings {
    /// What every new company starts with.
    fn default() -> Self {
        let names = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
        CompanySettings {
            issue_statuses: default_statuses(),
            priority_levels: names(&["Low", "Medium", "High", "Critical"]),
            issue_types: names(&["Bug", "Feature", "Task", "Epic"]),
            custom_fields: Vec::new(),
            integrations: Integrations::default(),
            notifications: Notifications::default(),
            branding: Branding::default(),
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

    pub fn custom_field(&self, name: &str) -> Option<&CustomField> {
        self.custom_fields.iter().find(|field| field.name == name)
    }

    pub fn is_done(&self, status: &str) -> bool {
        self.status(status).is_some_and(|status| status.done)
    }

    /// Whether the statuses are other than the defaults (a custom workflow).
    pub fn has_custom_statuses(&self) -> bool {
        self.issue_statuses != default_statuses()
    }

    /// The tier features these settings use, so a plan without one can refuse them.
    pub fn features_in_use(&self) -> Vec<Feature> {
        [
            (Feature::CustomWorkflows, self.has_custom_statuses()),
            (Feature::Slack, self.integrations.slack.is_some()),
            (Feature::Webhooks, !self.integrations.webhooks.is_empty()),
            (Feature::WhiteLabel, !self.branding.is_empty()),
        ]
        .into_iter()
        .filter_map(|(feature, used)| used.then_some(feature))
        .collect()
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
        assert!(!settings.has_custom_statuses());
    }

    #[test]
    fn settings_stored_before_typed_sections_still_read() {
        let stored = r#"{"issue_statuses":[{"name":"Open","done":false},{"name":"Closed","done":true}],
            "priority_levels":["Low"],"issue_types":["Bug"],"custom_fields":[],"integrations":{},
            "notifications":{"email":true},"branding":{}}"#;
        let settings: CompanySettings = serde_json::from_str(stored).unwrap();
        assert!(settings.notifications.email);
        assert_eq!(settings.integrations, Integrations::default());
        assert_eq!(settings.branding, Branding::default());
    }
}
