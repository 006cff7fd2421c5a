//! `/c/{slug}/teams`: create and rename teams, add and remove their members.

use leptos::prelude::*;
use leptos_meta::Title;

use super::refusal;
use super::workspace::{WorkspaceNav, use_slug};
use crate::issues::TeamView;
use crate::tracker::{ChangeTeamMember, CreateTeam, RenameTeam, Tracker, get_tracker};

#[component]
pub fn Teams() -> impl IntoView {
    let slug = use_slug();
    let create = ServerAction::<CreateTeam>::new();
    let rename = ServerAction::<RenameTeam>::new();
    let membership = ServerAction::<ChangeTeamMember>::new();
    let tracker = Resource::new(
        move || (slug(), create.version().get(), rename.version().get(), membership.version().get()),
        |(slug, ..)| get_tracker(slug),
    );
    view! {
        <Title text="Teams" />
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let tracker = match tracker.await {
                    Ok(tracker) => tracker,
                    Err(err) => return refusal(err),
                };
                let manage = tracker.can_manage_teams;
                view! {
                    <WorkspaceNav slug=tracker.slug.clone() />
                    <h1>"Teams"</h1>
                    <Show when=move || manage>
                        <ActionForm action=create attr:class="form form-inline">
                            <input type="hidden" name="slug" value=slug />
                            <label for="team-name">"New team"</label>
                            <input id="team-name" name="name" required maxlength="100" placeholder="Platform" />
                            <button type="submit" class="button button-primary">"Create team"</button>
                            <p class="error" role="alert">{move || create.value().get().and_then(Result::err).map(|e| e.message)}</p>
                        </ActionForm>
                    </Show>
                    <p class="error" role="alert">
                        {move || rename.value().get().and_then(Result::err).or_else(|| membership.value().get().and_then(Result::err)).map(|e| e.message)}
                    </p>
                    {tracker.teams.clone().into_iter().map(|team| view! {
                        <TeamCard tracker=tracker.clone() team rename membership />
                    }).collect_view()}
                }
                .into_any()
            })}
        </Transition>
    }
}

#[component]
fn TeamCard(
    tracker: Tracker,
    team: TeamView,
    rename: ServerAction<RenameTeam>,
    membership: ServerAction<ChangeTeamMember>,
) -> AnyView {
    let manage = tracker.can_manage_teams;
    let slug = StoredValue::new(tracker.slug.clone());
    let team_id = StoredValue::new(team.team_id.clone());
    let team_name = StoredValue::new(team.name.clone());
    let members: Vec<(String, String)> =
        team.member_ids.iter().map(|id| (id.clone(), tracker.person_name(id))).collect();
    let outsiders: Vec<(String, String)> = tracker
        .assignable()
        .filter(|p| !team.member_ids.contains(&p.user_id))
        .map(|p| (p.user_id.clone(), p.name.clone()))
        .collect();
    let rename_form = manage.then(|| {
        view! {
            <ActionForm action=rename attr:class="form-inline">
                <input type="hidden" name="slug" value=slug.get_value() />
                <input type="hidden" name="team_id" value=team_id.get_value() />
                <label>"Name" <input name="name" required maxlength="100" value=team_name.get_value() /></label>
                <button type="submit" class="button">"Rename"</button>
            </ActionForm>
        }
    });
    let member_list = if members.is_empty() {
        view! { <p class="muted">"No members yet."</p> }.into_any()
    } else {
        view! {
            <ul class="members">
                {members.into_iter().map(|(user_id, name)| {
                    let label = format!("Remove {name} from {}", team_name.get_value());
                    let remove = manage.then(|| view! {
                        <ActionForm action=membership attr:class="inline-form">
                            <input type="hidden" name="slug" value=slug.get_value() />
                            <input type="hidden" name="team_id" value=team_id.get_value() />
                            <input type="hidden" name="user_id" value=user_id />
                            <input type="hidden" name="member" value="false" />
                            <button type="submit" class="button button-small" aria-label=label>"Remove"</button>
                        </ActionForm>
                    });
                    view! { <li>{name} {remove}</li> }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let add_form = (manage && !outsiders.is_empty()).then(|| {
        view! {
            <ActionForm action=membership attr:class="form-inline">
                <input type="hidden" name="slug" value=slug.get_value() />
                <input type="hidden" name="team_id" value=team_id.get_value() />
                <input type="hidden" name="member" value="true" />
                <label>"Add"
                    <select name="user_id" aria-label=format!("Add to {}", team_name.get_value())>
                        {outsiders.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="button">"Add member"</button>
            </ActionForm>
        }
    });
    view! {
        <section class="team" data-team=team_name.get_value()>
            <h2>{team_name.get_value()}</h2>
            {rename_form}
            {member_list}
            {add_form}
        </section>
    }
    .into_any()
}
