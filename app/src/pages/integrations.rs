//! `/c/{slug}/settings/integrations`: email notifications, a Slack channel and outbound webhooks,
//! each with a "send test" that really posts, and the log of every delivery.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use serde_json::json;

use super::refusal;
use super::settings::SettingsNav;
use super::workspace::use_slug;
use crate::customization::{
    DeliveryLine, IntegrationsView, SaveSettings, SendTest, WebhookView, get_deliveries, get_integrations,
};

/// The events people and receivers can subscribe to, with what they mean.
const EVENTS: [(&str, &str); 3] = [
    ("issue.created", "an issue is created"),
    ("issue.updated", "an issue changes"),
    ("issue.resolved", "an issue is resolved"),
];

#[component]
pub fn IntegrationSettings() -> impl IntoView {
    let slug = use_slug();
    let save = ServerAction::<SaveSettings>::new();
    let test = ServerAction::<SendTest>::new();
    let saved = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            saved.update(|n| *n += 1);
        }
    });
    let view_data = Resource::new(move || (slug(), saved.get()), |(slug, _)| get_integrations(slug));
    view! {
        <Title text="Integrations" />
        <SettingsNav slug=slug() />
        <h1>"Integrations"</h1>
        {move || save.value().get().map(|outcome| match outcome {
            Ok(_) => view! { <p class="notice" role="status">"Saved."</p> }.into_any(),
            Err(err) => view! { <p class="error" role="alert">{err.message}</p> }.into_any(),
        })}
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match view_data.await {
                    Ok(data) => view! { <Sections data save test /> }.into_any(),
                    Err(err) => refusal(err),
                }
            })}
        </Transition>
        <TestOutcome test />
        <DeliveryLog refresh=Signal::derive(move || (saved.get(), test.version().get())) />
    }
}

#[component]
fn Sections(data: IntegrationsView, save: ServerAction<SaveSettings>, test: ServerAction<SendTest>) -> AnyView {
    let slug = use_slug();
    let send =
        move |updates: serde_json::Value| save.dispatch(SaveSettings { slug: slug(), updates: updates.to_string() });
    let email = RwSignal::new(data.email);
    let email_events = RwSignal::new(data.email_events.clone());
    let upsell = |what: &str| {
        view! {
            <p class="notice">{format!("{what} come with Premium; {} does not include them. ", data.tier)}
                <A href=format!("/c/{}/billing", slug())>"See the plans"</A>
            </p>
        }
    };
    view! {
        <section class="panel" aria-labelledby="email-heading">
            <h2 id="email-heading">"Email notifications"</h2>
            <p class="muted">"Mail goes to the people an issue concerns: its team when created, its assignee and reporter when it changes or is resolved — never to whoever made the change."</p>
            <label class="checkbox"><input type="checkbox" prop:checked=email on:change=move |e| email.set(event_target_checked(&e)) />"Send email notifications"</label>
            <EventChoices selected=email_events prefix="email" />
            <button type="button" class="button button-primary" on:click=move |_| {
                send(json!({"notifications": {"email": email.get_untracked(), "events": email_events.get_untracked()}}));
            }>"Save notifications"</button>
        </section>
        <section class="panel" aria-labelledby="slack-heading">
            <h2 id="slack-heading">"Slack"</h2>
            {if data.slack_allowed {
                view! { <SlackForm current=data.slack.clone() save test /> }.into_any()
            } else {
                upsell("Slack notifications").into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="webhooks-heading">
            <h2 id="webhooks-heading">"Webhooks"</h2>
            {if data.webhooks_allowed {
                view! { <Webhooks hooks=data.webhooks.clone() save test /> }.into_any()
            } else {
                upsell("Outbound webhooks").into_any()
            }}
        </section>
    }
    .into_any()
}

/// Checkboxes for the events, bound to `selected`.
#[component]
fn EventChoices(selected: RwSignal<Vec<String>>, prefix: &'static str) -> impl IntoView {
    EVENTS
        .into_iter()
        .map(|(event, meaning)| {
            let id = format!("{prefix}-{event}");
            let toggle = move |e: leptos::ev::Event| {
                let on = event_target_checked(&e);
                selected.update(|events| {
                    events.retain(|known| known != event);
                    if on {
                        events.push(event.to_owned());
                    }
                });
            };
            let label_for = id.clone();
            view! {
                <label class="checkbox" for=label_for>
                    <input id=id type="checkbox" prop:checked=move || selected.read().iter().any(|e| e == event) on:change=toggle />
                    {format!("When {meaning} ({event})")}
                </label>
            }
        })
        .collect_view()
}

#[component]
fn SlackForm(
    current: Option<crate::customization::SlackView>,
    save: ServerAction<SaveSettings>,
    test: ServerAction<SendTest>,
) -> AnyView {
    let slug = use_slug();
    let url = RwSignal::new(String::new());
    let events = RwSignal::new(
        current.as_ref().map_or_else(|| EVENTS.map(|(e, _)| e.to_owned()).to_vec(), |s| s.events.clone()),
    );
    let removing = RwSignal::new(false);
    let configured = current.is_some();
    let hint = current.map(|slack| slack.url_hint).unwrap_or_default();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut slack = json!({"events": events.get_untracked()});
        if !url.get_untracked().trim().is_empty() {
            slack["webhook_url"] = json!(url.get_untracked().trim());
        }
        save.dispatch(SaveSettings { slug: slug(), updates: json!({"integrations": {"slack": slack}}).to_string() });
    };
    let error =
        move || save.value().get().and_then(Result::err).and_then(|e| e.field("integrations.slack").map(str::to_owned));
    view! {
        <form class="form" on:submit=submit>
            <label for="slack-url">"Incoming-webhook URL"</label>
            <input id="slack-url" type="url" placeholder=if configured { format!("Saved: {hint} (leave empty to keep it)") } else { "https://hooks.slack.com/services/…".to_owned() }
                prop:value=url on:input=move |e| url.set(event_target_value(&e)) />
            <p class="error">{error}</p>
            <EventChoices selected=events prefix="slack" />
            <div class="form-actions">
                <button type="submit" class="button button-primary">"Save Slack"</button>
                <Show when=move || configured>
                    <button type="button" class="button" on:click=move |_| { test.dispatch(SendTest { slug: slug(), target: "slack".into() }); }>"Send test"</button>
                    <Show when=move || !removing.get() fallback=move || view! {
                        <span class="confirm">"Stop posting to Slack? "
                            <button type="button" class="button button-danger" on:click=move |_| {
                                removing.set(false);
                                save.dispatch(SaveSettings { slug: slug(), updates: json!({"integrations": {"slack": null}}).to_string() });
                            }>"Yes, remove Slack"</button>
                            <button type="button" class="button" on:click=move |_| removing.set(false)>"Keep it"</button>
                        </span>
                    }>
                        <button type="button" class="button" on:click=move |_| removing.set(true)>"Remove"</button>
                    </Show>
                </Show>
            </div>
        </form>
    }
    .into_any()
}

#[component]
fn Webhooks(hooks: Vec<WebhookView>, save: ServerAction<SaveSettings>, test: ServerAction<SendTest>) -> AnyView {
    let slug = use_slug();
    let hooks = StoredValue::new(hooks);
    // Kept webhooks are sent back by id, so their secrets stay as stored.
    let kept = move |except: Option<&str>| -> Vec<serde_json::Value> {
        hooks
            .get_value()
            .iter()
            .filter(|hook| Some(hook.id.as_str()) != except)
            .map(|hook| json!({"id": hook.id, "url": hook.url, "events": hook.events, "active": hook.active}))
            .collect()
    };
    let url = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let events = RwSignal::new(EVENTS.map(|(e, _)| e.to_owned()).to_vec());
    let confirming = RwSignal::new(None::<String>);
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut all = kept(None);
        all.push(json!({"url": url.get_untracked().trim(), "secret": secret.get_untracked(), "events": events.get_untracked()}));
        save.dispatch(SaveSettings { slug: slug(), updates: json!({"integrations": {"webhooks": all}}).to_string() });
    };
    let new_error = move || {
        let position = hooks.with_value(Vec::len);
        save.value()
            .get()
            .and_then(Result::err)
            .and_then(|e| e.field(&format!("integrations.webhooks[{position}]")).map(str::to_owned))
    };
    view! {
        <p class="muted">"Each delivery is JSON, signed: X-Tenantry-Signature is sha256= and the HMAC-SHA256 of the body under the webhook's secret; X-Tenantry-Delivery is its id (the same on every retry). Failures are retried with growing waits."</p>
        {if hooks.with_value(Vec::is_empty) {
            view! { <p class="muted">"No webhooks yet."</p> }.into_any()
        } else { view! {
        <table class="table">
            <thead><tr><th>"URL"</th><th>"Events"</th><th></th></tr></thead>
            <tbody>
                {hooks.get_value().into_iter().map(|hook| {
                    let id = StoredValue::new(hook.id.clone());
                    let asked = move || confirming.get().as_deref() == Some(id.get_value().as_str());
                    view! {
                        <tr data-webhook=hook.url.clone()>
                            <td><code>{hook.url.clone()}</code>{(!hook.active).then_some(" (off)")}</td>
                            <td>{hook.events.join(", ")}</td>
                            <td>
                                <button type="button" class="button button-small" on:click=move |_| { test.dispatch(SendTest { slug: slug(), target: id.get_value() }); }>"Send test"</button>
                                <Show when=asked fallback=move || view! {
                                    <button type="button" class="button button-small" on:click=move |_| confirming.set(Some(id.get_value()))>"Remove"</button>
                                }>
                                    <button type="button" class="button button-small button-danger" on:click=move |_| {
                                        let rest = kept(Some(&id.get_value()));
                                        save.dispatch(SaveSettings { slug: slug(), updates: json!({"integrations": {"webhooks": rest}}).to_string() });
                                    }>"Yes, remove"</button>
                                    <button type="button" class="button button-small" on:click=move |_| confirming.set(None)>"Keep"</button>
                                </Show>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        }.into_any() }}
        <h3>"Add a webhook"</h3>
        <form class="form" on:submit=add>
            <label for="hook-url">"URL"</label>
            <input id="hook-url" type="url" required placeholder="https://example.com/tenantry" prop:value=url on:input=move |e| url.set(event_target_value(&e)) />
            <label for="hook-secret">"Secret (16 characters or more; shown only now)"</label>
            <input id="hook-secret" type="password" required minlength="16" maxlength="200" autocomplete="off" prop:value=secret on:input=move |e| secret.set(event_target_value(&e)) />
            <p class="error">{new_error}</p>
            <EventChoices selected=events prefix="hook" />
            <button type="submit" class="button button-primary">"Add webhook"</button>
        </form>
    }
    .into_any()
}

/// What the last "send test" got back.
#[component]
fn TestOutcome(test: ServerAction<SendTest>) -> impl IntoView {
    move || {
        test.value().get().map(|outcome| match outcome {
            Ok(line) => {
                let answer = match line.status_code {
                    Some(code) => format!("answered {code} in {} ms", line.latency_ms.unwrap_or(0)),
                    None => line.error.clone().unwrap_or_else(|| "did not answer".into()),
                };
                view! { <p class="notice" role="status" data-test-result=line.state.clone()>{format!("Test sent to {}: {answer}.", line.target)}</p> }.into_any()
            }
            Err(err) => view! { <p class="error" role="alert">{err.message}</p> }.into_any(),
        })
    }
}

/// Every delivery, newest first, a page at a time.
#[component]
fn DeliveryLog(refresh: Signal<(u32, usize)>) -> impl IntoView {
    let slug = use_slug();
    let before = RwSignal::new(None::<String>);
    let page =
        Resource::new(move || (slug(), before.get(), refresh.get()), |(slug, before, _)| get_deliveries(slug, before));
    view! {
        <section aria-labelledby="log-heading">
            <h2 id="log-heading">"Delivery log"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="muted">"Nothing delivered yet."</p> }.into_any(),
                        Ok(page) => view! {
                            <table class="table delivery-log">
                                <thead><tr><th>"When"</th><th>"To"</th><th>"Event"</th><th>"Result"</th><th>"Status"</th><th>"Time"</th><th>"Attempts"</th></tr></thead>
                                <tbody>{page.items.into_iter().map(|line| view! { <DeliveryRow line /> }).collect_view()}</tbody>
                            </table>
                            {page.next.map(|next| view! {
                                <button type="button" class="button" on:click=move |_| before.set(Some(next.clone()))>"Older deliveries"</button>
                            })}
                        }.into_any(),
                        Err(err) => refusal(err),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DeliveryRow(line: DeliveryLine) -> AnyView {
    let state = line.state.clone();
    view! {
        <tr data-state=state>
            <td>{line.at}</td>
            <td><code>{line.target}</code></td>
            <td>{line.event}</td>
            <td title=line.error.clone().unwrap_or_default()>{line.state}</td>
            <td>{line.status_code.map(|c| c.to_string()).unwrap_or_else(|| "—".into())}</td>
            <td>{line.latency_ms.map(|ms| format!("{ms} ms")).unwrap_or_else(|| "—".into())}</td>
            <td>{line.attempts}</td>
        </tr>
    }
    .into_any()
}
