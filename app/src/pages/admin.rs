use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use super::NotFound;
use crate::error::ErrorCode;
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
                    Err(err) if err.code == ErrorCode::Unauthenticated => view! { <Redirect path="/login" /> }.into_any(),
                    Err(err) if err.code == ErrorCode::NotFound => view! { <NotFound /> }.into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.message}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
