//! `/c/{slug}/issues`: the issue list, whose whole view lives in the address; and creating an issue.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::{use_navigate, use_query_map};

use super::refusal;
use super::workspace::{WorkspaceNav, query_string, short_time, use_slug};
use crate::customization::FieldView;
use crate::issues::{CreateIssue, IssueListPage, list_issue_page};
use crate::tracker::{Tracker, get_tracker};

/// The list's filters, sort and page, as read from the address.
#[derive(Debug, Clone, Default, PartialEq)]
struct ListView {
    status: String,
    priority: String,
    issue_type: String,
    assignee_id: String,
    team_id: String,
    q: String,
    archived: String,
    sort: String,
    cursor: String,
}

impl ListView {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("status", self.status.clone()),
            ("priority", self.priority.clone()),
            ("issue_type", self.issue_type.clone()),
            ("assignee_id", self.assignee_id.clone()),
            ("team_id", self.team_id.clone()),
            ("q", self.q.clone()),
            ("archived", self.archived.clone()),
            ("sort", self.sort.clone()),
        ]
    }

    /// The address of the page after this one.
    fn next_page(&self, slug: &str, cursor: &str) -> String {
        let mut pairs = self.pairs();
        pairs.push(("cursor", cursor.to_owned()));
        format!("/c/{slug}/issues?{}", query_string(&pairs))
    }

    fn first_page(&self, slug: &str) -> String {
        format!("/c/{slug}/issues?{}", query_string(&self.pairs()))
    }
}

/// Options for a select: an "any" choice first, then `choices` (value, label), the current one selected.
fn options(any: &'static str, choices: Vec<(String, String)>, current: String) -> impl IntoView {
    let none_selected = current.is_empty();
    view! {
        <option value="" selected=none_selected>{any}</option>
        {choices
            .into_iter()
            .map(|(value, label)| {
                let selected = value == current;
                view! { <option value=value selected=selected>{label}</option> }
            })
            .collect_view()}
    }
}

fn named(names: &[String]) -> Vec<(String, String)> {
    names.iter().map(|name| (name.clone(), name.clone())).collect()
}

#[component]
pub fn IssueList() -> impl IntoView {
    let slug = use_slug();
    let query = use_query_map();
    let view_of_address = move || {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        ListView {
            status: get("status"),
            priority: get("priority"),
            issue_type: get("issue_type"),
            assignee_id: get("assignee_id"),
            team_id: get("team_id"),
            q: get("q"),
            archived: get("archived"),
            sort: get("sort"),
            cursor: get("cursor"),
        }
    };
    let tracker = Resource::new(slug, get_tracker);
    let page = Resource::new(
        move || (slug(), view_of_address()),
        |(slug, v)| {
            let given = |value: String| (!value.is_empty()).then_some(value);
            list_issue_page(
                slug,
                given(v.status),
                given(v.priority),
                given(v.issue_type),
                given(v.assignee_id),
                given(v.team_id),
                given(v.q),
                given(v.archived),
                given(v.sort),
                given(v.cursor),
            )
        },
    );
    view! {
        <Title text="Issues" />
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let tracker = match tracker.await {
                    Ok(tracker) => tracker,
                    Err(err) => return refusal(err),
                };
                let current = view_of_address();
                let page = page.await;
                view! {
                    <WorkspaceNav slug=tracker.slug.clone() />
                    <header class="page-header">
                        <h1>"Issues"</h1>
                        <Show when={
                            let can = tracker.can_write_issues && !tracker.issues.exhausted();
                            move || can
                        }>
                            <A href=format!("/c/{}/issues/new", slug()) attr:class="button button-primary">"New issue"</A>
                        </Show>
                    </header>
                    <p class="allowance muted" data-limit="issues">
                        {format!("{} on the {} plan.", tracker.issues.describe("open or resolved issues"), tracker.tier)}
                        {tracker.issues.exhausted().then(|| view! {
                            " The plan's limit is reached: archive resolved issues, or " <A href=format!("/c/{}/billing", tracker.slug)>"upgrade the plan"</A> "."
                        })}
                    </p>
                    <Filters tracker=tracker.clone() current=current.clone() />
                    {match page {
                        Ok(page) => view! { <IssueTable tracker current page /> }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.message}</p> }.into_any(),
                    }}
                }
                .into_any()
            })}
        </Transition>
    }
}

#[component]
fn Filters(tracker: Tracker, current: ListView) -> AnyView {
    let people: Vec<(String, String)> = std::iter::once(("none".to_owned(), "Nobody".to_owned()))
        .chain(tracker.people.iter().map(|p| (p.user_id.clone(), p.name.clone())))
        .collect();
    let teams: Vec<(String, String)> = std::iter::once(("none".to_owned(), "No team".to_owned()))
        .chain(tracker.teams.iter().map(|t| (t.team_id.clone(), t.name.clone())))
        .collect();
    let sorts = [
        ("-created", "Newest"),
        ("created", "Oldest"),
        ("-updated", "Recently updated"),
        ("updated", "Least recently updated"),
        ("-priority", "Highest priority"),
        ("priority", "Lowest priority"),
    ];
    let current_sort = if current.sort.is_empty() { "-created".to_owned() } else { current.sort.clone() };
    let statuses: Vec<String> = tracker.statuses.iter().map(|s| s.name.clone()).collect();
    view! {
        <Form method="GET" action="" attr:class="filters" attr:aria-label="Filter issues">
            <label>"Search" <input type="search" name="q" value=current.q.clone() placeholder="Words in the title" /></label>
            <label>"Status" <select name="status">{options("Any", named(&statuses), current.status.clone())}</select></label>
            <label>"Priority" <select name="priority">{options("Any", named(&tracker.priorities), current.priority.clone())}</select></label>
            <label>"Type" <select name="issue_type">{options("Any", named(&tracker.issue_types), current.issue_type.clone())}</select></label>
            <label>"Assignee" <select name="assignee_id">{options("Anyone", people, current.assignee_id.clone())}</select></label>
            <label>"Team" <select name="team_id">{options("Any", teams, current.team_id.clone())}</select></label>
            <label>"Sort"
                <select name="sort">
                    {sorts.into_iter().map(|(value, label)| {
                        let selected = value == current_sort;
                        view! { <option value=value selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="check">
                <input type="checkbox" name="archived" value="true" checked=current.archived == "true" />
                "Archived"
            </label>
            <button type="submit" class="button">"Apply"</button>
        </Form>
    }
    .into_any()
}

#[component]
fn IssueTable(tracker: Tracker, current: ListView, page: IssueListPage) -> impl IntoView {
    let slug = tracker.slug.clone();
    if page.items.is_empty() {
        let message = if current == ListView::default() {
            "No issues yet. Create the first one."
        } else {
            "No issues match this view."
        };
        return view! { <p class="muted empty">{message}</p> }.into_any();
    }
    let next = page.next_cursor.as_ref().map(|cursor| current.next_page(&slug, cursor));
    let first = (!current.cursor.is_empty()).then(|| current.first_page(&slug));
    view! {
        <table class="table issue-table">
            <thead>
                <tr><th>"Key"</th><th>"Title"</th><th>"Type"</th><th>"Priority"</th><th>"Status"</th><th>"Assignee"</th><th>"Team"</th><th>"Updated"</th></tr>
            </thead>
            <tbody>
                {page.items.into_iter().map(|issue| {
                    let href = format!("/c/{slug}/issues/{}", issue.number);
                    let assignee = issue.assignee_id.as_deref().map(|id| tracker.person_name(id)).unwrap_or_default();
                    let team = issue.team_id.as_deref().map(|id| tracker.team_name(id)).unwrap_or_default();
                    let key = issue.key.clone();
                    view! {
                        <tr data-key=issue.key>
                            <td><A href=href.clone()>{key}</A></td>
                            <td><A href=href>{issue.title}</A></td>
                            <td>{issue.issue_type}</td>
                            <td>{issue.priority}</td>
                            <td>{issue.status}</td>
                            <td>{assignee}</td>
                            <td>{team}</td>
                            <td title=short_time(&issue.updated_at)>{issue.updated_at.get(..10).unwrap_or_default().to_owned()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <nav class="pager" aria-label="Pages">
            {first.map(|href| view! { <A href=href>"First page"</A> })}
            {next.map(|href| view! { <A href=href attr:rel="next">"Next page"</A> })}
        </nav>
    }
    .into_any()
}

/// `/c/{slug}/issues/new`.
#[component]
pub fn NewIssue() -> impl IntoView {
    let slug = use_slug();
    let tracker = Resource::new(slug, get_tracker);
    let create = ServerAction::<CreateIssue>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(issue)) = create.value().get() {
            navigate(&format!("/c/{}/issues/{}", slug(), issue.number), Default::default());
        }
    });
    let error = move |field: &'static str| {
        move || create.value().get().and_then(Result::err).and_then(|err| err.field(field).map(str::to_owned))
    };
    let general = move || {
        create.value().get().and_then(Result::err).filter(|err| err.field("title").is_none()).map(|err| err.message)
    };
    view! {
        <Title text="New issue" />
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let tracker = match tracker.await {
                    Ok(tracker) => tracker,
                    Err(err) => return refusal(err),
                };
                view! {
                    <WorkspaceNav slug=tracker.slug.clone() />
                    <h1>"New issue"</h1>
                    <ActionForm action=create attr:class="form issue-form">
                        <input type="hidden" name="slug" value=tracker.slug.clone() />
                        <label for="issue-title">"Title"</label>
                        <input id="issue-title" name="title" required maxlength="200" autofocus />
                        <p class="error">{error("title")}</p>
                        <label for="issue-description">"Description"</label>
                        <textarea id="issue-description" name="description" rows="6" maxlength="20000"></textarea>
                        <p class="error">{error("description")}</p>
                        <IssueFields tracker=tracker.clone() issue=None error=Signal::derive(move || create.value().get().and_then(Result::err)) />
                        <p class="error" role="alert">{general}</p>
                        <button type="submit" class="button button-primary" disabled=move || create.pending().get()>
                            "Create issue"
                        </button>
                    </ActionForm>
                }
                .into_any()
            })}
        </Transition>
    }
}

/// The selects an issue is described by, shared by the create and edit forms, and its custom
/// fields; `error` is the form's last refusal, for the custom fields' own messages.
#[component]
pub fn IssueFields(
    tracker: Tracker,
    issue: Option<crate::issues::IssueView>,
    #[prop(into)] error: Signal<Option<crate::error::AppError>>,
) -> AnyView {
    let pick = |current: Option<&str>, choices: Vec<(String, String)>, first_by_default: bool| {
        let current = current
            .map(str::to_owned)
            .or_else(|| first_by_default.then(|| choices.first().map(|c| c.0.clone())).flatten());
        choices
            .into_iter()
            .map(|(value, label)| {
                let selected = current.as_deref() == Some(value.as_str());
                view! { <option value=value selected=selected>{label}</option> }
            })
            .collect_view()
    };
    let statuses: Vec<String> = tracker.statuses.iter().map(|s| s.name.clone()).collect();
    let people: Vec<(String, String)> = tracker.assignable().map(|p| (p.user_id.clone(), p.name.clone())).collect();
    let teams: Vec<(String, String)> = tracker.teams.iter().map(|t| (t.team_id.clone(), t.name.clone())).collect();
    let issue = issue.as_ref();
    let priority_default = tracker.priorities.get(tracker.priorities.len().saturating_sub(1) / 2).cloned();
    view! {
        <div class="field-grid">
            <label>"Type" <select name="issue_type">{pick(issue.map(|i| i.issue_type.as_str()), named(&tracker.issue_types), true)}</select></label>
            <label>"Priority"
                <select name="priority">
                    {pick(issue.map(|i| i.priority.as_str()).or(priority_default.as_deref()), named(&tracker.priorities), true)}
                </select>
            </label>
            <label>"Status" <select name="status">{pick(issue.map(|i| i.status.as_str()), named(&statuses), true)}</select></label>
            <label>"Assignee"
                <select name="assignee_id">
                    <option value="">"Nobody"</option>
                    {pick(issue.and_then(|i| i.assignee_id.as_deref()), people, false)}
                </select>
            </label>
            <label>"Team"
                <select name="team_id">
                    <option value="">"No team"</option>
                    {pick(issue.and_then(|i| i.team_id.as_deref()), teams, false)}
                </select>
            </label>
        </div>
        <CustomFieldInputs fields=tracker.custom_fields.clone() values=issue.map(|i| i.custom_fields.clone()).unwrap_or_default() error />
    }
    .into_any()
}

/// One input per custom field, of its type; the form sends them as one JSON object.
#[component]
fn CustomFieldInputs(
    fields: Vec<FieldView>,
    values: serde_json::Value,
    error: Signal<Option<crate::error::AppError>>,
) -> AnyView {
    use serde_json::Value;
    let text = |value: Option<&Value>| match value {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        _ => String::new(),
    };
    // Every field is sent: an empty one clears its value.
    let entered: Vec<(FieldView, RwSignal<Value>)> = fields
        .into_iter()
        .map(|field| {
            let initial = match (field.kind.as_str(), values.get(&field.name)) {
                ("checkbox", value) => Value::Bool(value.and_then(Value::as_bool).unwrap_or(false)),
                (_, value) => Value::String(text(value)),
            };
            (field, RwSignal::new(initial))
        })
        .collect();
    let names: Vec<(String, RwSignal<Value>)> = entered.iter().map(|(f, v)| (f.name.clone(), *v)).collect();
    let json = move || {
        let object: serde_json::Map<String, Value> = names
            .iter()
            .map(|(name, value)| {
                let value = match value.get() {
                    Value::String(text) if text.trim().is_empty() => Value::Null,
                    other => other,
                };
                (name.clone(), value)
            })
            .collect();
        Value::Object(object).to_string()
    };
    (!entered.is_empty()).then(|| {
        view! {
            <fieldset class="field-grid custom-fields">
                <legend>"Custom fields"</legend>
                <input type="hidden" name="custom_fields" value=json />
                {entered.into_iter().map(|(field, value)| {
                    let id = format!("cf-{}", field.name.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
                    let key = format!("custom_fields.{}", field.name);
                    let message = move || error.get().and_then(|err| err.field(&key).map(str::to_owned));
                    let label = if field.required { format!("{} (required)", field.name) } else { field.name.clone() };
                    let current = move || text(Some(&value.get()));
                    let set = move |e: leptos::ev::Event| value.set(Value::String(event_target_value(&e)));
                    let input = match field.kind.as_str() {
                        "checkbox" => view! {
                            <input id=id.clone() type="checkbox" prop:checked=move || value.get().as_bool().unwrap_or(false)
                                on:change=move |e| value.set(Value::Bool(event_target_checked(&e))) />
                        }.into_any(),
                        "select" => {
                            let chosen = current();
                            view! {
                                <select id=id.clone() on:change=set>
                                    <option value="">"—"</option>
                                    {field.options.iter().map(|option| {
                                        let selected = *option == chosen;
                                        view! { <option value=option.clone() selected=selected>{option.clone()}</option> }
                                    }).collect_view()}
                                </select>
                            }.into_any()
                        }
                        kind => {
                            let kind = match kind { "number" | "date" => kind, _ => "text" };
                            view! { <input id=id.clone() type=kind step="any" prop:value=current on:input=set /> }.into_any()
                        }
                    };
                    view! {
                        <label for=id>{label} {input}</label>
                        <p class="error">{message}</p>
                    }
                }).collect_view()}
            </fieldset>
        }
    })
    .into_any()
}
