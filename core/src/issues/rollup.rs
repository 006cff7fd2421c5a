//! What one issue adds to its company's rollups, so every write can move exactly its share.
//!
//! An issue adds to the day it was created and, once resolved, to the day it was resolved, in
//! total and under its type, its priority and its team. While open it counts once under its type,
//! priority, team and creation day; while not archived, once under its status. A change takes the old share
//! away and adds the new one; a deletion takes it away (reports show the issues that exist, so a
//! rebuild from the issues gives exactly what the writes kept).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// The facts about an issue that its share depends on.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub issue_type: &'a str,
    pub priority: &'a str,
    pub team_id: Option<Uuid>,
    /// The status it counts under; `None` once archived.
    pub status: Option<&'a str>,
}

impl Facts<'_> {
    /// The breakdowns it counts under: everything, its type, its priority and its team.
    fn dimensions(&self) -> Vec<(&'static str, String)> {
        let mut dimensions =
            vec![("all", String::new()), ("type", self.issue_type.to_owned()), ("priority", self.priority.to_owned())];
        if let Some(team) = self.team_id {
            dimensions.push(("team", team.to_string()));
        }
        dimensions
    }
}

/// One row of the rollup table: a UTC day, and everything (`all`), a type, a priority or a team.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FlowKey {
    pub day: NaiveDate,
    pub dimension: &'static str,
    pub value: String,
}

/// Open issues under a type, a priority, a team or a creation day (`dimension`, `value`).
pub type OpenKey = (&'static str, String);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlowCounts {
    pub created: i64,
    pub resolved: i64,
    pub resolution_seconds: i64,
    pub resolved_within_day: i64,
    pub resolved_within_week: i64,
    pub resolved_within_month: i64,
}

impl FlowCounts {
    pub fn add(&mut self, other: FlowCounts, sign: i64) {
        self.created += sign * other.created;
        self.resolved += sign * other.resolved;
        self.resolution_seconds += sign * other.resolution_seconds;
        self.resolved_within_day += sign * other.resolved_within_day;
        self.resolved_within_week += sign * other.resolved_within_week;
        self.resolved_within_month += sign * other.resolved_within_month;
    }

    fn is_zero(&self) -> bool {
        *self == FlowCounts::default()
    }
}

const DAY: i64 = 86_400;

/// The flow rows one issue adds to.
fn share(facts: &Facts) -> Vec<(FlowKey, FlowCounts)> {
    let dimensions = facts.dimensions();
    let mut rows = Vec::with_capacity(2 * dimensions.len());
    let mut add = |day: NaiveDate, counts: FlowCounts| {
        for (dimension, value) in &dimensions {
            rows.push((FlowKey { day, dimension, value: value.clone() }, counts));
        }
    };
    add(facts.created_at.date_naive(), FlowCounts { created: 1, ..FlowCounts::default() });
    if let Some(resolved_at) = facts.resolved_at {
        let seconds = (resolved_at - facts.created_at).num_seconds().max(0);
        add(
            resolved_at.date_naive(),
            FlowCounts {
                resolved: 1,
                resolution_seconds: seconds,
                resolved_within_day: i64::from(seconds <= DAY),
                resolved_within_week: i64::from(seconds <= 7 * DAY),
                resolved_within_month: i64::from(seconds <= 30 * DAY),
                ..FlowCounts::default()
            },
        );
    }
    rows
}

fn add_counts<K: Ord + Clone>(sums: &mut BTreeMap<K, i64>, more: BTreeMap<K, i64>) {
    for (key, n) in more {
        let sum = sums.entry(key.clone()).or_default();
        *sum += n;
        if *sum == 0 {
            sums.remove(&key);
        }
    }
}

/// Everything one write (or many) moves in the rollups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delta {
    pub flows: BTreeMap<FlowKey, FlowCounts>,
    pub statuses: BTreeMap<String, i64>,
    pub open: BTreeMap<OpenKey, i64>,
}

impl Delta {
    /// An issue goes from `before` to `after`; `None` is absent (before creation, after deletion).
    pub fn change(before: Option<&Facts>, after: Option<&Facts>) -> Delta {
        let mut delta = Delta::default();
        for (facts, sign) in [(before, -1), (after, 1)] {
            let Some(facts) = facts else { continue };
            for (key, counts) in share(facts) {
                delta.flows.entry(key).or_default().add(counts, sign);
            }
            if let Some(status) = facts.status {
                *delta.statuses.entry(status.to_owned()).or_default() += sign;
            }
            if facts.resolved_at.is_none() {
                let mut keys = facts.dimensions();
                // Open issues by the day they were created, so their age needs no scan of the issues.
                keys[0] = ("created", facts.created_at.date_naive().to_string());
                for key in keys {
                    *delta.open.entry(key).or_default() += sign;
                }
            }
        }
        delta.prune();
        delta
    }

    /// Adds another write's delta, so many writes apply their rollups at once. Only the keys
    /// `other` touches are looked at, so adding up a million issues stays linear.
    pub fn add(&mut self, other: Delta) {
        for (key, counts) in other.flows {
            let sum = self.flows.entry(key.clone()).or_default();
            sum.add(counts, 1);
            if sum.is_zero() {
                self.flows.remove(&key);
            }
        }
        add_counts(&mut self.statuses, other.statuses);
        add_counts(&mut self.open, other.open);
    }

    fn prune(&mut self) {
        self.flows.retain(|_, counts| !counts.is_zero());
        self.statuses.retain(|_, n| *n != 0);
        self.open.retain(|_, n| *n != 0);
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn bug() -> Facts<'static> {
        Facts {
            created_at: at(2, 10),
            resolved_at: None,
            issue_type: "Bug",
            priority: "High",
            team_id: None,
            status: Some("Open"),
        }
    }

    #[test]
    fn a_new_issue_counts_as_created_in_total_by_type_and_by_priority() {
        let delta = Delta::change(None, Some(&bug())).flows;
        assert_eq!(delta.len(), 3);
        assert!(delta.values().all(|c| c.created == 1 && c.resolved == 0));
        assert!(delta.contains_key(&FlowKey { day: day(2), dimension: "type", value: "Bug".into() }));
        let team = Uuid::now_v7();
        let delta = Delta::change(None, Some(&Facts { team_id: Some(team), ..bug() }));
        assert_eq!(delta.flows[&FlowKey { day: day(2), dimension: "team", value: team.to_string() }].created, 1);
        assert_eq!(delta.open[&("team", team.to_string())], 1);
    }

    #[test]
    fn resolving_adds_to_the_resolution_day_with_its_duration_buckets() {
        let open = bug();
        let resolved = Facts { resolved_at: Some(at(2, 10) + Duration::days(3)), ..open };
        let change = Delta::change(Some(&open), Some(&resolved));
        let closed: BTreeMap<OpenKey, i64> = [("created", "2026-03-02"), ("priority", "High"), ("type", "Bug")]
            .into_iter()
            .map(|(dimension, value)| ((dimension, value.to_owned()), -1))
            .collect();
        assert_eq!(change.open, closed);
        let delta = change.flows;
        assert_eq!(delta.len(), 3, "only the resolution day changes: {delta:?}");
        let all = &delta[&FlowKey { day: day(5), dimension: "all", value: String::new() }];
        assert_eq!((all.resolved, all.resolution_seconds), (1, 3 * DAY));
        assert_eq!((all.resolved_within_day, all.resolved_within_week, all.resolved_within_month), (0, 1, 1));
        // Reopening takes exactly that share back.
        let back = Delta::change(Some(&resolved), Some(&open)).flows;
        assert_eq!(back[&FlowKey { day: day(5), dimension: "all", value: String::new() }].resolved, -1);
    }

    #[test]
    fn a_change_of_type_moves_the_share_between_types() {
        let bug = bug();
        let task = Facts { issue_type: "Task", ..bug };
        let delta = Delta::change(Some(&bug), Some(&task)).flows;
        assert_eq!(delta.len(), 2);
        assert_eq!(delta[&FlowKey { day: day(2), dimension: "type", value: "Bug".into() }].created, -1);
        assert_eq!(delta[&FlowKey { day: day(2), dimension: "type", value: "Task".into() }].created, 1);
        assert_eq!(Delta::change(Some(&bug), Some(&bug)), Delta::default());
    }

    #[test]
    fn status_counts_move_with_the_issue_and_a_deletion_takes_its_whole_share() {
        let closed = Facts { status: Some("Closed"), resolved_at: Some(at(3, 9)), ..bug() };
        assert_eq!(
            Delta::change(Some(&bug()), Some(&closed)).statuses,
            BTreeMap::from([("Closed".into(), 1), ("Open".into(), -1)])
        );
        let archived = Facts { status: None, ..closed };
        assert_eq!(Delta::change(Some(&closed), Some(&archived)).statuses, BTreeMap::from([("Closed".into(), -1)]));
        let gone = Delta::change(Some(&bug()), None);
        assert!(gone.flows.values().all(|c| c.created == -1), "{gone:?}");
        let mut both = Delta::change(None, Some(&bug()));
        both.add(gone);
        assert_eq!(both, Delta::default());
    }
}
