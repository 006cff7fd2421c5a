use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::refusal;
use crate::settings::{CreateToken, RevokeToken, get_audit_page, list_tokens};

/// The settings sections, under the workspace's own navigation.
#[component]
pub(super) fn SettingsNav(slug: String) -> impl IntoView {
    view! {
        <super::workspace::WorkspaceNav slug=slug.clone() />
        <nav class="settings-nav" aria-label="Settings">
            <A href=format!("/c/{slug}/settings") exact=true>"General and workflow"</A>
            <A href=format!("/c/{slug}/settings/lists")>"Priorities and types"</A>
            <A href=format!("/c/{slug}/settings/fields")>"Custom fields"</A>
            <A href=format!("/c/{slug}/settings/integrations")>"Integrations"</A>
            <A href=format!("/c/{slug}/settings/branding")>"Branding"</A>
            <A href=format!("/c/{slug}/settings/tokens")>"API tokens"</A>
            <A href=format!("/c/{slug}/settings/audit")>"Audit log"</A>
        </nav>
    }
}

/// `/c/{slug}/settings/tokens`: create, list and revoke the company's API tokens.
#[component]
pub fn TokenSettings() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let tokens = Resource::new(
        move || (slug(), create.version().get(), revoke.version().get()),
        |(slug, _, _)| list_tokens(slug),
    );
    let confirming = RwSignal::new(None::<String>);
    let created = move || create.value().get().and_then(Result::ok);
    let create_error = move || create.value().get().and_then(Result::err);
    let name_error = move || create_error().and_then(|err| err.field("name").map(str::to_owned));
    let role_error = move || create_error().and_then(|err| err.field("role").map(str::to_owned));
    view! {
        <Title text="API tokens" />
        <SettingsNav slug=slug() />
        <h1>"API tokens"</h1>
        <p class="muted">"Tokens let scripts use the REST API as your company. Send one as Authorization: Bearer <token>."</p>
        <ActionForm action=create attr:class="form form-inline">
            <input type="hidden" name="slug" prop:value=slug />
            <label for="token-name">"Name"</label>
            <input id="token-name" name="name" required maxlength="100" placeholder="CI pipeline" />
            <p class="error">{name_error}</p>
            <label for="token-role">"Role"</label>
            <select id="token-role" name="role">
                <option value="viewer">"viewer: reads"</option>
                <option value="member" selected>"member: reads and writes issues"</option>
                <option value="admin">"admin: manages the company"</option>
            </select>
            <p class="error">{role_error}</p>
            <button type="submit" class="button button-primary">"Create token"</button>
        </ActionForm>
        {move || created().map(|token| view! {
            <div class="secret" role="status">
                <p>{format!("Copy the token \"{}\" now: it is never shown again.", token.name)}</p>
                <code class="token-secret">{token.token}</code>
            </div>
        })}
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match tokens.await {
                    Ok(tokens) if tokens.is_empty() => view! { <p class="muted">"No tokens yet."</p> }.into_any(),
                    Ok(tokens) => view! {
                        <table class="table">
                            <thead><tr><th>"Name"</th><th>"Role"</th><th>"Created"</th><th>"Last used"</th><th></th></tr></thead>
                            <tbody>
                                {tokens.into_iter().map(|token| view! { <TokenLine token slug=slug() confirming revoke /> }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(err) => refusal(err),
                }
            })}
        </Transition>
    }
}

/// One token, with a revoke button that asks once more before it acts.
#[component]
fn TokenLine(
    token: crate::settings::TokenRow,
    slug: String,
    confirming: RwSignal<Option<String>>,
    revoke: ServerAction<RevokeToken>,
) -> impl IntoView {
    let id = token.id.clone();
    let asked = {
        let id = id.clone();
        move || confirming.get().as_deref() == Some(id.as_str())
    };
    let ask = {
        let id = id.clone();
        move |_| confirming.set(Some(id.clone()))
    };
    // Copyable handles, so the confirmation form can be rendered again and again.
    let (form_slug, form_id) = (StoredValue::new(slug), StoredValue::new(id));
    view! {
        <tr data-token=token.name.clone()>
            <td>{token.name.clone()}</td>
            <td>{token.role}</td>
            <td>{token.created_at}</td>
            <td>{token.last_used_at.unwrap_or_else(|| "never".to_owned())}</td>
            <td>
                <Show
                    when=asked
                    fallback=move || view! { <button type="button" class="button" on:click=ask.clone()>"Revoke"</button> }
                >
                    <ActionForm action=revoke attr:class="inline-form">
                        <input type="hidden" name="slug" value=move || form_slug.get_value() />
                        <input type="hidden" name="token_id" value=move || form_id.get_value() />
                        <button type="submit" class="button button-danger">"Yes, revoke it"</button>
                        <button type="button" class="button" on:click=move |_| confirming.set(None)>"Keep"</button>
                    </ActionForm>
                </Show>
            </td>
        </tr>
    }
}

/// `/c/{slug}/settings/audit`: who did what, newest first, filterable by action.
#[component]
pub fn AuditLog() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let action = move || query.read().get("action");
    let before = move || query.read().get("before");
    let page = Resource::new(
        move || (slug(), action(), before()),
        |(slug, action, before)| get_audit_page(slug, action, before),
    );
    view! {
        <Title text="Audit log" />
        <SettingsNav slug=slug() />
        <h1>"Audit log"</h1>
        <form method="get" class="form form-inline">
            <label for="audit-action">"Action"</label>
            <input id="audit-action" name="action" prop:value=move || action().unwrap_or_default() placeholder="login.failed" />
            <button type="submit" class="button">"Filter"</button>
        </form>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! {
                        <table class="table">
                            <thead><tr><th>"When"</th><th>"Who"</th><th>"Action"</th><th>"Target"</th><th>"From"</th></tr></thead>
                            <tbody>
                                {page.items.into_iter().map(|row| view! {
                                    <tr>
                                        <td>{row.at}</td>
                                        <td>{row.actor}</td>
                                        <td><code>{row.action}</code></td>
                                        <td>{row.target}</td>
                                        <td>{row.ip}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        {page.next.map(|next| {
                            let filter = action().map(|a| format!("&action={a}")).unwrap_or_default();
                            view! { <A href=format!("?before={next}{filter}")>"Older events"</A> }
                        })}
                    }.into_any(),
                    Err(err) => refusal(err),
                }
            })}
        </Transition>
    }
}
