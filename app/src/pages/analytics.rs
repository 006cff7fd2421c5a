//! `/c/{slug}/analytics`: the company's figures over a period, drawn as charts (owners and admins).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::refusal;
use super::workspace::{WorkspaceNav, use_slug};
use crate::analytics::{AnalyticsView, ChartView, ECHARTS_URL, RecommendationView, get_analytics};

/// The periods offered in one click; any other is a custom number of days.
const PERIODS: [i64; 3] = [7, 30, 90];

#[component]
pub fn Analytics() -> impl IntoView {
    let slug = use_slug();
    let query = use_query_map();
    let days = move || query.read().get("days").and_then(|d| d.parse::<i64>().ok());
    let figures = Resource::new(move || (slug(), days()), |(slug, days)| get_analytics(slug, days));
    view! {
        <Title text="Analytics" />
        <WorkspaceNav slug=slug() />
        <h1>"Analytics"</h1>
        <nav class="period-picker" aria-label="Period">
            {PERIODS.map(|n| view! { <A href=format!("?days={n}")>{format!("{n} days")}</A> })}
            <form method="get" class="form-inline">
                <label for="custom-days">"Custom"</label>
                <input id="custom-days" name="days" type="number" min="1" max="3660" required prop:value=move || days().unwrap_or(30).to_string() />
                <button type="submit" class="button">"Show"</button>
            </form>
        </nav>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match figures.await {
                    Ok(view_data) => view! { <Figures data=view_data /> }.into_any(),
                    Err(err) => refusal(err),
                }
            })}
        </Transition>
        // Loads ECharts (from our origin) and draws every chart the page holds, now and after changes.
        <script src="/charts.js" data-echarts=ECHARTS_URL></script>
    }
}

#[component]
fn Figures(data: AnalyticsView) -> AnyView {
    let slug = use_slug();
    view! {
        {data.capped.then(|| view! {
            <p class="notice" role="status">
                {format!(
                    "The {} plan keeps {} days of history: showing the last {} days rather than {}. ",
                    data.tier, data.history_days.unwrap_or(data.days), data.days, data.days_requested
                )}
                <A href=format!("/c/{}/billing", slug())>"Compare plans"</A>
            </p>
        })}
        <p class="muted">{format!("{} to {} (UTC days)", data.from, data.to)}</p>
        <dl class="headlines">
            {data.headlines.into_iter().map(|h| view! {
                <div class="headline">
                    <dt>{h.label}</dt>
                    <dd>{h.value}</dd>
                    {h.change.map(|change| view! { <dd class="change">{change}</dd> })}
                </div>
            }).collect_view()}
        </dl>
        {(!data.recommendations.is_empty()).then(|| view! { <Advice heading="Recommendations" items=data.recommendations /> })}
        <div class="chart-grid">
            {data.charts.into_iter().map(|chart| view! { <ChartCard chart /> }).collect_view()}
        </div>
        {(!data.team_analytics).then(|| view! {
            <p class="notice">
                {format!("Team performance comes with Premium and up; {} does not include it. ", data.tier)}
                <A href=format!("/c/{}/billing", slug())>"See the plans"</A>
            </p>
        })}
    }
    .into_any()
}

/// A titled list of what to look at, each with why.
#[component]
pub(crate) fn Advice(heading: &'static str, items: Vec<RecommendationView>) -> impl IntoView {
    let id = format!("{}-heading", heading.to_lowercase());
    let labelled_by = id.clone();
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h2 id=id>{heading}</h2>
            <ul class="recommendations">
                {items.into_iter().map(|r| view! {
                    <li data-kind=r.kind><strong>{r.title}</strong>" — "{r.reason}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A chart, the table of its numbers (for screen readers and the curious) and its CSV.
#[component]
pub(crate) fn ChartCard(chart: ChartView) -> impl IntoView {
    let file = format!("{}.csv", chart.key);
    view! {
        <figure class="chart-card" data-chart-key=chart.key.clone()>
            <figcaption class="visually-hidden">{chart.title.clone()}</figcaption>
            <div class="chart" role="img" aria-label=chart.title.clone() data-chart=chart.option></div>
            <details>
                <summary>"Data table"</summary>
                <table class="table">
                    <thead><tr>{chart.columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {chart.rows.into_iter().map(|row| view! {
                            <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
            <a class="button button-small" href=chart.csv_href download=file>"Download CSV"</a>
        </figure>
    }
}
