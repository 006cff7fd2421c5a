use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::refusal;
use crate::admin::get_outbox;

/// `/admin/outbox`: every mail the platform wrote, newest first (root only).
#[component]
pub fn Outbox() -> impl IntoView {
    let query = use_query_map();
    let before = move || query.read().get("before");
    let page = Resource::new(before, get_outbox);
    view! {
        <Title text="Outbox" />
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! {
                        <section>
                            <h1>"Outbox"</h1>
                            <p class="muted">"Every message Tenantry wrote. Without TENANTRY_SMTP_URL they wait here."</p>
                            <ul class="outbox">
                                {page.items.into_iter().map(|mail| view! {
                                    <li class="mail" data-to=mail.to.clone()>
                                        <details>
                                            <summary>
                                                <strong>{mail.subject}</strong>
                                                <span class="muted">{format!(" to {} · {} · {}", mail.to, mail.created_at, mail.state)}</span>
                                            </summary>
                                            <pre class="mail-body">{mail.body}</pre>
                                        </details>
                                    </li>
                                }).collect_view()}
                            </ul>
                            {page.next.map(|next| view! { <A href=format!("/admin/outbox?before={next}")>"Older messages"</A> })}
                        </section>
                    }.into_any(),
                    Err(err) => refusal(err),
                }
            })}
        </Transition>
    }
}
