//! `/c/{slug}/board`: one column per status; moving a card (drag, or its Move control) changes its status.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::refusal;
use super::workspace::{WorkspaceNav, query_string, use_slug};
use crate::issues::{BoardColumn, IssueView, MoveIssue, get_board};
use crate::tracker::{Tracker, get_tracker};

#[component]
pub fn Board() -> impl IntoView {
    let slug = use_slug();
    let move_issue = ServerAction::<MoveIssue>::new();
    let tracker = Resource::new(slug, get_tracker);
    let board = Resource::new(move || (slug(), move_issue.version().get()), |(slug, _)| get_board(slug));
    // The card being dragged, by issue id.
    let dragged = RwSignal::new(None::<String>);
    view! {
        <Title text="Board" />
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (tracker, columns) = match (tracker.await, board.await) {
                    (Ok(tracker), Ok(columns)) => (tracker, columns),
                    (Err(err), _) | (_, Err(err)) => return refusal(err),
                };
                view! {
                    <WorkspaceNav slug=tracker.slug.clone() />
                    <h1>"Board"</h1>
                    <p class="error" role="alert">{move || move_issue.value().get().and_then(Result::err).map(|e| e.message)}</p>
                    <div class="board">
                        {columns.into_iter().map(|column| view! {
                            <Column tracker=tracker.clone() column move_issue dragged />
                        }).collect_view()}
                    </div>
                }
                .into_any()
            })}
        </Transition>
    }
}

#[component]
fn Column(
    tracker: Tracker,
    column: BoardColumn,
    move_issue: ServerAction<MoveIssue>,
    dragged: RwSignal<Option<String>>,
) -> AnyView {
    let slug = tracker.slug.clone();
    let status = column.status.clone();
    let drop = {
        let (slug, status) = (slug.clone(), status.clone());
        move |event: leptos::ev::DragEvent| {
            event.prevent_default();
            if let Some(issue_id) = dragged.get_untracked() {
                dragged.set(None);
                move_issue.dispatch(MoveIssue { slug: slug.clone(), issue_id, status: status.clone() });
            }
        }
    };
    let more = column.more.then(|| format!("/c/{slug}/issues?{}", query_string(&[("status", status.clone())])));
    view! {
        <section
            class="board-column"
            data-status=status.clone()
            aria-label=status.clone()
            on:dragover=|event: leptos::ev::DragEvent| event.prevent_default()
            on:drop=drop
        >
            <h2>{status.clone()} <span class="muted">{format!(" {}", column.issues.len())}</span></h2>
            {column.issues.into_iter().map(|issue| view! { <Card tracker=tracker.clone() issue move_issue dragged /> }).collect_view()}
            {more.map(|href| view! { <A href=href>"All issues in this status"</A> })}
        </section>
    }
    .into_any()
}

#[component]
fn Card(
    tracker: Tracker,
    issue: IssueView,
    move_issue: ServerAction<MoveIssue>,
    dragged: RwSignal<Option<String>>,
) -> AnyView {
    let id = issue.issue_id.clone();
    let can_move = tracker.can_write_issues;
    let assignee = issue.assignee_id.as_deref().map(|id| tracker.person_name(id));
    let href = format!("/c/{}/issues/{}", tracker.slug, issue.number);
    let key = issue.key.clone();
    let move_label = format!("Move {} to", issue.key);
    let (slug, issue_id, current) = (tracker.slug.clone(), issue.issue_id.clone(), issue.status.clone());
    let statuses: Vec<String> = tracker.statuses.iter().map(|s| s.name.clone()).collect();
    view! {
        <article
            class="card"
            data-key=issue.key.clone()
            draggable=can_move.to_string()
            on:dragstart=move |_| dragged.set(Some(id.clone()))
        >
            <A href=href>
                <span class="issue-key">{key}</span> " " {issue.title.clone()}
            </A>
            <p class="muted">{issue.priority.clone()} " · " {issue.issue_type.clone()} {assignee.map(|name| format!(" · {name}"))}</p>
            {can_move.then(|| view! {
                <ActionForm action=move_issue attr:class="move-form">
                    <input type="hidden" name="slug" value=slug />
                    <input type="hidden" name="issue_id" value=issue_id />
                    <select name="status" aria-label=move_label>
                        {statuses.into_iter().map(|name| {
                            let selected = name == current;
                            let value = name.clone();
                            view! { <option value=value selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button">"Move"</button>
                </ActionForm>
            })}
        </article>
    }
    .into_any()
}
