//! What one issue adds to its company's daily rollups, so every write can move exactly its share.
//!
//! An issue adds to the day it was created and, once resolved, to the day it was resolved, in
//! total and under its type and its priority. A change takes the old share away and adds the new
//! one; a deletion keeps it (history remembers what was created and resolved). Separately, every
//! issue that is neither archived nor deleted counts once under its status.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

/// The facts about an issue that its share depends on.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub issue_type: &'a str,
    pub priority: &'a str,
}

/// One row of the rollup table: a UTC day, and everything (`all`), a type or a priority.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FlowKey {
    pub day: NaiveDate,
    pub dimension: &'static str,
    pub value: String,
}

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
    fn add(&mut self, other: FlowCounts, sign: i64) {
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

/// The rows one issue adds to.
fn share(facts: &Facts) -> Vec<(FlowKey, FlowCounts)> {
    let mut rows = Vec::with_capacity(6);
    let mut add = |day: NaiveDate, counts: FlowCounts| {
        for (dimension, value) in [("all", ""), ("type", facts.issue_type), ("priority", facts.priority)] {
            rows.push((FlowKey { day, dimension, value: value.to_owned() }, counts));
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

/// How the rollup rows change when an issue goes from `before` to `after` (`None`: absent).
pub fn flow_delta(before: Option<&Facts>, after: Option<&Facts>) -> BTreeMap<FlowKey, FlowCounts> {
    let mut delta: BTreeMap<FlowKey, FlowCounts> = BTreeMap::new();
    for (facts, sign) in [(before, -1), (after, 1)] {
        for (key, counts) in facts.map(share).unwrap_or_default() {
            delta.entry(key).or_default().add(counts, sign);
        }
    }
    delta.retain(|_, counts| !counts.is_zero());
    delta
}

/// How the per-status counts change; a status is `None` when the issue does not count (archived, deleted).
pub fn status_delta(before: Option<&str>, after: Option<&str>) -> BTreeMap<String, i64> {
    let mut delta: BTreeMap<String, i64> = BTreeMap::new();
    if before == after {
        return delta;
    }
    if let Some(status) = before {
        *delta.entry(status.to_owned()).or_default() -= 1;
    }
    if let Some(status) = after {
        *delta.entry(status.to_owned()).or_default() += 1;
    }
    delta
}

/// Adds the deltas of one write to those of others, so many writes apply their rollups at once.
pub fn accumulate(
    flows: &mut BTreeMap<FlowKey, FlowCounts>,
    statuses: &mut BTreeMap<String, i64>,
    flow: BTreeMap<FlowKey, FlowCounts>,
    status: BTreeMap<String, i64>,
) {
    for (key, counts) in flow {
        flows.entry(key).or_default().add(counts, 1);
    }
    for (name, delta) in status {
        *statuses.entry(name).or_default() += delta;
    }
    flows.retain(|_, counts| !counts.is_zero());
    statuses.retain(|_, delta| *delta != 0);
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

    #[test]
    fn a_new_issue_counts_as_created_in_total_by_type_and_by_priority() {
        let facts = Facts { created_at: at(2, 10), resolved_at: None, issue_type: "Bug", priority: "High" };
        let delta = flow_delta(None, Some(&facts));
        assert_eq!(delta.len(), 3);
        assert!(delta.values().all(|c| c.created == 1 && c.resolved == 0));
        assert!(delta.contains_key(&FlowKey { day: day(2), dimension: "type", value: "Bug".into() }));
    }

    #[test]
    fn resolving_adds_to_the_resolution_day_with_its_duration_buckets() {
        let open = Facts { created_at: at(2, 10), resolved_at: None, issue_type: "Bug", priority: "High" };
        let resolved = Facts { resolved_at: Some(at(2, 10) + Duration::days(3)), ..open };
        let delta = flow_delta(Some(&open), Some(&resolved));
        assert_eq!(delta.len(), 3, "only the resolution day changes: {delta:?}");
        let all = &delta[&FlowKey { day: day(5), dimension: "all", value: String::new() }];
        assert_eq!((all.resolved, all.resolution_seconds), (1, 3 * DAY));
        assert_eq!((all.resolved_within_day, all.resolved_within_week, all.resolved_within_month), (0, 1, 1));
        // Reopening takes exactly that share back.
        let back = flow_delta(Some(&resolved), Some(&open));
        assert_eq!(back[&FlowKey { day: day(5), dimension: "all", value: String::new() }].resolved, -1);
    }

    #[test]
    fn a_change_of_type_moves_the_share_between_types() {
        let bug = Facts { created_at: at(2, 10), resolved_at: None, issue_type: "Bug", priority: "High" };
        let task = Facts { issue_type: "Task", ..bug };
        let delta = flow_delta(Some(&bug), Some(&task));
        assert_eq!(delta.len(), 2);
        assert_eq!(delta[&FlowKey { day: day(2), dimension: "type", value: "Bug".into() }].created, -1);
        assert_eq!(delta[&FlowKey { day: day(2), dimension: "type", value: "Task".into() }].created, 1);
        assert!(flow_delta(Some(&bug), Some(&bug)).is_empty());
    }

    #[test]
    fn status_counts_move_with_the_issue() {
        assert_eq!(
            status_delta(Some("Open"), Some("Closed")),
            BTreeMap::from([("Closed".into(), 1), ("Open".into(), -1)])
        );
        assert_eq!(status_delta(Some("Closed"), None), BTreeMap::from([("Closed".into(), -1)]));
        assert!(status_delta(Some("Open"), Some("Open")).is_empty());
    }
}
