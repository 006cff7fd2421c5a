//! Company analytics, read from the per-day rollups that every issue write keeps: no figure here
//! scans the issues table. Days are UTC days, as the rollups count them.

pub mod rebuild;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use serde::ser::SerializeMap;
use uuid::Uuid;

use crate::company::Company;
use crate::entitlements::{Entitlements, UsageReport};
use crate::identity::{Action, Caller};
use crate::issues::rollup::{FlowCounts, FlowKey, OpenKey};
use crate::metering::Meter;
use crate::tiers::Tier;
use crate::{Error, Result, Store};

/// The period when none is asked for, and the longest one may ask for.
pub const DEFAULT_DAYS: i64 = 30;
pub const MAX_DAYS: i64 = 3660;
/// Open issues older than this many days call for triage.
const STALE_DAYS: i64 = 30;
/// Usage at or past this share of a limit is worth a warning.
const NEAR_LIMIT_PERCENT: i64 = 80;

/// What the rollups hold for one company, as analytics read them.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Flow rows in total and by team, from the start of the previous period to today.
    pub flows: BTreeMap<FlowKey, FlowCounts>,
    /// Created and resolved over all time (the `all` breakdown).
    pub all_time: FlowCounts,
    pub open: BTreeMap<OpenKey, i64>,
    /// Issues not archived, by status.
    pub statuses: BTreeMap<String, i64>,
    pub api_calls: BTreeMap<NaiveDate, i64>,
    /// People who used the product, by day.
    pub active_users: BTreeMap<NaiveDate, i64>,
    pub teams: Vec<(Uuid, String)>,
}

/// The answer of `GET /api/v1/analytics/company/{id}` and the analytics page's data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyAnalytics {
    pub company_profile: Profile,
    pub period: Period,
    pub current_usage: CurrentUsage,
    pub issue_analytics: IssueAnalytics,
    pub team_performance: TeamPerformance,
    pub trends: Trends,
    pub recommendations: Vec<Recommendation>,
    pub generated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    pub company_id: Uuid,
    pub name: String,
    pub slug: String,
    pub tier: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub status: &'static str,
    pub time_zone: String,
    pub created_at: DateTime<Utc>,
}

/// The days reported: the last `days` UTC days, today included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub days: i64,
    pub days_requested: i64,
    /// The tier's reporting history cut the request short.
    pub capped: bool,
    /// The tier's reporting history in days; `None`: unlimited.
    pub history_days: Option<i64>,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// `requested` days ending today, capped by `history_days`; refuses what is not a period.
    pub fn ending(today: NaiveDate, requested: i64, history_days: Option<i64>) -> Result<Period> {
        if !(1..=MAX_DAYS).contains(&requested) {
            return Err(Error::invalid("days", format!("Choose between 1 and {MAX_DAYS} days.")));
        }
        let days = history_days.map_or(requested, |cap| requested.min(cap.max(1)));
        Ok(Period {
            days,
            days_requested: requested,
            capped: days < requested,
            history_days,
            from: today - Duration::days(days - 1),
            to: today,
        })
    }

    /// The same number of days just before.
    pub fn previous(&self) -> (NaiveDate, NaiveDate) {
        (self.from - Duration::days(self.days), self.from - Duration::days(1))
    }

    fn each_day(&self) -> impl Iterator<Item = NaiveDate> {
        self.from.iter_days().take(self.days as usize)
    }
}

/// A figure against its limit (`None`: unlimited).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Gauge {
    pub used: i64,
    pub limit: Option<i64>,
}

impl Gauge {
    fn percent(&self) -> Option<i64> {
        self.limit.filter(|limit| *limit > 0).map(|limit| self.used * 100 / limit)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrentUsage {
    pub users: Gauge,
    pub issues: Gauge,
    pub api_calls_today: Gauge,
    pub custom_fields: Gauge,
}

/// Names and counts in a meaningful order (the company's own), written as a JSON object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts(pub Vec<(String, i64)>);

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, count) in &self.0 {
            map.serialize_entry(name, count)?;
        }
        map.end()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueAnalytics {
    /// Every issue that exists, archived ones included.
    pub total_issues: i64,
    pub open_issues: i64,
    pub resolved_issues: i64,
    pub created_in_period: i64,
    pub resolved_in_period: i64,
    /// Open issues by status (statuses that count as done hold none), type and priority.
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::HashMap<String, i64>))]
    pub by_status: Counts,
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::HashMap<String, i64>))]
    pub by_type: Counts,
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::HashMap<String, i64>))]
    pub by_priority: Counts,
    /// Of the issues resolved in the period; `None` when none were.
    pub average_resolution_hours: Option<f64>,
    pub resolved_within: ResolvedWithin,
    /// Open issues created more than 30 days ago.
    pub open_older_than_30_days: i64,
}

/// The share (percent) of the period's resolved issues resolved within a day, a week, a month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResolvedWithin {
    pub day: Option<f64>,
    pub week: Option<f64>,
    pub month: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamPerformance {
    /// Whether the tier includes team analytics (Premium and up); without it `teams` is empty.
    pub available: bool,
    pub teams: Vec<TeamFigures>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamFigures {
    pub team_id: Uuid,
    pub name: String,
    pub open_issues: i64,
    pub created_in_period: i64,
    pub resolved_in_period: i64,
    pub average_resolution_hours: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trends {
    /// One entry per day of the period, oldest first, days without activity included.
    pub daily: Vec<DayFigures>,
    /// The daily API quota the calls count against; `None`: unlimited.
    pub api_calls_daily_limit: Option<i64>,
    /// This period against the one just before it.
    pub compared_with_previous: Comparison,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayFigures {
    pub day: NaiveDate,
    pub created: i64,
    pub resolved: i64,
    /// Of the issues resolved that day.
    pub average_resolution_hours: Option<f64>,
    pub api_calls: i64,
    /// People of the company who used the product that day (browser or API).
    pub active_users: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comparison {
    pub created: Change,
    pub resolved: Change,
    pub average_resolution_hours: Change,
}

/// A figure now and in the previous period; `change_percent` is `None` when there was nothing before.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub current: Option<f64>,
    pub previous: Option<f64>,
    pub change_percent: Option<i64>,
}

impl Change {
    fn of(current: Option<f64>, previous: Option<f64>) -> Change {
        let change_percent = match (current, previous) {
            (Some(now), Some(before)) if before != 0.0 => Some(((now - before) / before * 100.0).round() as i64),
            _ => None,
        };
        Change { current, previous, change_percent }
    }
}

/// Something worth doing, and the figure that called for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recommendation {
    /// `limit`, `triage`, `integrations` or `resolution_time`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: &'static str,
    pub title: String,
    pub reason: String,
}

/// The company's analytics over the last `days` days (owner, admin, root).
pub async fn company(
    store: &Store,
    meter: &Meter,
    caller: &Caller,
    company_id: Uuid,
    days: Option<i64>,
) -> Result<CompanyAnalytics> {
    let tenant = caller.authorize(Action::ReadAnalytics, company_id)?;
    let usage = crate::entitlements::usage_report(store, meter, caller, company_id).await?;
    let now = Utc::now();
    let period = Period::ending(now.date_naive(), days.unwrap_or(DEFAULT_DAYS), usage.entitlements.history_days)?;
    let company = store.company(company_id).await?;
    let inputs = store.analytics_inputs(&tenant, period.previous().0, period.to).await?;
    let tiers = store.tiers().await?;
    Ok(compute(&company, &usage, &tiers, &inputs, period, now))
}

/// Every figure, from what the rollups hold.
pub fn compute(
    company: &Company,
    usage: &UsageReport,
    tiers: &[Tier],
    inputs: &Inputs,
    period: Period,
    now: DateTime<Utc>,
) -> CompanyAnalytics {
    let entitlements = &usage.entitlements;
    let in_range = |from: NaiveDate, to: NaiveDate, dimension: &str, value: &str| {
        let mut sum = FlowCounts::default();
        for (_, counts) in inputs
            .flows
            .range(FlowKey { day: from, dimension: "", value: String::new() }..)
            .take_while(|(key, _)| key.day <= to)
            .filter(|(key, _)| key.dimension == dimension && key.value == value)
        {
            sum.add(*counts, 1);
        }
        sum
    };
    let current = in_range(period.from, period.to, "all", "");
    let (before_from, before_to) = period.previous();
    let previous = in_range(before_from, before_to, "all", "");

    let settings = &company.settings;
    let open_of = |dimension: &'static str, names: &mut dyn Iterator<Item = &String>| {
        let mut counts: Vec<(String, i64)> = names
            .map(|name| (name.clone(), inputs.open.get(&(dimension, name.clone())).copied().unwrap_or(0)))
            .collect();
        // Values no longer in the settings still show while issues carry them.
        for ((d, value), n) in &inputs.open {
            if *d == dimension && !counts.iter().any(|(name, _)| name == value) {
                counts.push((value.clone(), *n));
            }
        }
        Counts(counts)
    };
    let done: Vec<&str> = settings.issue_statuses.iter().filter(|s| s.done).map(|s| s.name.as_str()).collect();
    let by_status = Counts(
        settings
            .issue_statuses
            .iter()
            .filter(|status| !status.done)
            .map(|status| (status.name.clone(), inputs.statuses.get(&status.name).copied().unwrap_or(0)))
            .chain(
                inputs
                    .statuses
                    .iter()
                    .filter(|(name, _)| settings.status(name).is_none() && !done.contains(&name.as_str()))
                    .map(|(name, n)| (name.clone(), *n)),
            )
            .collect(),
    );
    let stale_before = (period.to - Duration::days(STALE_DAYS)).to_string();
    let open_older_than_30_days = inputs
        .open
        .iter()
        .filter(|((d, day), _)| *d == "created" && day.as_str() < stale_before.as_str())
        .map(|(_, n)| n)
        .sum();
    let issue_analytics = IssueAnalytics {
        total_issues: inputs.all_time.created,
        open_issues: inputs.all_time.created - inputs.all_time.resolved,
        resolved_issues: inputs.all_time.resolved,
        created_in_period: current.created,
        resolved_in_period: current.resolved,
        by_status,
        by_type: open_of("type", &mut settings.issue_types.iter()),
        by_priority: open_of("priority", &mut settings.priority_levels.iter()),
        average_resolution_hours: average_hours(&current),
        resolved_within: ResolvedWithin {
            day: share(current.resolved_within_day, current.resolved),
            week: share(current.resolved_within_week, current.resolved),
            month: share(current.resolved_within_month, current.resolved),
        },
        open_older_than_30_days,
    };

    let team_performance = TeamPerformance {
        available: entitlements.team_analytics,
        teams: if entitlements.team_analytics {
            inputs
                .teams
                .iter()
                .map(|(team_id, name)| {
                    let key = team_id.to_string();
                    let flow = in_range(period.from, period.to, "team", &key);
                    TeamFigures {
                        team_id: *team_id,
                        name: name.clone(),
                        open_issues: inputs.open.get(&("team", key)).copied().unwrap_or(0),
                        created_in_period: flow.created,
                        resolved_in_period: flow.resolved,
                        average_resolution_hours: average_hours(&flow),
                    }
                })
                .collect()
        } else {
            Vec::new()
        },
    };

    let daily = period
        .each_day()
        .map(|day| {
            let key = FlowKey { day, dimension: "all", value: String::new() };
            let counts = inputs.flows.get(&key).copied().unwrap_or_default();
            DayFigures {
                day,
                created: counts.created,
                resolved: counts.resolved,
                average_resolution_hours: average_hours(&counts),
                api_calls: inputs.api_calls.get(&day).copied().unwrap_or(0),
                active_users: inputs.active_users.get(&day).copied().unwrap_or(0),
            }
        })
        .collect();
    let count = |n: i64| Some(n as f64);
    let trends = Trends {
        daily,
        api_calls_daily_limit: entitlements.api_calls_daily,
        compared_with_previous: Comparison {
            created: Change::of(count(current.created), count(previous.created)),
            resolved: Change::of(count(current.resolved), count(previous.resolved)),
            average_resolution_hours: Change::of(average_hours(&current), average_hours(&previous)),
        },
    };

    let current_usage = CurrentUsage {
        users: Gauge { used: usage.usage.users, limit: entitlements.users },
        issues: Gauge { used: usage.usage.issues, limit: entitlements.issues },
        api_calls_today: Gauge { used: usage.api_calls_today, limit: entitlements.api_calls_daily },
        custom_fields: Gauge { used: usage.custom_fields, limit: entitlements.custom_fields },
    };
    let recommendations = recommend(company, entitlements, tiers, &current_usage, &issue_analytics, &trends);
    CompanyAnalytics {
        company_profile: Profile {
            company_id: company.id,
            name: company.name.clone(),
            slug: company.slug.clone(),
            tier: company.tier_name.clone(),
            status: company.status.as_str(),
            time_zone: company.time_zone.clone(),
            created_at: company.created_at,
        },
        period,
        current_usage,
        issue_analytics,
        team_performance,
        trends,
        recommendations,
        generated_at: now,
    }
}

/// Hours to resolve, on average, rounded to a tenth.
fn average_hours(counts: &FlowCounts) -> Option<f64> {
    (counts.resolved > 0).then(|| round1(counts.resolution_seconds as f64 / counts.resolved as f64 / 3600.0))
}

/// `part` of `whole` in percent, rounded to a tenth.
fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| round1(part as f64 * 100.0 / whole as f64))
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// A tier's limit on one figure.
type LimitOf = fn(&Tier) -> Option<i64>;

/// What the figures call for, each with the figure that triggered it.
fn recommend(
    company: &Company,
    entitlements: &Entitlements,
    tiers: &[Tier],
    usage: &CurrentUsage,
    issues: &IssueAnalytics,
    trends: &Trends,
) -> Vec<Recommendation> {
    let mut found = Vec::new();
    let limits: [(&str, Gauge, LimitOf); 4] = [
        ("users", usage.users, |t| t.max_users),
        ("issues", usage.issues, |t| t.max_issues),
        ("API calls today", usage.api_calls_today, |t| t.max_api_calls_daily),
        ("custom fields", usage.custom_fields, |t| t.max_custom_fields),
    ];
    for (what, gauge, limit_of) in limits {
        let (Some(percent), Some(limit)) = (gauge.percent(), gauge.limit) else { continue };
        if percent < NEAR_LIMIT_PERCENT {
            continue;
        }
        let lifted_by = tiers
            .iter()
            .filter(|tier| limit_of(tier).is_none_or(|max| max > limit))
            .min_by_key(|tier| tier.rank)
            .map(|tier| match limit_of(tier) {
                Some(max) => format!(" {} allows {max}.", tier.name),
                None => format!(" {} has no limit.", tier.name),
            })
            .unwrap_or_default();
        found.push(Recommendation {
            kind: "limit",
            title: format!("Close to the {what} limit"),
            reason: format!("{} of {limit} {what} ({percent} %) on {}.{lifted_by}", gauge.used, entitlements.tier),
        });
    }
    if issues.open_older_than_30_days > 0 {
        let n = issues.open_older_than_30_days;
        found.push(Recommendation {
            kind: "triage",
            title: "Triage old open issues".into(),
            reason: format!(
                "{n} of {} open issue{} {} older than {STALE_DAYS} days: close, reassign or reprioritise them.",
                issues.open_issues,
                if issues.open_issues == 1 { "" } else { "s" },
                if n == 1 { "is" } else { "are" }
            ),
        });
    }
    let integrations = &company.settings.integrations;
    let offered = entitlements.integrations.iter().any(|name| name == "slack" || name == "webhooks");
    if offered && integrations.slack.is_none() && integrations.webhooks.is_empty() {
        found.push(Recommendation {
            kind: "integrations",
            title: "Connect Slack or a webhook".into(),
            reason: format!(
                "No Slack channel or webhook is set up, and {} includes both: issue events can reach your team where it works.",
                entitlements.tier
            ),
        });
    }
    if let Change { current: Some(now), previous: Some(before), change_percent: Some(up) } =
        trends.compared_with_previous.average_resolution_hours
        && up >= 25
    {
        found.push(Recommendation {
            kind: "resolution_time",
            title: "Resolution is slowing down".into(),
            reason: format!(
                "Issues took {now} hours to resolve on average, against {before} the period before (+{up} %)."
            ),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    #[test]
    fn a_period_is_capped_by_the_history_and_refuses_nonsense() {
        let period = Period::ending(day(31), 90, Some(7)).unwrap();
        assert_eq!((period.days, period.capped, period.from, period.to), (7, true, day(25), day(31)));
        assert_eq!(period.previous(), (day(18), day(24)));
        let open = Period::ending(day(31), 30, None).unwrap();
        assert_eq!((open.days, open.capped, open.from), (30, false, day(2)));
        assert!(Period::ending(day(31), 0, None).is_err());
        assert!(Period::ending(day(31), MAX_DAYS + 1, None).is_err());
        assert!(!Period::ending(day(31), 7, Some(7)).unwrap().capped);
    }

    #[test]
    fn changes_are_percentages_of_the_previous_figure() {
        assert_eq!(Change::of(Some(121.0), Some(100.0)).change_percent, Some(21));
        assert_eq!(Change::of(Some(5.0), Some(10.0)).change_percent, Some(-50));
        assert_eq!(Change::of(Some(5.0), Some(0.0)).change_percent, None);
        assert_eq!(Change::of(None, Some(3.0)).change_percent, None);
    }

    #[test]
    fn averages_and_shares_round_to_a_tenth() {
        let counts =
            FlowCounts { resolved: 3, resolution_seconds: 10 * 3600, resolved_within_day: 2, ..Default::default() };
        assert_eq!(average_hours(&counts), Some(3.3));
        assert_eq!(share(counts.resolved_within_day, counts.resolved), Some(66.7));
        assert_eq!(average_hours(&FlowCounts::default()), None);
    }

    #[test]
    fn counts_keep_their_order_as_a_json_object() {
        let counts = Counts(vec![("Open".into(), 2), ("In Progress".into(), 0)]);
        assert_eq!(serde_json::to_string(&counts).unwrap(), r#"{"Open":2,"In Progress":0}"#);
    }
}
