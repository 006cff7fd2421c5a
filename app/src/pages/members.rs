//! `/c/{slug}/members`: the company's people; owners and admins invite, change roles, deactivate.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::refusal;
use super::workspace::{WorkspaceNav, use_slug};
use crate::tracker::{ChangeMemberRole, DeactivateMember, InviteMember, PersonView, get_tracker};

const ROLES: [&str; 4] = ["viewer", "member", "admin", "owner"];

#[component]
pub fn Members() -> impl IntoView {
    let slug = use_slug();
    let invite = ServerAction::<InviteMember>::new();
    let change = ServerAction::<ChangeMemberRole>::new();
    let deactivate = ServerAction::<DeactivateMember>::new();
    let tracker = Resource::new(
        move || (slug(), invite.version().get(), change.version().get(), deactivate.version().get()),
        |(slug, ..)| get_tracker(slug),
    );
    let confirming = RwSignal::new(None::<String>);
    let invite_error = move |field: &'static str| {
        move || invite.value().get().and_then(Result::err).and_then(|err| err.field(field).map(str::to_owned))
    };
    let invited = move || invite.value().get().and_then(Result::ok);
    view! {
        <Title text="Members" />
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let tracker = match tracker.await {
                    Ok(tracker) => tracker,
                    Err(err) => return refusal(err),
                };
                let manage = tracker.can_manage_members;
                let full = tracker.users.exhausted();
                let slug = StoredValue::new(tracker.slug.clone());
                view! {
                    <WorkspaceNav slug=slug.get_value() />
                    <h1>"Members"</h1>
                    <p class="allowance" data-limit="users">
                        {format!("{} on the {} plan.", tracker.users.describe("users"), tracker.tier)}
                        {tracker.users.exhausted().then(|| view! {
                            " The plan's limit is reached: " <A href=format!("/c/{}/billing", tracker.slug)>"an owner can upgrade the plan"</A> " to invite more people."
                        })}
                    </p>
                    <Show when=move || manage>
                        <ActionForm action=invite attr:class="form form-inline invite-form">
                            <input type="hidden" name="slug" value=move || slug.get_value() />
                            <label for="invite-email">"Email"</label>
                            <input id="invite-email" name="email" type="email" required />
                            <p class="error">{invite_error("email")}</p>
                            <label for="invite-name">"Name"</label>
                            <input id="invite-name" name="name" required maxlength="100" />
                            <p class="error">{invite_error("name")}</p>
                            <label for="invite-role">"Role"</label>
                            <select id="invite-role" name="role">
                                {ROLES.into_iter().map(|role| view! { <option value=role selected=role == "member">{role}</option> }).collect_view()}
                            </select>
                            <p class="error">{invite_error("role")}</p>
                            <button type="submit" class="button button-primary" disabled=full>"Send invitation"</button>
                        </ActionForm>
                        {move || invited().map(|person| view! {
                            <p class="notice" role="status">{format!("Invitation sent to {}: the link works for 72 hours.", person.email)}</p>
                        })}
                    </Show>
                    <p class="error" role="alert">
                        {move || change.value().get().and_then(Result::err).or_else(|| deactivate.value().get().and_then(Result::err)).map(|e| e.message)}
                    </p>
                    <table class="table">
                        <thead><tr><th>"Name"</th><th>"Email"</th><th>"Role"</th><th>"Status"</th><th></th></tr></thead>
                        <tbody>
                            {tracker.people.clone().into_iter().map(|person| view! {
                                <PersonRow person slug=tracker.slug.clone() manage change deactivate confirming />
                            }.into_any()).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            })}
        </Transition>
    }
}

#[component]
fn PersonRow(
    person: PersonView,
    slug: String,
    manage: bool,
    change: ServerAction<ChangeMemberRole>,
    deactivate: ServerAction<DeactivateMember>,
    confirming: RwSignal<Option<String>>,
) -> AnyView {
    let active = person.status != "deactivated";
    let (form_slug, form_id) = (StoredValue::new(slug), StoredValue::new(person.user_id.clone()));
    let asked = move || confirming.get().as_deref() == Some(form_id.get_value().as_str());
    view! {
        <tr data-email=person.email.clone()>
            <td>{person.name.clone()}</td>
            <td>{person.email.clone()}</td>
            <td>
                {if manage && active {
                    view! {
                        <ActionForm action=change attr:class="inline-form">
                            <input type="hidden" name="slug" value=move || form_slug.get_value() />
                            <input type="hidden" name="user_id" value=move || form_id.get_value() />
                            <select name="role" aria-label=format!("Role of {}", person.name)>
                                {ROLES.into_iter().map(|role| view! { <option value=role selected=role == person.role>{role}</option> }).collect_view()}
                            </select>
                            <button type="submit" class="button button-small">"Save"</button>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! { {person.role.clone()} }.into_any()
                }}
            </td>
            <td>{person.status.clone()}</td>
            <td>
                <Show when=move || manage && active>
                    <Show
                        when=asked
                        fallback=move || view! {
                            <button type="button" class="button button-small" on:click=move |_| confirming.set(Some(form_id.get_value()))>"Deactivate"</button>
                        }
                    >
                        <ActionForm action=deactivate attr:class="inline-form">
                            <input type="hidden" name="slug" value=move || form_slug.get_value() />
                            <input type="hidden" name="user_id" value=move || form_id.get_value() />
                            <button type="submit" class="button button-danger button-small">"Yes, deactivate"</button>
                            <button type="button" class="button button-small" on:click=move |_| confirming.set(None)>"Keep"</button>
                        </ActionForm>
                    </Show>
                </Show>
            </td>
        </tr>
    }
    .into_any()
}
