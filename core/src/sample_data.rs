//! Sample issues a new company may start with, so its lists and analytics are not empty on day one.

use chrono::{DateTime, Duration, Utc};

use crate::settings::CompanySettings;

/// A sample issue, dated: the store numbers it and puts it in the default team.
#[derive(Debug, Clone)]
pub struct PlannedIssue {
    pub title: &'static str,
    pub description: &'static str,
    pub issue_type: &'static str,
    pub priority: &'static str,
    pub priority_rank: i64,
    pub status: &'static str,
    pub assigned_to_owner: bool,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// (title, description, type, priority, status, days ago created, hours to resolve when done, owner's)
type Sample = (&'static str, &'static str, &'static str, &'static str, &'static str, i64, i64, bool);

const SAMPLES: [Sample; 12] = [
    (
        "Checkout button does nothing on Safari 17",
        "Clicking Pay on the cart page leaves the spinner running; the console shows a CORS error from the payment iframe.",
        "Bug",
        "Critical",
        "Closed",
        27,
        5,
        true,
    ),
    (
        "Password reset mail arrives after 20 minutes",
        "Users report that reset links come long after they asked; the queue shows retries against the mail relay.",
        "Bug",
        "High",
        "Closed",
        24,
        30,
        false,
    ),
    (
        "Export invoices as CSV",
        "Finance wants the monthly invoice list as CSV with net, tax and gross columns.",
        "Feature",
        "Medium",
        "Closed",
        21,
        100,
        false,
    ),
    (
        "Dark mode for the dashboard",
        "Follow the system setting and remember a manual choice.",
        "Feature",
        "Low",
        "In Review",
        19,
        0,
        false,
    ),
    (
        "Search ignores accents",
        "Searching \"cafe\" should find \"Café au lait\".",
        "Bug",
        "Medium",
        "In Progress",
        16,
        0,
        true,
    ),
    (
        "Set up error tracking for the mobile app",
        "Crash reports should reach the team within minutes, with release and device.",
        "Task",
        "High",
        "Closed",
        14,
        20,
        true,
    ),
    (
        "Onboarding checklist for new customers",
        "A short list that ticks off as the customer completes each step.",
        "Epic",
        "Medium",
        "Open",
        12,
        0,
        false,
    ),
    (
        "Rate limit the public API per token",
        "Bursts from one integration slow everyone down; add a per-token limit with clear headers.",
        "Task",
        "High",
        "In Progress",
        9,
        0,
        false,
    ),
    (
        "Profile photo upload fails above 2 MB",
        "The upload stops at 100% and the old photo stays; larger files should be resized, not refused.",
        "Bug",
        "Low",
        "Open",
        6,
        0,
        false,
    ),
    (
        "Weekly usage report by email",
        "Owners get a Monday summary: issues opened, resolved, and the slowest ones.",
        "Feature",
        "Low",
        "Open",
        4,
        0,
        false,
    ),
    (
        "Upgrade the database driver",
        "The current driver is two minor versions behind and misses a pool fix.",
        "Task",
        "Medium",
        "Closed",
        3,
        6,
        false,
    ),
    (
        "Timeouts on the reports page for large accounts",
        "Accounts with more than 50k issues wait over 10 seconds; the page should answer in under one.",
        "Bug",
        "High",
        "Open",
        1,
        0,
        true,
    ),
];

/// The sample issues for a company with `settings`, dated relative to `now`. Values the settings do
/// not know (a company always starts with the defaults, so none) are left out rather than guessed.
pub fn plan(settings: &CompanySettings, now: DateTime<Utc>) -> Vec<PlannedIssue> {
    SAMPLES
        .iter()
        .filter_map(|&(title, description, issue_type, priority, status, days_ago, hours_to_resolve, owner)| {
            let (priority_rank, _) = settings.priority(priority)?;
            settings.issue_type(issue_type)?;
            let done = settings.status(status)?.done;
            let created_at = now - Duration::days(days_ago) - Duration::hours(days_ago % 7);
            Some(PlannedIssue {
                title,
                description,
                issue_type,
                priority,
                priority_rank,
                status,
                assigned_to_owner: owner,
                created_at,
                resolved_at: done.then(|| created_at + Duration::hours(hours_to_resolve)),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dozen_issues_over_the_past_weeks_some_resolved_all_in_the_past() {
        let now = Utc::now();
        let planned = plan(&CompanySettings::default(), now);
        assert_eq!(planned.len(), 12);
        assert!(planned.iter().any(|p| p.resolved_at.is_some()) && planned.iter().any(|p| p.resolved_at.is_none()));
        assert!(
            planned.iter().all(|p| p.created_at < now && p.resolved_at.is_none_or(|r| r > p.created_at && r < now))
        );
        for values in [
            planned.iter().map(|p| p.issue_type).collect::<std::collections::BTreeSet<_>>(),
            planned.iter().map(|p| p.priority).collect(),
            planned.iter().map(|p| p.status).collect(),
        ] {
            assert_eq!(values.len(), 4, "spread over every type, priority and status: {values:?}");
        }
    }
}
