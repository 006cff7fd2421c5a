//! The overview's charts, described with charming on the server like the analytics page's.

use std::collections::BTreeMap;

use charming::element::Trigger;
use charming::series::{Bar, Line, Pie};
use tenantry_core::console::PlatformReport;

use super::OverviewView;
use crate::analytics::charts::{base, category_axes, finish};
use crate::analytics::{ChartView, Headline, RecommendationView};

pub fn overview(report: &PlatformReport) -> OverviewView {
    let o = &report.system_overview;
    let dollars = |n: i64| format!("${n}");
    let headlines = [
        ("Companies", o.total_companies.to_string()),
        ("Active", o.active_companies.to_string()),
        ("Suspended", o.suspended_companies.to_string()),
        ("New this month", o.new_companies_this_month.to_string()),
        ("Estimated monthly revenue", dollars(o.estimated_monthly_revenue)),
    ];
    OverviewView {
        headlines: headlines
            .into_iter()
            .map(|(label, value)| Headline { label: label.to_owned(), value, change: None })
            .collect(),
        insights: report
            .insights
            .iter()
            .map(|i| RecommendationView { kind: i.kind.to_owned(), title: i.title.clone(), reason: i.detail.clone() })
            .collect(),
        charts: vec![tier_chart(report), revenue_chart(report), signups_chart(report), api_chart(report)],
        generated_at: o.generated_at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    }
}

fn tier_chart(report: &PlatformReport) -> ChartView {
    let title = "Companies by tier";
    let chart = base(title, Trigger::Item).series(
        Pie::new()
            .name("Companies")
            .radius(vec!["35%", "65%"])
            .data(report.tiers.iter().map(|t| (t.active + t.suspended, t.tier.as_str())).collect()),
    );
    let rows = report
        .tiers
        .iter()
        .map(|t| {
            vec![
                t.tier.clone(),
                t.active.to_string(),
                t.suspended.to_string(),
                t.price_monthly_usd.to_string(),
                t.monthly_revenue.to_string(),
            ]
        })
        .collect();
    finish(
        "tier-breakdown",
        title,
        chart,
        &["Tier", "Active", "Suspended", "Price ($/month)", "Revenue ($/month)"],
        rows,
    )
}

/// Bars stacked by tier over `labels`, with a table of each tier and the total.
fn stacked_by_tier(
    report: &PlatformReport,
    (key, title, unit, first_column): (&str, &str, &str, &str),
    labels: Vec<String>,
    values: Vec<&BTreeMap<String, i64>>,
) -> ChartView {
    let tiers: Vec<&str> = report.tiers.iter().map(|t| t.tier.as_str()).collect();
    let mut chart = category_axes(base(title, Trigger::Axis), labels.clone(), unit);
    for tier in &tiers {
        chart = chart.series(
            Bar::new()
                .name(*tier)
                .stack("tiers")
                .data(values.iter().map(|v| v.get(*tier).copied().unwrap_or(0)).collect()),
        );
    }
    let columns: Vec<&str> = std::iter::once(first_column).chain(tiers.iter().copied()).chain(["Total"]).collect();
    let rows = labels
        .into_iter()
        .zip(&values)
        .map(|(label, v)| {
            let each = tiers.iter().map(|t| v.get(*t).copied().unwrap_or(0));
            std::iter::once(label)
                .chain(each.clone().map(|n| n.to_string()))
                .chain([each.sum::<i64>().to_string()])
                .collect()
        })
        .collect();
    finish(key, title, chart, &columns, rows)
}

fn revenue_chart(report: &PlatformReport) -> ChartView {
    let months = &report.revenue_by_month;
    stacked_by_tier(
        report,
        ("revenue-by-month", "Estimated monthly revenue", "$ / month", "Month"),
        months.iter().map(|m| m.month.clone()).collect(),
        months.iter().map(|m| &m.by_tier).collect(),
    )
}

fn signups_chart(report: &PlatformReport) -> ChartView {
    let weeks = &report.signups_by_week;
    stacked_by_tier(
        report,
        ("signups-by-week", "Signups per week", "companies", "Week of"),
        weeks.iter().map(|w| w.week_start.to_string()).collect(),
        weeks.iter().map(|w| &w.by_tier).collect(),
    )
}

fn api_chart(report: &PlatformReport) -> ChartView {
    let days = &report.api_calls_by_day;
    let title = "Platform API calls per day";
    let chart = category_axes(base(title, Trigger::Axis), days.iter().map(|d| d.day.to_string()).collect(), "calls")
        .series(Line::new().name("API calls").data(days.iter().map(|d| d.calls).collect()));
    let rows = days.iter().map(|d| vec![d.day.to_string(), d.calls.to_string()]).collect();
    finish("api-calls", title, chart, &["Day", "API calls"], rows)
}
