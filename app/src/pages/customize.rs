//! The settings pages that shape the workspace: General and Workflow (`/c/{slug}/settings`),
//! priorities and issue types, custom fields. Every save goes through `save_settings`, the same
//! rules as `POST …/customize`; a removal that strands issues asks where they go.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;
use serde_json::{Value, json};

use super::refusal;
use super::settings::SettingsNav;
use super::workspace::use_slug;
use crate::customization::{FieldView, SaveSettings, SettingsView, get_settings, time_zones};
use crate::error::AppError;

/// Loads the settings (again after each save) and renders `body` with them.
fn with_settings<V: IntoView + 'static>(
    title: &'static str,
    save: ServerAction<SaveSettings>,
    body: impl Fn(SettingsView, ServerAction<SaveSettings>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let slug = use_slug();
    // Reload after a successful save only: after a refusal the forms keep what was typed.
    let saved = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            saved.update(|n| *n += 1);
        }
    });
    let settings = Resource::new(move || (slug(), saved.get()), |(slug, _)| get_settings(slug));
    let body = StoredValue::new(body);
    view! {
        <Title text=title />
        <SettingsNav slug=slug() />
        <h1>{title}</h1>
        <SaveOutcome save />
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(settings) => body.with_value(|body| body(settings, save)).into_any(),
                    Err(err) => refusal(err),
                }
            })}
        </Transition>
    }
}

/// What the last save said: done (and how many issues moved), or why not.
#[component]
fn SaveOutcome(save: ServerAction<SaveSettings>) -> impl IntoView {
    move || {
        save.value().get().map(|outcome| match outcome {
            Ok(saved) if saved.issues_moved > 0 => view! {
                <p class="notice" role="status">{format!("Saved. {} moved to the new values.", issues(saved.issues_moved))}</p>
            }
            .into_any(),
            Ok(_) => view! { <p class="notice" role="status">"Saved."</p> }.into_any(),
            Err(err) => view! { <p class="error" role="alert">{err.message}</p> }.into_any(),
        })
    }
}

/// "1 issue", "3 issues".
fn issues(n: i64) -> String {
    if n == 1 { "1 issue".to_owned() } else { format!("{n} issues") }
}

fn field_error(save: ServerAction<SaveSettings>, field: &'static str) -> impl Fn() -> Option<String> + Copy {
    move || save.value().get().and_then(Result::err).and_then(|err| err.field(field).map(str::to_owned))
}

/// `/c/{slug}/settings`: the company's name, address and time zone, and its workflow.
#[component]
pub fn GeneralSettings() -> impl IntoView {
    let save = ServerAction::<SaveSettings>::new();
    // A new address moves the pages: follow it.
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            let here = use_slug()();
            if saved.slug != here {
                leptos_router::hooks::use_navigate()(&format!("/c/{}/settings", saved.slug), Default::default());
            }
        }
    });
    with_settings("General and workflow", save, |settings, save| {
        view! {
            <GeneralForm settings=settings.clone() save />
            <h2>"Workflow"</h2>
            <p class="muted">
                "Statuses in order: the board shows one column each. Issues in a done status count as resolved. "
                {(!settings.custom_workflows).then(|| format!("Custom statuses come with Premium; {} uses the standard ones.", settings.tier))}
            </p>
            <ValuesEditor
                key="issue_statuses"
                noun="status"
                values=settings.statuses.iter().map(|s| (s.name.clone(), s.done)).collect()
                with_done=true
                editable=settings.may_edit && settings.custom_workflows
                save
            />
        }
    })
}

#[component]
fn GeneralForm(settings: SettingsView, save: ServerAction<SaveSettings>) -> AnyView {
    let slug = use_slug();
    let zones = Resource::new(|| (), |_| time_zones());
    let name = RwSignal::new(settings.company_name.clone());
    let address = RwSignal::new(settings.slug.clone());
    let zone = RwSignal::new(settings.time_zone.clone());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let general = json!({"company_name": name.get_untracked(), "slug": address.get_untracked(), "time_zone": zone.get_untracked()});
        save.dispatch(SaveSettings { slug: slug(), updates: json!({"general": general}).to_string() });
    };
    let editable = settings.may_edit;
    view! {
        <form class="form" on:submit=submit>
            <label for="company-name">"Company name"</label>
            <input id="company-name" maxlength="100" required prop:value=name on:input=move |e| name.set(event_target_value(&e)) disabled=!editable />
            <p class="error">{field_error(save, "general.company_name")}</p>
            <label for="company-slug">"Address"</label>
            <div class="input-prefix"><span class="muted">"/c/"</span>
                <input id="company-slug" maxlength="40" required prop:value=address on:input=move |e| address.set(event_target_value(&e)) disabled=!editable />
            </div>
            <p class="hint">"Old links keep working: they redirect to the new address."</p>
            <p class="error">{field_error(save, "general.slug")}</p>
            <label for="time-zone">"Time zone"</label>
            <select id="time-zone" on:change=move |e| zone.set(event_target_value(&e)) disabled=!editable>
                <Suspense fallback=move || view! { <option selected>{zone.get_untracked()}</option> }>
                    {move || Suspend::new(async move {
                        zones.await.unwrap_or_default().into_iter().map(|name| {
                            let selected = name == zone.get_untracked();
                            let label = name.clone();
                            view! { <option value=name selected=selected>{label}</option> }
                        }).collect_view()
                    })}
                </Suspense>
            </select>
            <p class="error">{field_error(save, "general.time_zone")}</p>
            <Show when=move || editable>
                <button type="submit" class="button button-primary">"Save general settings"</button>
            </Show>
        </form>
    }
    .into_any()
}

/// One value in an ordered list being edited; `original` is its stored name (none when new).
#[derive(Clone)]
struct Row {
    id: usize,
    original: Option<String>,
    name: RwSignal<String>,
    done: RwSignal<bool>,
}

/// An ordered list of names (statuses with their done flag, priorities, types): add, rename,
/// reorder, remove. Renames become mappings; a removal that strands issues asks where they go.
#[component]
fn ValuesEditor(
    key: &'static str,
    noun: &'static str,
    values: Vec<(String, bool)>,
    with_done: bool,
    editable: bool,
    save: ServerAction<SaveSettings>,
) -> AnyView {
    let slug = use_slug();
    let next_id = StoredValue::new(values.len());
    let rows = RwSignal::new(
        values
            .into_iter()
            .enumerate()
            .map(|(id, (name, done))| Row {
                id,
                original: Some(name.clone()),
                name: RwSignal::new(name),
                done: RwSignal::new(done),
            })
            .collect::<Vec<_>>(),
    );
    let picks = RwSignal::new(BTreeMap::<String, String>::new());
    let stranded =
        move || save.value().get().and_then(Result::err).map(|err: AppError| err.in_use(key)).unwrap_or_default();
    let submit = move |_| {
        let rows = rows.get_untracked();
        let list: Vec<Value> = rows
            .iter()
            .map(|row| match with_done {
                true => json!({"name": row.name.get_untracked(), "done": row.done.get_untracked()}),
                false => json!(row.name.get_untracked()),
            })
            .collect();
        let mut mappings: serde_json::Map<String, Value> = rows
            .iter()
            .filter_map(|row| {
                let original = row.original.clone()?;
                (original != row.name.get_untracked()).then(|| (original, json!(row.name.get_untracked())))
            })
            .collect();
        for (from, to) in picks.get_untracked() {
            mappings.insert(from, json!(to));
        }
        let updates = json!({ key: list, "mappings": { key: mappings } });
        save.dispatch(SaveSettings { slug: slug(), updates: updates.to_string() });
    };
    let add = move |_| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        rows.update(|rows| {
            rows.push(Row { id, original: None, name: RwSignal::new(String::new()), done: RwSignal::new(false) })
        });
    };
    let shift = move |id: usize, by: isize| {
        rows.update(|rows| {
            if let Some(at) = rows.iter().position(|row| row.id == id) {
                let to = at as isize + by;
                if (0..rows.len() as isize).contains(&to) {
                    rows.swap(at, to as usize);
                }
            }
        })
    };
    view! {
        <div class="values-editor" data-key=key>
            <ol class="values">
                <For each=move || rows.get() key=|row| row.id let:row>
                    <li class="value-row">
                        <input
                            aria-label=format!("{noun} name")
                            maxlength="50"
                            prop:value=row.name
                            on:input=move |e| row.name.set(event_target_value(&e))
                            disabled=!editable
                        />
                        {with_done.then(|| view! {
                            <label class="checkbox">
                                <input type="checkbox" prop:checked=row.done on:change=move |e| row.done.set(event_target_checked(&e)) disabled=!editable />
                                "done"
                            </label>
                        })}
                        <Show when=move || editable>
                            <button type="button" class="button button-small" aria-label="Move up" on:click=move |_| shift(row.id, -1)>"↑"</button>
                            <button type="button" class="button button-small" aria-label="Move down" on:click=move |_| shift(row.id, 1)>"↓"</button>
                            <button type="button" class="button button-small" aria-label=format!("Remove {noun}") on:click=move |_| rows.update(|rows| rows.retain(|r| r.id != row.id))>"Remove"</button>
                        </Show>
                    </li>
                </For>
            </ol>
            <p class="error">{field_error(save, key)}</p>
            {move || {
                let stranded = stranded();
                (!stranded.is_empty()).then(|| {
                    let choices: Vec<String> = rows.get().iter().map(|row| row.name.get()).filter(|n| !n.trim().is_empty()).collect();
                    view! {
                        <div class="confirm" role="alert">
                            <p>"Some issues use values you removed. Choose where they go, then save again:"</p>
                            {stranded.into_iter().map(|(value, count)| {
                                let from = value.clone();
                                view! {
                                    <label>{format!("{} in \"{value}\": move to ", issues(count))}
                                        <select on:change=move |e| { let to = event_target_value(&e); picks.update(|p| { p.insert(from.clone(), to); }); }>
                                            <option value="">"choose…"</option>
                                            {choices.iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                                        </select>
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                    }
                })
            }}
            <Show when=move || editable>
                <div class="form-actions">
                    <button type="button" class="button" on:click=add>{format!("Add {noun}")}</button>
                    <button type="button" class="button button-primary" on:click=submit>"Save"</button>
                </div>
            </Show>
        </div>
    }
    .into_any()
}

/// `/c/{slug}/settings/lists`: priorities (lowest first) and issue types.
#[component]
pub fn ListSettings() -> impl IntoView {
    let save = ServerAction::<SaveSettings>::new();
    with_settings("Priorities and issue types", save, move |settings, save| {
        let plain = |names: &[String]| names.iter().map(|n| (n.clone(), false)).collect::<Vec<_>>();
        view! {
            <h2>"Priorities"</h2>
            <p class="muted">"Lowest first: sorting by priority follows this order."</p>
            <ValuesEditor key="priority_levels" noun="priority" values=plain(&settings.priorities) with_done=false editable=settings.may_edit save />
            <h2>"Issue types"</h2>
            <ValuesEditor key="issue_types" noun="issue type" values=plain(&settings.issue_types) with_done=false editable=settings.may_edit save />
        }
    })
}

/// `/c/{slug}/settings/fields`: typed custom fields on every issue.
#[component]
pub fn FieldSettings() -> impl IntoView {
    let save = ServerAction::<SaveSettings>::new();
    with_settings("Custom fields", save, |settings, save| {
        view! { <FieldsEditor settings save /> }
    })
}

#[component]
fn FieldsEditor(settings: SettingsView, save: ServerAction<SaveSettings>) -> AnyView {
    let slug = use_slug();
    let fields = RwSignal::new(settings.custom_fields.clone());
    let stored = StoredValue::new(settings.custom_fields.clone());
    let editable = settings.may_edit;
    let allowance = match settings.max_custom_fields {
        Some(max) => format!("{} of {max} custom fields on the {} plan.", settings.custom_fields.len(), settings.tier),
        None => format!("{} custom fields (no limit on {}).", settings.custom_fields.len(), settings.tier),
    };
    let kind = RwSignal::new("text".to_owned());
    let name = RwSignal::new(String::new());
    let options = RwSignal::new(String::new());
    let required = RwSignal::new(false);
    let send = move |list: Vec<FieldView>, drop_values: bool| {
        let defined: Vec<Value> = list
            .iter()
            .map(|f| json!({"name": f.name, "type": f.kind, "options": f.options, "required": f.required}))
            .collect();
        let mut updates = json!({ "custom_fields": defined });
        if drop_values {
            let gone: serde_json::Map<String, Value> = settings
                .custom_fields
                .iter()
                .filter(|old| !list.iter().any(|f| f.name == old.name && f.kind == old.kind))
                .map(|old| (old.name.clone(), Value::Null))
                .collect();
            updates["mappings"] = json!({ "custom_fields": gone });
        }
        save.dispatch(SaveSettings { slug: slug(), updates: updates.to_string() });
    };
    let send = StoredValue::new(send);
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut list = fields.get_untracked();
        list.push(FieldView {
            name: name.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
            options: options
                .get_untracked()
                .split(',')
                .map(|o| o.trim().to_owned())
                .filter(|o| !o.is_empty())
                .collect(),
            required: required.get_untracked(),
        });
        send.with_value(|send| send(list, false));
    };
    let stranded =
        move || save.value().get().and_then(Result::err).map(|err| err.in_use("custom_fields")).unwrap_or_default();
    view! {
        <p class="muted">{allowance}</p>
        {move || if fields.with(Vec::is_empty) {
            view! { <p class="muted">"No custom fields yet."</p> }.into_any()
        } else { view! {
        <table class="table">
            <thead><tr><th>"Name"</th><th>"Type"</th><th>"Options"</th><th>"Required"</th><th></th></tr></thead>
            <tbody>
                <For each=move || fields.get() key=|field| field.name.clone() children=move |field| {
                    let gone = StoredValue::new(field.name.clone());
                    let remove = move |_| {
                        let list: Vec<FieldView> =
                            fields.get_untracked().into_iter().filter(|f| f.name != gone.get_value()).collect();
                        fields.set(list.clone());
                        send.with_value(|send| send(list, false));
                    };
                    view! {
                        <tr data-field=field.name.clone()>
                            <td>{field.name.clone()}</td>
                            <td>{field.kind.clone()}</td>
                            <td>{field.options.join(", ")}</td>
                            <td>{if field.required { "yes" } else { "no" }}</td>
                            <td>
                                <Show when=move || editable>
                                    <button type="button" class="button button-small" on:click=remove>"Remove"</button>
                                </Show>
                            </td>
                        </tr>
                    }
                } />
            </tbody>
        </table>
        }.into_any() }}
        {move || {
            let stranded = stranded();
            (!stranded.is_empty()).then(|| {
                let lines = stranded.iter().map(|(field, n)| format!("{} with a value for \"{field}\"", issues(*n))).collect::<Vec<_>>().join("; ");
                view! {
                    <div class="confirm" role="alert">
                        <p>{format!("{lines}. Removing the field deletes those values.")}</p>
                        <button type="button" class="button button-danger" on:click=move |_| send.with_value(|send| send(fields.get_untracked(), true))>"Remove it and its values"</button>
                        <button type="button" class="button" on:click=move |_| fields.set(stored.get_value())>"Keep it"</button>
                    </div>
                }
            })
        }}
        <Show when=move || editable>
            <h2>"Add a field"</h2>
            <form class="form form-inline" on:submit=add>
                <label for="field-name">"Name"</label>
                <input id="field-name" maxlength="50" required prop:value=name on:input=move |e| name.set(event_target_value(&e)) />
                <label for="field-type">"Type"</label>
                <select id="field-type" on:change=move |e| kind.set(event_target_value(&e))>
                    {["text", "number", "date", "select", "checkbox"].map(|k| view! { <option value=k>{k}</option> }).collect_view()}
                </select>
                <Show when=move || kind.get() == "select">
                    <label for="field-options">"Options"</label>
                    <input id="field-options" placeholder="S1, S2, S3" prop:value=options on:input=move |e| options.set(event_target_value(&e)) />
                </Show>
                <label class="checkbox"><input type="checkbox" prop:checked=required on:change=move |e| required.set(event_target_checked(&e)) />"Required"</label>
                <button type="submit" class="button button-primary">"Add field"</button>
            </form>
            <p class="error">{field_error(save, "custom_fields")}</p>
        </Show>
    }
    .into_any()
}
