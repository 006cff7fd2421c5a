//! `/admin/companies/{id}`: one company's profile, usage against its limits and recent audit events,
//! with the operator's actions, each behind a dialog that asks for confirmation.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::ConsoleNav;
use crate::billing::{ChangePlan, PreviewPlanChange};
use crate::console::{
    CompanyAdminView, REASON_CODES, ReactivateCompany, SetCompanyLimits, SuspendCompany, get_company_admin,
};
use crate::pages::billing::{Preview, usage_bar};
use crate::pages::refusal;

/// The actions of this page; the company is read again after each one that succeeds.
#[derive(Clone, Copy)]
struct Actions {
    suspend: ServerAction<SuspendCompany>,
    reactivate: ServerAction<ReactivateCompany>,
    limits: ServerAction<SetCompanyLimits>,
    preview: ServerAction<PreviewPlanChange>,
    change: ServerAction<ChangePlan>,
}

#[component]
pub fn CompanyAdmin() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let actions = Actions {
        suspend: ServerAction::new(),
        reactivate: ServerAction::new(),
        limits: ServerAction::new(),
        preview: ServerAction::new(),
        change: ServerAction::new(),
    };
    // Only a success reads the company again (a refused form stays as typed), each action on its own.
    let saved = RwSignal::new(0);
    macro_rules! reread_after_success {
        ($($action:expr),*) => {$(
            Effect::new(move || {
                if $action.value().get().is_some_and(|answer| answer.is_ok()) {
                    saved.update(|n| *n += 1);
                }
            });
        )*};
    }
    reread_after_success!(actions.suspend, actions.reactivate, actions.limits, actions.change);
    // A preview describes the tier the company was on; after a move it no longer holds.
    Effect::new(move || {
        if actions.change.value().get().is_some_and(|answer| answer.is_ok()) {
            actions.preview.value().set(None);
        }
    });
    let company = Resource::new(move || (id(), saved.get()), |(id, _)| get_company_admin(id));
    view! {
        <ConsoleNav />
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match company.await {
                    Ok(data) => view! { <Profile data actions /> }.into_any(),
                    Err(err) => refusal(err),
                }
            })}
        </Transition>
    }
}

#[component]
fn Profile(data: CompanyAdminView, actions: Actions) -> AnyView {
    let suspended = data.suspension.is_some();
    view! {
        <Title text=data.name.clone() />
        <h1>
            {data.name.clone()}" "
            <span class=format!("badge status-{}", data.status) data-status=data.status.clone()>{data.status.clone()}</span>
        </h1>
        {data.suspension.clone().map(|s| view! {
            <div class="notice notice-warning" role="status">
                <p><strong>{format!("Suspended since {}: {}", s.since, s.reason)}</strong>{format!(" ({})", s.reason_code)}</p>
                <p>{s.until.map_or_else(
                    || "No reactivation date: it stays suspended until reactivated here.".to_owned(),
                    |until| format!("Reactivated automatically on {until}."),
                )}</p>
            </div>
        })}
        <dl class="figures profile">
            <div><dt>"Tier"</dt><dd data-figure="tier">{data.tier.clone()}</dd></div>
            <div><dt>"Address"</dt><dd><A href=format!("/c/{}", data.slug)>{format!("/c/{}", data.slug)}</A></dd></div>
            <div><dt>"Owner"</dt><dd>{data.owner_email.clone()}</dd></div>
            <div><dt>"Signed up"</dt><dd>{data.created.clone()}</dd></div>
            <div><dt>"Last activity"</dt><dd>{data.last_active.clone()}</dd></div>
        </dl>
        <section class="usage" aria-label="Usage">
            {data.usage.clone().into_iter().map(usage_bar).collect_view()}
        </section>
        <h2>"Actions"</h2>
        <div class="console-actions">
            {if suspended {
                view! { <ReactivateDialog data=data.clone() action=actions.reactivate /> }.into_any()
            } else {
                view! { <SuspendDialog data=data.clone() action=actions.suspend /> }.into_any()
            }}
            <TierDialog data=data.clone() preview=actions.preview change=actions.change />
            <LimitsDialog data=data.clone() action=actions.limits />
        </div>
        <section class="panel" aria-labelledby="audit-heading">
            <h2 id="audit-heading">"Recent audit events"</h2>
            <table class="table">
                <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th></tr></thead>
                <tbody>
                    {data.audit.into_iter().map(|e| view! {
                        <tr><td>{e.at}</td><td>{e.actor}</td><td>{e.action}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <A href=format!("/c/{}/settings/audit", data.slug)>"The whole audit log"</A>
        </section>
    }
    .into_any()
}

/// A button that opens a dialog holding an action's form; the form's own button confirms.
#[component]
fn ActionDialog(
    label: &'static str,
    title: String,
    open: RwSignal<bool>,
    #[prop(optional)] danger: bool,
    children: Children,
) -> impl IntoView {
    let class = if danger { "button button-danger" } else { "button" };
    view! {
        <button type="button" class=class on:click=move |_| open.set(true)>{label}</button>
        <dialog class="confirm-dialog" open=move || open.get() aria-label=title.clone()>
            <h3>{title.clone()}</h3>
            {children()}
            <button type="button" class="button button-small" on:click=move |_| open.set(false)>"Cancel"</button>
        </dialog>
    }
}

#[component]
fn SuspendDialog(data: CompanyAdminView, action: ServerAction<SuspendCompany>) -> impl IntoView {
    let open = RwSignal::new(false);
    let title = format!("Suspend {}", data.name);
    view! {
        <ActionDialog label="Suspend…" title=title.clone() open danger=true>
            <p>"Its people and API tokens are refused from their next request on; nothing of its data changes. The owner is mailed."</p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="id" value=data.id.clone() />
                <label>"Reason"
                    <select name="reason_code">
                        {REASON_CODES.map(|(value, label)| view! { <option value=value>{label}</option> })}
                    </select>
                </label>
                <label>"Explanation shown to its people"<textarea name="reason" maxlength="500" placeholder="Administrative action"></textarea></label>
                <label>"Reactivate on (optional)"<input type="date" name="reactivation_date" /></label>
                <p class="error" role="alert">{move || action.value().get().and_then(Result::err).map(|e| e.message)}</p>
                <button type="submit" class="button button-danger">{title.clone()}</button>
            </ActionForm>
        </ActionDialog>
    }
}

#[component]
fn ReactivateDialog(data: CompanyAdminView, action: ServerAction<ReactivateCompany>) -> impl IntoView {
    let open = RwSignal::new(false);
    let title = format!("Reactivate {}", data.name);
    view! {
        <ActionDialog label="Reactivate…" title=title.clone() open>
            <p>"Its people and tokens get their access back at once. The owner is mailed."</p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="id" value=data.id.clone() />
                <p class="error" role="alert">{move || action.value().get().and_then(Result::err).map(|e| e.message)}</p>
                <button type="submit" class="button button-primary">{title.clone()}</button>
            </ActionForm>
        </ActionDialog>
    }
}

#[component]
fn TierDialog(
    data: CompanyAdminView,
    preview: ServerAction<PreviewPlanChange>,
    change: ServerAction<ChangePlan>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let slug = StoredValue::new(data.slug.clone());
    view! {
        <ActionDialog label="Change tier…" title=format!("Change the tier of {}", data.name) open>
            <p>"First see what the move changes; then confirm."</p>
            <ActionForm action=preview attr:class="form">
                <input type="hidden" name="slug" value=data.slug.clone() />
                <label>"New tier"
                    <select name="new_tier">
                        {data.tiers.iter().filter(|t| **t != data.tier).map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="button">"Preview the change"</button>
            </ActionForm>
            {move || preview.value().get().map(|answer| match answer {
                Ok(p) => view! { <Preview preview=p change slug=slug.get_value() /> }.into_any(),
                Err(err) => view! { <p class="error" role="alert">{err.message}</p> }.into_any(),
            })}
        </ActionDialog>
    }
}

#[component]
fn LimitsDialog(data: CompanyAdminView, action: ServerAction<SetCompanyLimits>) -> impl IntoView {
    let open = RwSignal::new(false);
    let o = &data.overrides;
    let fields = [
        ("users", "Users", o.users),
        ("issues", "Issues", o.issues),
        ("api_calls_daily", "API calls a day", o.api_calls_daily),
        ("custom_fields", "Custom fields", o.custom_fields),
        ("history_days", "Days of reporting history", o.history_days),
    ];
    view! {
        <ActionDialog label="Set limits…" title=format!("Limits of {}", data.name) open>
            <p>"A number replaces the tier's limit for this company; an empty field keeps the tier's."</p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="id" value=data.id.clone() />
                {fields.map(|(name, label, value)| view! {
                    <label>{label}
                        <input type="number" min="0" name=name value=value.map(|v| v.to_string()).unwrap_or_default() placeholder="tier's limit" />
                    </label>
                })}
                <p class="error" role="alert">{move || action.value().get().and_then(Result::err).map(|e| e.message)}</p>
                <button type="submit" class="button button-primary">"Save limits"</button>
            </ActionForm>
        </ActionDialog>
    }
}
