use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::refusal;
use crate::workspace::get_workspace_summary;

/// `/c/{slug}`: the company's workspace home.
#[component]
pub fn Workspace() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let summary = Resource::new(slug, get_workspace_summary);
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match summary.await {
                    Ok(workspace) => view! {
                        <Title text=workspace.company_name.clone() />
                        <section class="workspace-home">
                            <h1>{workspace.company_name.clone()}</h1>
                            <p class="muted">
                                {format!("{} plan · you are {} · /c/{}", workspace.tier, workspace.your_role, workspace.slug)}
                            </p>
                            <nav class="settings-nav" aria-label="Settings">
                                <a href=format!("/c/{}/settings/tokens", workspace.slug)>"API tokens"</a>
                                <a href=format!("/c/{}/settings/audit", workspace.slug)>"Audit log"</a>
                            </nav>
                            <h2>"Workflow"</h2>
                            <ol class="status-flow">
                                {workspace.statuses.into_iter().map(|status| view! { <li>{status}</li> }).collect_view()}
                            </ol>
                        </section>
                    }.into_any(),
                    Err(err) => refusal(err),
                }
            })}
        </Transition>
    }
}
