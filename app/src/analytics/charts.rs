//! The charts of the analytics page, described with charming on the server: each one with the table
//! of the numbers it draws and that table as CSV.

use base64::Engine;
use charming::Chart;
use charming::component::{Axis, Legend, Title};
use charming::element::{AxisType, LineStyle, LineStyleType, Tooltip, Trigger};
use charming::series::{Bar, Line, Pie};
use chrono::NaiveDate;
use tenantry_core::analytics::{Change, CompanyAnalytics, Counts, DayFigures};

use super::{AnalyticsView, ChartView, Headline, RecommendationView};

/// Periods longer than this are drawn by week, so a quarter is 13 points rather than 90.
const DAILY_UP_TO: i64 = 31;

pub fn view(a: &CompanyAnalytics) -> AnalyticsView {
    let period = a.period;
    let buckets = buckets(a);
    let unit = if period.days > DAILY_UP_TO { "Week of" } else { "Day" };
    let issues = &a.issue_analytics;
    let mut charts = vec![
        flow_chart(&buckets, unit),
        counts_chart("open-by-status", "Open issues by status", "Status", &issues.by_status, Shape::Bar),
        counts_chart("open-by-type", "Open issues by type", "Type", &issues.by_type, Shape::Pie),
        counts_chart("open-by-priority", "Open issues by priority", "Priority", &issues.by_priority, Shape::Bar),
        resolution_chart(&buckets, unit),
        within_chart(a),
    ];
    if a.team_performance.available && !a.team_performance.teams.is_empty() {
        charts.push(team_chart(a));
    }
    charts.push(per_day_chart(
        a,
        PerDay {
            key: "api-calls",
            title: "API calls per day",
            unit: "calls",
            series: "API calls",
            value: |d| d.api_calls,
            ceiling: Some(("Daily quota", a.trends.api_calls_daily_limit)),
        },
    ));
    charts.push(per_day_chart(
        a,
        PerDay {
            key: "active-users",
            title: "Active people per day",
            unit: "people",
            series: "Active people",
            value: |d| d.active_users,
            ceiling: None,
        },
    ));

    let compared = &a.trends.compared_with_previous;
    let versus = |change: &Change| {
        change.change_percent.map(|percent| format!("{percent:+} % vs the previous {} days", period.days))
    };
    let hours = |value: Option<f64>| value.map_or("–".to_owned(), |h| format!("{h} h"));
    AnalyticsView {
        tier: a.company_profile.tier.clone(),
        days: period.days,
        days_requested: period.days_requested,
        capped: period.capped,
        history_days: period.history_days,
        from: period.from.to_string(),
        to: period.to.to_string(),
        headlines: vec![
            Headline {
                label: "Created".into(),
                value: issues.created_in_period.to_string(),
                change: versus(&compared.created),
            },
            Headline {
                label: "Resolved".into(),
                value: issues.resolved_in_period.to_string(),
                change: versus(&compared.resolved),
            },
            Headline {
                label: "Average resolution".into(),
                value: hours(issues.average_resolution_hours),
                change: versus(&compared.average_resolution_hours),
            },
            Headline { label: "Open now".into(), value: issues.open_issues.to_string(), change: None },
            Headline {
                label: "Open over 30 days".into(),
                value: issues.open_older_than_30_days.to_string(),
                change: None,
            },
        ],
        charts,
        recommendations: a
            .recommendations
            .iter()
            .map(|r| RecommendationView { kind: r.kind.to_owned(), title: r.title.clone(), reason: r.reason.clone() })
            .collect(),
        team_analytics: a.team_performance.available,
    }
}

/// The period's days, or weeks, with what happened in each.
struct Bucket {
    start: NaiveDate,
    created: i64,
    resolved: i64,
    /// Resolution hours summed over the bucket's resolved issues (for a weighted average).
    hours: f64,
}

fn buckets(a: &CompanyAnalytics) -> Vec<Bucket> {
    let size = if a.period.days > DAILY_UP_TO { 7 } else { 1 };
    a.trends
        .daily
        .chunks(size)
        .map(|days| Bucket {
            start: days[0].day,
            created: days.iter().map(|d| d.created).sum(),
            resolved: days.iter().map(|d| d.resolved).sum(),
            hours: days.iter().map(|d| d.average_resolution_hours.unwrap_or(0.0) * d.resolved as f64).sum(),
        })
        .collect()
}

fn labels(buckets: &[Bucket]) -> Vec<String> {
    buckets.iter().map(|b| b.start.to_string()).collect()
}

/// A chart with the basics every one has: a title, a legend and tooltips.
pub(crate) fn base(title: &str, trigger: Trigger) -> Chart {
    Chart::new()
        .title(Title::new().text(title).left("center"))
        .legend(Legend::new().bottom(0))
        .tooltip(Tooltip::new().trigger(trigger))
}

pub(crate) fn category_axes(chart: Chart, categories: Vec<String>, unit: &str) -> Chart {
    chart
        .x_axis(Axis::new().type_(AxisType::Category).data(categories))
        .y_axis(Axis::new().type_(AxisType::Value).name(unit))
}

fn flow_chart(buckets: &[Bucket], unit: &str) -> ChartView {
    let chart = category_axes(base("Issues created and resolved", Trigger::Axis), labels(buckets), "issues")
        .series(Line::new().name("Created").data(buckets.iter().map(|b| b.created).collect()))
        .series(Line::new().name("Resolved").data(buckets.iter().map(|b| b.resolved).collect()));
    let rows = buckets.iter().map(|b| vec![b.start.to_string(), b.created.to_string(), b.resolved.to_string()]);
    finish("created-resolved", "Issues created and resolved", chart, &[unit, "Created", "Resolved"], rows.collect())
}

enum Shape {
    Bar,
    Pie,
}

fn counts_chart(key: &str, title: &str, what: &str, counts: &Counts, shape: Shape) -> ChartView {
    let chart = match shape {
        Shape::Bar => {
            category_axes(base(title, Trigger::Axis), counts.0.iter().map(|(n, _)| n.clone()).collect(), "issues")
                .series(Bar::new().name("Open issues").data(counts.0.iter().map(|(_, n)| *n).collect()))
        }
        Shape::Pie => base(title, Trigger::Item).series(
            Pie::new()
                .name("Open issues")
                .radius(vec!["35%", "65%"])
                .data(counts.0.iter().map(|(name, n)| (*n, name.as_str())).collect()),
        ),
    };
    let rows = counts.0.iter().map(|(name, n)| vec![name.clone(), n.to_string()]).collect();
    finish(key, title, chart, &[what, "Open issues"], rows)
}

fn resolution_chart(buckets: &[Bucket], unit: &str) -> ChartView {
    let average = |b: &Bucket| (b.resolved > 0).then(|| (b.hours / b.resolved as f64 * 10.0).round() / 10.0);
    let title = "Average resolution time";
    let chart = category_axes(base(title, Trigger::Axis), labels(buckets), "hours").series(
        Line::new().name("Average resolution (hours)").connect_nulls(true).data(buckets.iter().map(average).collect()),
    );
    let rows = buckets
        .iter()
        .map(|b| {
            vec![b.start.to_string(), b.resolved.to_string(), average(b).map(|h| h.to_string()).unwrap_or_default()]
        })
        .collect();
    finish("resolution-time", title, chart, &[unit, "Resolved", "Average resolution (hours)"], rows)
}

fn within_chart(a: &CompanyAnalytics) -> ChartView {
    let within = a.issue_analytics.resolved_within;
    let shares = [("Within a day", within.day), ("Within a week", within.week), ("Within a month", within.month)];
    let title = "Resolved within a day, a week, a month";
    let chart = category_axes(base(title, Trigger::Axis), shares.iter().map(|(l, _)| (*l).to_owned()).collect(), "%")
        .series(
            Bar::new().name("Share of the period's resolved issues (%)").data(shares.iter().map(|(_, s)| *s).collect()),
        );
    let rows =
        shares.iter().map(|(l, s)| vec![(*l).to_owned(), s.map(|s| s.to_string()).unwrap_or_default()]).collect();
    finish("resolved-within", title, chart, &["Resolved", "Share of resolved issues (%)"], rows)
}

fn team_chart(a: &CompanyAnalytics) -> ChartView {
    let teams = &a.team_performance.teams;
    let title = "Team performance";
    let chart = base(title, Trigger::Axis)
        .x_axis(Axis::new().type_(AxisType::Category).data(teams.iter().map(|t| t.name.clone()).collect()))
        .y_axis(Axis::new().type_(AxisType::Value).name("issues"))
        .y_axis(Axis::new().type_(AxisType::Value).name("hours"))
        .series(Bar::new().name("Resolved").data(teams.iter().map(|t| t.resolved_in_period).collect()))
        .series(
            Bar::new()
                .name("Average resolution (hours)")
                .y_axis_index(1)
                .data(teams.iter().map(|t| t.average_resolution_hours).collect()),
        );
    let rows = teams
        .iter()
        .map(|t| {
            vec![
                t.name.clone(),
                t.open_issues.to_string(),
                t.created_in_period.to_string(),
                t.resolved_in_period.to_string(),
                t.average_resolution_hours.map(|h| h.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    finish("teams", title, chart, &["Team", "Open", "Created", "Resolved", "Average resolution (hours)"], rows)
}

/// A figure of each day of the period, with an optional ceiling drawn as a dashed line.
struct PerDay<'a> {
    key: &'a str,
    title: &'a str,
    unit: &'a str,
    series: &'a str,
    value: fn(&DayFigures) -> i64,
    /// The ceiling's name and value; `Some(None)` names an unlimited one (in the table only).
    ceiling: Option<(&'a str, Option<i64>)>,
}

fn per_day_chart(a: &CompanyAnalytics, spec: PerDay) -> ChartView {
    let days = &a.trends.daily;
    let mut chart =
        category_axes(base(spec.title, Trigger::Axis), days.iter().map(|d| d.day.to_string()).collect(), spec.unit)
            .series(Line::new().name(spec.series).data(days.iter().map(spec.value).collect()));
    let mut columns = vec!["Day", spec.series];
    if let Some((name, limit)) = spec.ceiling {
        columns.push(name);
        if let Some(limit) = limit {
            chart = chart.series(
                Line::new()
                    .name(name)
                    .show_symbol(false)
                    .line_style(LineStyle::new().type_(LineStyleType::Dashed))
                    .data(days.iter().map(|_| limit).collect()),
            );
        }
    }
    let ceiling = spec.ceiling.map(|(_, limit)| limit.map_or_else(|| "unlimited".to_owned(), |l| l.to_string()));
    let rows = days
        .iter()
        .map(|d| [d.day.to_string(), (spec.value)(d).to_string()].into_iter().chain(ceiling.clone()).collect())
        .collect();
    finish(spec.key, spec.title, chart, &columns, rows)
}

pub(crate) fn finish(key: &str, title: &str, chart: Chart, columns: &[&str], rows: Vec<Vec<String>>) -> ChartView {
    let columns: Vec<String> = columns.iter().map(|c| (*c).to_owned()).collect();
    ChartView {
        key: key.to_owned(),
        title: title.to_owned(),
        option: serde_json::to_string(&chart).unwrap_or_default(),
        csv_href: csv_href(&columns, &rows),
        columns,
        rows,
    }
}

/// The table as a CSV file in a `data:` address.
fn csv_href(columns: &[String], rows: &[Vec<String>]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let written =
        std::iter::once(columns).chain(rows.iter().map(Vec::as_slice)).try_for_each(|row| writer.write_record(row));
    let bytes = match (written, writer.into_inner()) {
        (Ok(()), Ok(bytes)) => bytes,
        _ => Vec::new(),
    };
    format!("data:text/csv;charset=utf-8;base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_becomes_a_csv_download_with_quoting() {
        let href = csv_href(&["Team".into(), "Open".into()], &[vec!["Ops, Night".into(), "3".into()]]);
        let encoded = href.strip_prefix("data:text/csv;charset=utf-8;base64,").unwrap();
        let csv = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(encoded).unwrap()).unwrap();
        assert_eq!(csv, "Team,Open\n\"Ops, Night\",3\n");
    }
}
