use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::refusal;
use crate::auth::SignedIn;
use crate::signup::{GettingStarted, get_getting_started};
use crate::workspace::get_workspace_summary;

/// The workspace's sections, on every page under `/c/{slug}`.
#[component]
pub fn WorkspaceNav(slug: String) -> impl IntoView {
    let signed_in = expect_context::<SignedIn>().0;
    let analytics_slug = slug.clone();
    view! {
        <nav class="settings-nav workspace-nav" aria-label="Workspace">
            <A href=format!("/c/{slug}") exact=true>"Overview"</A>
            <A href=format!("/c/{slug}/issues") exact=true>"Issues"</A>
            <A href=format!("/c/{slug}/board")>"Board"</A>
            <A href=format!("/c/{slug}/teams")>"Teams"</A>
            <A href=format!("/c/{slug}/members")>"Members"</A>
            <Transition fallback=|| ()>
                {move || {
                    let slug = analytics_slug.clone();
                    Suspend::new(async move {
                        let allowed = signed_in.await.ok().flatten().is_some_and(|user| user.reads_analytics());
                        allowed.then(|| view! { <A href=format!("/c/{slug}/analytics")>"Analytics"</A> })
                    })
                }}
            </Transition>
            <A href=format!("/c/{slug}/billing")>"Plan"</A>
            <A href=format!("/c/{slug}/settings")>"Settings"</A>
        </nav>
    }
}

/// The slug of the workspace in the address.
pub fn use_slug() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("slug").unwrap_or_default()
}

/// `/c/{slug}`: the company's workspace home, with its first steps until they are all done.
#[component]
pub fn Workspace() -> impl IntoView {
    let slug = use_slug();
    let summary = Resource::new(slug, get_workspace_summary);
    let first_steps = Resource::new(slug, get_getting_started);
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match summary.await {
                    Ok(workspace) => view! {
                        <Title text=workspace.company_name.clone() />
                        <WorkspaceNav slug=workspace.slug.clone() />
                        <section class="workspace-home">
                            <h1>{workspace.company_name.clone()}</h1>
                            {workspace.plan_notice.clone().map(|notice| view! {
                                <p class="notice" role="status">{notice} " " <A href=format!("/c/{}/billing", workspace.slug)>"See the plan"</A></p>
                            })}
                            <p class="muted">
                                {format!("{} plan · you are {} · /c/{}", workspace.tier, workspace.your_role, workspace.slug)}
                            </p>
                            <Transition fallback=|| ()>
                                {move || Suspend::new(async move {
                                    first_steps.await.ok().filter(|steps| !steps.all_done()).map(|steps| view! {
                                        <FirstSteps slug=slug() steps />
                                    })
                                })}
                            </Transition>
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

/// A new workspace's checklist: each item links to where it is done and ticks off once it is.
#[component]
fn FirstSteps(slug: String, steps: GettingStarted) -> impl IntoView {
    let items = [
        (steps.invited_someone, "Invite people", format!("/c/{slug}/members")),
        (steps.created_a_team, "Create a team", format!("/c/{slug}/teams")),
        (steps.created_an_issue, "Create your first issue", format!("/c/{slug}/issues/new")),
        (steps.created_a_token, "Create an API token", format!("/c/{slug}/settings/tokens")),
    ];
    view! {
        <section class="getting-started" aria-labelledby="getting-started">
            <h2 id="getting-started">"Getting started"</h2>
            <ul>
                {items.into_iter().map(|(done, label, href)| view! {
                    <li class:done=done data-done=done.to_string()>
                        <span aria-hidden="true">{if done { "✓ " } else { "○ " }}</span>
                        <A href=href>{label}</A>
                        {done.then(|| view! { <span class="visually-hidden">" (done)"</span> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// `key=value&…` with every value percent-encoded; empty values are left out.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| format!("{key}={}", percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (byte as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// An RFC 3339 time as people read it: `2026-12-04 22:53 UTC`.
pub fn short_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => rfc3339.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_encode_values_and_skip_empty_ones() {
        let pairs = [("q", "crash & burn".to_owned()), ("status", String::new()), ("sort", "-created".to_owned())];
        assert_eq!(query_string(&pairs), "q=crash%20%26%20burn&sort=-created");
        assert_eq!(short_time("2026-12-04T22:53:40.123456Z"), "2026-12-04 22:53 UTC");
    }
}
