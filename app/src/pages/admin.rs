use leptos::prelude::*;
use leptos_meta::Title;

use super::refusal;
use crate::workspace::get_platform_summary;

/// `/admin`: the platform operator's console.
#[component]
pub fn AdminHome() -> impl IntoView {
    let summary = Resource::new(|| (), |_| get_platform_summary());
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match summary.await {
                    Ok(platform) => view! {
                        <Title text="Platform console" />
                        <section>
                            <h1>"Platform console"</h1>
                            <p><a href="/admin/outbox">"Outbox"</a>" · every mail the platform wrote"</p>
                            <dl class="figures">
                                <div><dt>"Companies"</dt><dd data-figure="companies">{platform.companies}</dd></div>
                                <div><dt>"People"</dt><dd data-figure="people">{platform.people}</dd></div>
                            </dl>
                        </section>
                    }.into_any(),
                    Err(err) => refusal(err),
                }
            })}
        </Transition>
    }
}
