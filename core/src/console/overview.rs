//! The system overview: companies by status and tier, revenue and signups over time, platform API
//! calls, and insights, from rollups that every tier or status change keeps.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use serde::Serialize;

use crate::identity::Caller;
use crate::tiers::Tier;
use crate::{Result, Store};

/// The contract's headline figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemOverview {
    pub total_companies: i64,
    pub active_companies: i64,
    pub suspended_companies: i64,
    /// Signed up since the first of this month (UTC).
    pub new_companies_this_month: i64,
    /// The monthly price of every active company's tier, in dollars.
    pub estimated_monthly_revenue: i64,
    /// Companies per tier name, suspended ones included.
    pub tier_breakdown: BTreeMap<String, i64>,
    pub generated_at: DateTime<Utc>,
}

/// One tier's share of the platform now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TierFigures {
    pub tier: String,
    pub price_monthly_usd: i64,
    pub active: i64,
    pub suspended: i64,
    /// `active` × `price_monthly_usd`.
    pub monthly_revenue: i64,
}

/// Estimated monthly revenue at the end of a month (today, for this month).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthRevenue {
    /// `YYYY-MM`.
    pub month: String,
    pub revenue: i64,
    /// Revenue per tier name.
    pub by_tier: BTreeMap<String, i64>,
    pub active_companies: i64,
}

/// Companies signed up in a week (Monday to Sunday, UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekSignups {
    pub week_start: NaiveDate,
    pub signups: i64,
    /// Signups per tier name.
    pub by_tier: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayCalls {
    pub day: NaiveDate,
    pub calls: i64,
}

/// Something the operator may want to act on, with the number behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Insight {
    /// `near_user_limit`, `near_issue_limit`, `idle`, `reactivations_due`, `suspended`, `revenue`, `signups`.
    pub kind: &'static str,
    pub title: String,
    pub detail: String,
    pub figure: i64,
}

/// Everything `/admin` shows and the system-overview API answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlatformReport {
    pub system_overview: SystemOverview,
    /// Cheapest first.
    pub tiers: Vec<TierFigures>,
    /// The last 12 months, oldest first.
    pub revenue_by_month: Vec<MonthRevenue>,
    /// The last 52 weeks, oldest first.
    pub signups_by_week: Vec<WeekSignups>,
    /// The last 30 days, oldest first.
    pub api_calls_by_day: Vec<DayCalls>,
    pub insights: Vec<Insight>,
}

/// One tier's changes over a week or a month, summed from the daily rollup.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlatformPeriod {
    /// The week's Monday, or the month's first day.
    pub start: NaiveDate,
    pub tier_id: String,
    pub signups: i64,
    pub active_delta: i64,
    pub suspended_delta: i64,
}

/// What the overview reads of the rollups.
#[derive(Debug, Clone, Default)]
pub struct PlatformRollups {
    /// Per tier id: active and suspended companies before the first month.
    pub before: Vec<(String, i64, i64)>,
    /// The last 12 months' changes by tier, oldest first.
    pub months: Vec<PlatformPeriod>,
    /// The last 52 weeks' signups by tier, oldest first.
    pub weeks: Vec<PlatformPeriod>,
}

/// Counts of companies worth a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Watchlist {
    /// Using 90 % or more of their user limit.
    pub near_user_limit: i64,
    /// Using 90 % or more of their issue limit.
    pub near_issue_limit: i64,
    /// Active, and nobody used the product for 30 days.
    pub idle: i64,
    /// Suspended, with a reactivation date within 7 days.
    pub reactivations_this_week: i64,
}

/// The watchlist counts stop here: "1000+ companies" is as actionable as an exact count.
pub const WATCHLIST_CAP: i64 = 1000;

const MONTHS: u32 = 12;
const WEEKS: u64 = 52;
const API_DAYS: u64 = 30;

/// The overview for the platform operator.
pub async fn system_overview(store: &Store, caller: &Caller) -> Result<PlatformReport> {
    super::require_root(caller)?;
    let now = Utc::now();
    let today = now.date_naive();
    let tiers = store.tiers().await?;
    let rollups = store.platform_rollups(first_month(today), first_week(today)).await?;
    let api = store.platform_api_calls(today - Days::new(API_DAYS - 1)).await?;
    let watchlist = store.platform_watchlist(now).await?;
    Ok(report(&tiers, &rollups, &api, watchlist, now))
}

/// The first day of `day`'s month.
pub fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The Monday of `day`'s week.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// The first of the months the report charts.
fn first_month(today: NaiveDate) -> NaiveDate {
    month_start(today) - Months::new(MONTHS - 1)
}

/// The first of the weeks the report charts.
fn first_week(today: NaiveDate) -> NaiveDate {
    week_start(today) - Days::new(7 * (WEEKS - 1))
}

/// The report from the rollups, the platform's API calls per day and the watchlist.
pub fn report(
    tiers: &[Tier],
    rollups: &PlatformRollups,
    api: &[(NaiveDate, i64)],
    watchlist: Watchlist,
    now: DateTime<Utc>,
) -> PlatformReport {
    let today = now.date_naive();
    let name_of: HashMap<&str, &str> = tiers.iter().map(|t| (t.id.as_str(), t.name.as_str())).collect();
    // Active and suspended companies per tier id at the end of the month starting `month`.
    let counts_through = |month: NaiveDate| {
        let mut counts: HashMap<&str, (i64, i64)> =
            rollups.before.iter().map(|(t, a, s)| (t.as_str(), (*a, *s))).collect();
        for row in rollups.months.iter().filter(|row| row.start <= month) {
            let entry = counts.entry(row.tier_id.as_str()).or_default();
            entry.0 += row.active_delta;
            entry.1 += row.suspended_delta;
        }
        counts
    };
    let revenue_of = |counts: &HashMap<&str, (i64, i64)>| -> BTreeMap<String, i64> {
        tiers
            .iter()
            .map(|t| (t.name.clone(), counts.get(t.id.as_str()).map_or(0, |c| c.0) * t.price_monthly_usd))
            .collect()
    };

    let this_month = month_start(today);
    let now_counts = counts_through(this_month);
    let tier_figures: Vec<TierFigures> = tiers
        .iter()
        .map(|t| {
            let (active, suspended) = now_counts.get(t.id.as_str()).copied().unwrap_or_default();
            TierFigures {
                tier: t.name.clone(),
                price_monthly_usd: t.price_monthly_usd,
                active,
                suspended,
                monthly_revenue: active * t.price_monthly_usd,
            }
        })
        .collect();
    let signups_in = |month: NaiveDate| -> i64 {
        rollups.months.iter().filter(|row| row.start == month).map(|row| row.signups).sum()
    };
    let system_overview = SystemOverview {
        total_companies: tier_figures.iter().map(|t| t.active + t.suspended).sum(),
        active_companies: tier_figures.iter().map(|t| t.active).sum(),
        suspended_companies: tier_figures.iter().map(|t| t.suspended).sum(),
        new_companies_this_month: signups_in(this_month),
        estimated_monthly_revenue: tier_figures.iter().map(|t| t.monthly_revenue).sum(),
        tier_breakdown: tier_figures.iter().map(|t| (t.tier.clone(), t.active + t.suspended)).collect(),
        generated_at: now,
    };

    let revenue_by_month: Vec<MonthRevenue> = (0..MONTHS)
        .rev()
        .map(|back| {
            let start = this_month - Months::new(back);
            let counts = counts_through(start);
            let by_tier = revenue_of(&counts);
            MonthRevenue {
                month: start.format("%Y-%m").to_string(),
                revenue: by_tier.values().sum(),
                by_tier,
                active_companies: counts.values().map(|c| c.0).sum(),
            }
        })
        .collect();

    let first_week = first_week(today);
    let mut signups_by_week: Vec<WeekSignups> = (0..WEEKS)
        .map(|week| WeekSignups {
            week_start: first_week + Days::new(7 * week),
            signups: 0,
            by_tier: tiers.iter().map(|t| (t.name.clone(), 0)).collect(),
        })
        .collect();
    for row in rollups.weeks.iter().filter(|row| row.start >= first_week) {
        let index = ((row.start - first_week).num_days() / 7) as usize;
        if let Some(week) = signups_by_week.get_mut(index) {
            week.signups += row.signups;
            let tier = name_of.get(row.tier_id.as_str()).copied().unwrap_or(row.tier_id.as_str());
            *week.by_tier.entry(tier.to_owned()).or_default() += row.signups;
        }
    }

    let calls: HashMap<NaiveDate, i64> = api.iter().copied().collect();
    let api_calls_by_day = (0..API_DAYS)
        .rev()
        .map(|back| {
            let day = today - Days::new(back);
            DayCalls { day, calls: calls.get(&day).copied().unwrap_or(0) }
        })
        .collect();

    let last_month_signups = signups_in(this_month - Months::new(1));
    let insights = insights(&system_overview, &revenue_by_month, last_month_signups, watchlist);
    PlatformReport {
        system_overview,
        tiers: tier_figures,
        revenue_by_month,
        signups_by_week,
        api_calls_by_day,
        insights,
    }
}

/// "1 company", "3 companies", "1000+ companies" (a watchlist count that stopped at its cap).
fn companies(n: i64) -> String {
    match n {
        1 => "1 company".to_owned(),
        n if n >= WATCHLIST_CAP => format!("{WATCHLIST_CAP}+ companies"),
        n => format!("{n} companies"),
    }
}

fn insights(
    overview: &SystemOverview,
    revenue: &[MonthRevenue],
    last_month_signups: i64,
    watchlist: Watchlist,
) -> Vec<Insight> {
    let mut found = Vec::new();
    let mut add = |kind, figure: i64, title: String, detail: &str| {
        found.push(Insight { kind, title, detail: detail.to_owned(), figure });
    };
    if watchlist.near_user_limit > 0 {
        add(
            "near_user_limit",
            watchlist.near_user_limit,
            format!("{} use 90 % or more of their user limit", companies(watchlist.near_user_limit)),
            "Upgrade candidates: once full they cannot add anyone.",
        );
    }
    if watchlist.near_issue_limit > 0 {
        add(
            "near_issue_limit",
            watchlist.near_issue_limit,
            format!("{} use 90 % or more of their issue limit", companies(watchlist.near_issue_limit)),
            "Upgrade candidates: once full they cannot create issues.",
        );
    }
    if watchlist.idle > 0 {
        add(
            "idle",
            watchlist.idle,
            format!("{} had nobody use the product for 30 days", companies(watchlist.idle)),
            "Churn risk: active companies whose people stopped coming.",
        );
    }
    if watchlist.reactivations_this_week > 0 {
        add(
            "reactivations_due",
            watchlist.reactivations_this_week,
            format!("{} will be reactivated within 7 days", companies(watchlist.reactivations_this_week)),
            "Their reactivation dates fall due; the owners are mailed when access returns.",
        );
    }
    if overview.suspended_companies > 0 {
        let share = overview.suspended_companies * 100 / overview.total_companies.max(1);
        add(
            "suspended",
            overview.suspended_companies,
            format!("{} suspended ({share} % of all)", companies(overview.suspended_companies)),
            "Their people cannot sign in; nothing of their data is lost.",
        );
    }
    if let [.., previous, current] = revenue {
        let change = match previous.revenue {
            0 => String::new(),
            before => {
                format!(", {:+} % against the end of {}", (current.revenue - before) * 100 / before, previous.month)
            }
        };
        add(
            "revenue",
            current.revenue,
            format!("Estimated monthly revenue is ${}{change}", current.revenue),
            "The monthly price of every active company's tier.",
        );
    }
    add(
        "signups",
        overview.new_companies_this_month,
        format!(
            "{} signed up this month, against {last_month_signups} in all of last month",
            companies(overview.new_companies_this_month)
        ),
        "Counted by the UTC day each company was provisioned.",
    );
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(id: &str, name: &str, price: i64) -> Tier {
        Tier {
            id: id.into(),
            name: name.into(),
            rank: price,
            price_monthly_usd: price,
            max_users: None,
            max_issues: None,
            max_api_calls_daily: None,
            max_custom_fields: None,
            history_days: None,
            custom_workflows: false,
            team_analytics: false,
            advanced_analytics: false,
            integrations: vec![],
            sla_tracking: false,
            sso: false,
            white_label: false,
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn row(start: &str, tier: &str, signups: i64, active: i64, suspended: i64) -> PlatformPeriod {
        PlatformPeriod {
            start: day(start),
            tier_id: tier.into(),
            signups,
            active_delta: active,
            suspended_delta: suspended,
        }
    }

    #[test]
    fn counts_revenue_and_series_come_from_the_rows() {
        let tiers = [tier("basic", "Basic", 10), tier("premium", "Premium", 50)];
        let rollups = PlatformRollups {
            before: vec![("basic".to_owned(), 3, 0)],
            months: vec![
                row("2026-10-01", "basic", 2, 2, 0),
                // A Basic company moves to Premium; another is suspended.
                row("2026-11-01", "basic", 0, -2, 1),
                row("2026-11-01", "premium", 0, 1, 0),
                row("2026-12-01", "premium", 1, 1, 0),
            ],
            weeks: vec![row("2026-10-19", "basic", 2, 0, 0), row("2026-11-30", "premium", 1, 0, 0)],
        };
        let now = "2026-12-05T12:00:00Z".parse().unwrap();
        let report = report(&tiers, &rollups, &[(day("2026-12-04"), 40)], Watchlist::default(), now);
        let o = &report.system_overview;
        assert_eq!((o.total_companies, o.active_companies, o.suspended_companies), (6, 5, 1));
        assert_eq!(o.tier_breakdown["Basic"], 4);
        assert_eq!(o.tier_breakdown["Premium"], 2);
        assert_eq!(o.estimated_monthly_revenue, 3 * 10 + 2 * 50);
        assert_eq!(o.new_companies_this_month, 1);
        let months: Vec<(&str, i64)> =
            report.revenue_by_month.iter().rev().take(3).map(|m| (m.month.as_str(), m.revenue)).collect();
        assert_eq!(months, [("2026-12", 130), ("2026-11", 80), ("2026-10", 50)]);
        assert_eq!(report.revenue_by_month.len(), 12);
        assert_eq!(report.signups_by_week.len(), 52);
        assert_eq!(report.signups_by_week.iter().map(|w| w.signups).sum::<i64>(), 3);
        assert_eq!(report.signups_by_week.last().unwrap().week_start, day("2026-11-30"));
        assert_eq!(report.api_calls_by_day.len(), 30);
        assert_eq!(report.api_calls_by_day[28].calls, 40);
        let revenue = report.insights.iter().find(|i| i.kind == "revenue").unwrap();
        assert_eq!(revenue.title, "Estimated monthly revenue is $130, +62 % against the end of 2026-11");
    }
}
