//! `/admin`: the system overview — headline figures, insights and charts from the platform rollups.

use leptos::prelude::*;
use leptos_meta::Title;

use super::ConsoleNav;
use crate::analytics::ECHARTS_URL;
use crate::console::{OverviewView, get_overview};
use crate::pages::analytics::{Advice, ChartCard};
use crate::pages::refusal;

#[component]
pub fn Overview() -> impl IntoView {
    let overview = Resource::new(|| (), |_| get_overview());
    view! {
        <Title text="Platform console" />
        <ConsoleNav />
        <h1>"Platform overview"</h1>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(data) => view! { <Figures data /> }.into_any(),
                    Err(err) => refusal(err),
                }
            })}
        </Transition>
        <script src="/charts.js" data-echarts=ECHARTS_URL></script>
    }
}

#[component]
fn Figures(data: OverviewView) -> AnyView {
    view! {
        <p class="muted">{format!("As of {}", data.generated_at)}</p>
        <dl class="headlines">
            {data.headlines.into_iter().map(|h| {
                let key = h.label.to_lowercase().replace(' ', "-");
                view! {
                    <div class="headline">
                        <dt>{h.label}</dt>
                        <dd data-figure=key>{h.value}</dd>
                    </div>
                }
            }).collect_view()}
        </dl>
        <Advice heading="Insights" items=data.insights />
        <div class="chart-grid">
            {data.charts.into_iter().map(|chart| view! { <ChartCard chart /> }).collect_view()}
        </div>
    }
    .into_any()
}
