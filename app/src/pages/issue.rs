//! `/c/{slug}/issues/{number}`: one issue to edit, comment on, archive or delete, with its history.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::issues::IssueFields;
use super::refusal;
use super::workspace::{WorkspaceNav, short_time, use_slug};
use crate::issues::{
    ActivityView, AddComment, DeleteIssue, IssueDetail, SetIssueArchived, UpdateIssue, get_issue_detail,
};
use crate::tracker::{Tracker, get_tracker};

#[component]
pub fn IssuePage() -> impl IntoView {
    let slug = use_slug();
    let params = use_params_map();
    let number = move || params.read().get("number").and_then(|n| n.parse::<i64>().ok()).unwrap_or(0);
    let update = ServerAction::<UpdateIssue>::new();
    let archive = ServerAction::<SetIssueArchived>::new();
    let comment = ServerAction::<AddComment>::new();
    let delete = ServerAction::<DeleteIssue>::new();
    let tracker = Resource::new(slug, get_tracker);
    let detail = Resource::new(
        move || (slug(), number(), update.version().get(), archive.version().get(), comment.version().get()),
        |(slug, number, ..)| get_issue_detail(slug, number),
    );
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            navigate(&format!("/c/{}/issues", slug()), Default::default());
        }
    });
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (tracker, detail) = match (tracker.await, detail.await) {
                    (Ok(tracker), Ok(detail)) => (tracker, detail),
                    (Err(err), _) | (_, Err(err)) => return refusal(err),
                };
                view! { <IssueView tracker detail update archive comment delete /> }.into_any()
            })}
        </Transition>
    }
}

#[component]
fn IssueView(
    tracker: Tracker,
    detail: IssueDetail,
    update: ServerAction<UpdateIssue>,
    archive: ServerAction<SetIssueArchived>,
    comment: ServerAction<AddComment>,
    delete: ServerAction<DeleteIssue>,
) -> AnyView {
    let issue = detail.issue.clone();
    let slug = tracker.slug.clone();
    let editable = tracker.can_write_issues && !issue.archived;
    let error = move |field: &'static str| {
        move || update.value().get().and_then(Result::err).and_then(|err| err.field(field).map(str::to_owned))
    };
    let update_error = move || update.value().get().and_then(Result::err).map(|err| err.message);
    let archive_error = move || archive.value().get().and_then(Result::err).map(|err| err.message);
    let saved = move || matches!(update.value().get(), Some(Ok(_)));
    let confirming_delete = RwSignal::new(false);
    let (form_slug, form_id) = (StoredValue::new(slug.clone()), StoredValue::new(issue.issue_id.clone()));
    let can_archive = tracker.can_write_issues && issue.resolved_at.is_some();
    let can_delete = tracker.can_delete_issues;
    let history: Vec<(String, String)> =
        detail.activity.iter().map(|line| (describe(&tracker, line), short_time(&line.at))).collect();
    let (title, description) = (issue.title.clone(), issue.description.clone().unwrap_or_default());
    let (form_issue, form_tracker) = (issue.clone(), tracker.clone());
    let archived = issue.archived;
    view! {
        <Title text=format!("{} {}", issue.key, issue.title) />
        <WorkspaceNav slug=slug.clone() />
        <p class="breadcrumbs"><A href=format!("/c/{slug}/issues")>"Issues"</A> " / " {issue.key.clone()}</p>
        <header class="page-header">
            <h1><span class="issue-key">{issue.key.clone()}</span> " " {issue.title.clone()}</h1>
            <span class="badge" data-status=issue.status.clone()>{issue.status.clone()}</span>
        </header>
        {issue.archived.then(|| view! {
            <p class="notice" role="status">"This issue is archived: it is read-only and hidden from lists. Restore it to change it."</p>
        })}
        <div class="issue-layout">
            <section class="issue-main">
                <ActionForm action=update attr:class="form issue-form">
                    <fieldset disabled=!editable>
                        <input type="hidden" name="slug" value=move || form_slug.get_value() />
                        <input type="hidden" name="issue_id" value=move || form_id.get_value() />
                        <label for="issue-title">"Title"</label>
                        <input id="issue-title" name="title" required maxlength="200" value=title />
                        <p class="error">{error("title")}</p>
                        <label for="issue-description">"Description"</label>
                        <textarea id="issue-description" name="description" rows="6" maxlength="20000">
                            {description}
                        </textarea>
                        <p class="error">{error("description")}</p>
                        <IssueFields tracker=form_tracker issue=Some(form_issue) error=Signal::derive(move || update.value().get().and_then(Result::err)) />
                        <p class="error" role="alert">{update_error}</p>
                        <Show when=move || editable>
                            <button type="submit" class="button button-primary">"Save changes"</button>
                            <Show when=saved><span class="muted" role="status">" Saved."</span></Show>
                        </Show>
                    </fieldset>
                </ActionForm>
                <section class="comments" aria-labelledby="comments-heading">
                    <h2 id="comments-heading">"Comments"</h2>
                    {if detail.comments.is_empty() {
                        view! { <p class="muted">"No comments yet."</p> }.into_any()
                    } else {
                        view! {
                            <ol class="comment-list">
                                {detail.comments.iter().map(|c| view! {
                                    <li class="comment">
                                        <p class="muted">{c.author_name.clone().unwrap_or_else(|| "someone".into())} " · " {short_time(&c.created_at)}</p>
                                        <p class="comment-body">{c.body.clone()}</p>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                    <Show when=move || editable>
                        <ActionForm action=comment attr:class="form">
                            <input type="hidden" name="slug" value=move || form_slug.get_value() />
                            <input type="hidden" name="issue_id" value=move || form_id.get_value() />
                            <label for="comment-body">"Add a comment"</label>
                            <textarea id="comment-body" name="body" rows="3" required maxlength="20000"></textarea>
                            <p class="error">{move || comment.value().get().and_then(Result::err).map(|e| e.message)}</p>
                            <button type="submit" class="button">"Comment"</button>
                        </ActionForm>
                    </Show>
                </section>
            </section>
            <aside class="issue-side">
                <dl class="facts">
                    <dt>"Created"</dt><dd>{short_time(&issue.created_at)}</dd>
                    <dt>"Updated"</dt><dd>{short_time(&issue.updated_at)}</dd>
                    <dt>"Resolved"</dt><dd>{issue.resolved_at.as_deref().map(short_time).unwrap_or_else(|| "not yet".into())}</dd>
                </dl>
                <Show when=move || can_archive>
                    <ActionForm action=archive attr:class="inline-form">
                        <input type="hidden" name="slug" value=move || form_slug.get_value() />
                        <input type="hidden" name="issue_id" value=move || form_id.get_value() />
                        <input type="hidden" name="archived" value=(!archived).to_string() />
                        <button type="submit" class="button">{if archived { "Restore" } else { "Archive" }}</button>
                    </ActionForm>
                </Show>
                <p class="error" role="alert">{archive_error}</p>
                <Show when=move || can_delete>
                    <Show
                        when=move || confirming_delete.get()
                        fallback=move || view! {
                            <button type="button" class="button button-danger" on:click=move |_| confirming_delete.set(true)>"Delete issue"</button>
                        }
                    >
                        <ActionForm action=delete attr:class="inline-form confirm">
                            <p>"Delete this issue, its comments and history for good?"</p>
                            <input type="hidden" name="slug" value=move || form_slug.get_value() />
                            <input type="hidden" name="issue_id" value=move || form_id.get_value() />
                            <button type="submit" class="button button-danger">"Yes, delete it"</button>
                            <button type="button" class="button" on:click=move |_| confirming_delete.set(false)>"Keep it"</button>
                        </ActionForm>
                    </Show>
                </Show>
                <h2>"History"</h2>
                <ol class="activity">
                    {history.into_iter().map(|(line, at)| view! { <li>{line} <span class="muted">{format!(" · {at}")}</span></li> }).collect_view()}
                </ol>
            </aside>
        </div>
    }
    .into_any()
}

/// One history line in words: "Ada moved status from Open to Closed".
fn describe(tracker: &Tracker, line: &ActivityView) -> String {
    if line.actor_id.is_none() && line.field == "created" {
        return "Created as sample data".to_owned();
    }
    let who = line.actor_name.clone().unwrap_or_else(|| "Someone".into());
    let value = |value: &Option<String>| match (line.field.as_str(), value) {
        (_, None) => "nothing".to_owned(),
        ("assignee_id", Some(id)) => tracker.person_name(id),
        ("team_id", Some(id)) => tracker.team_name(id),
        (_, Some(value)) => value.clone(),
    };
    match line.field.as_str() {
        "created" => format!("{who} created the issue"),
        "description" => format!("{who} edited the description"),
        "custom_fields" => format!("{who} changed custom fields"),
        "archived" if line.new_value.as_deref() == Some("true") => format!("{who} archived the issue"),
        "archived" => format!("{who} restored the issue"),
        field => {
            let name = match field {
                "assignee_id" => "assignee",
                "team_id" => "team",
                "issue_type" => "type",
                other => other,
            };
            format!("{who} changed {name} from {} to {}", value(&line.old_value), value(&line.new_value))
        }
    }
}
