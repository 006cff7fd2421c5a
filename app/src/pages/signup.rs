//! `/signup`: the four-step wizard from a visitor to a ready workspace. Every step is checked by
//! the server's own rules; Back keeps everything typed; Enter moves on.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use super::landing::PlanCard;
use crate::error::AppError;
use crate::plans::list_plans;
use crate::signup::{CheckAdminStep, CheckCompanyStep, SignUp};

const STEPS: [&str; 4] = ["Company", "Admin", "Plan", "Review"];

/// The sentence for `field` in a refusal, if it names one.
fn field_error(error: Option<AppError>, field: &str) -> Option<String> {
    error.and_then(|err| err.field(field).map(str::to_owned))
}

/// Which step asks for `field`, to return to it when the server refuses it.
fn step_of(field: &str) -> u8 {
    match field {
        "company_name" | "slug" => 1,
        "admin_name" | "admin_email" | "admin_password" => 2,
        _ => 3,
    }
}

/// A rough strength hint; the server's policy decides.
fn strength(password: &str) -> (u8, &'static str) {
    let chars = password.chars().count();
    let kinds = [char::is_lowercase, char::is_uppercase, char::is_numeric, |c: char| !c.is_alphanumeric()]
        .iter()
        .filter(|kind| password.chars().any(kind))
        .count();
    match (chars, kinds) {
        (0, _) => (0, "At least 8 characters; a few words make a strong passphrase."),
        (1..=7, _) => (1, "Too short: at least 8 characters."),
        (8..=11, 1) => (2, "Fair: longer, or mixed characters, would be stronger."),
        (8..=11, _) | (12..=15, 1) => (3, "Good."),
        _ => (4, "Strong."),
    }
}

#[component]
pub fn Signup() -> impl IntoView {
    let step = RwSignal::new(1u8);
    let company_name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let slug_edited = RwSignal::new(false);
    let admin_name = RwSignal::new(String::new());
    let admin_email = RwSignal::new(String::new());
    let admin_password = RwSignal::new(String::new());
    let tier = RwSignal::new("Basic".to_owned());
    let sample_data = RwSignal::new(true);
    // One key per visit, so a retried submission never makes a second company.
    let attempt = RwSignal::new(String::new());
    Effect::new(move |_| {
        if attempt.get_untracked().is_empty() {
            attempt.set(format!(
                "{:x}{:x}",
                (js_sys::Math::random() * 1e15) as u64,
                (js_sys::Math::random() * 1e15) as u64
            ));
        }
    });

    let check_company = ServerAction::<CheckCompanyStep>::new();
    let check_admin = ServerAction::<CheckAdminStep>::new();
    let sign_up = ServerAction::<SignUp>::new();
    // The slug follows the name until someone edits it; availability is checked as they type.
    let live = Resource::new(
        move || (company_name.get(), if slug_edited.get() { slug.get() } else { String::new() }),
        |(name, slug)| async move {
            if name.trim().is_empty() { None } else { Some(crate::signup::check_company_step(name, slug).await) }
        },
    );
    Effect::new(move |_| {
        if let Some(Some(Ok(check))) = live.get()
            && !slug_edited.get_untracked()
        {
            slug.set(check.slug);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = check_company.value().get() {
            step.set(2);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = check_admin.value().get() {
            step.set(3);
        }
    });
    let navigate = use_navigate();
    Effect::new(move |_| match sign_up.value().get() {
        Some(Ok(slug)) => navigate(&format!("/c/{slug}"), Default::default()),
        Some(Err(err)) => {
            if let Some(field) =
                err.extra.get("fields").and_then(|f| f.as_object()).and_then(|f| f.keys().next().cloned())
            {
                step.set(step_of(&field));
            }
        }
        None => {}
    });

    let company_error = move |field: &'static str| {
        move || {
            field_error(check_company.value().get().and_then(Result::err), field)
                .or_else(|| field_error(sign_up.value().get().and_then(Result::err), field))
        }
    };
    let admin_error = move |field: &'static str| {
        move || {
            field_error(check_admin.value().get().and_then(Result::err), field)
                .or_else(|| field_error(sign_up.value().get().and_then(Result::err), field))
        }
    };
    let availability = move || match live.get().flatten() {
        Some(Ok(check)) => {
            Some(view! { <p class="ok" role="status">{format!("/c/{} is available.", check.slug)}</p> }.into_any())
        }
        Some(Err(err)) => {
            field_error(Some(err), "slug").map(|taken| view! { <p class="muted" role="status">{taken}</p> }.into_any())
        }
        None => None,
    };
    let next_company = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let slug = if slug_edited.get_untracked() { slug.get_untracked() } else { String::new() };
        check_company.dispatch(CheckCompanyStep { company_name: company_name.get_untracked(), slug });
    };
    let next_admin = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        check_admin.dispatch(CheckAdminStep {
            admin_name: admin_name.get_untracked(),
            admin_email: admin_email.get_untracked(),
            admin_password: admin_password.get_untracked(),
        });
    };
    let next_plan = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        step.set(4);
    };
    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        sign_up.dispatch(SignUp {
            company_name: company_name.get_untracked(),
            slug: slug.get_untracked(),
            admin_name: admin_name.get_untracked(),
            admin_email: admin_email.get_untracked(),
            admin_password: admin_password.get_untracked(),
            subscription_tier: tier.get_untracked(),
            sample_data: sample_data.get_untracked().then(|| "true".to_owned()),
            attempt: attempt.get_untracked(),
        });
    };
    let back = move |_| step.update(|s| *s = s.saturating_sub(1).max(1));
    let plans = Resource::new(|| (), |_| list_plans());

    view! {
        <Title text="Sign up" />
        <section class="signup">
            <h1>"Create your workspace"</h1>
            <ol class="steps" aria-label="Steps">
                {STEPS.iter().enumerate().map(|(index, name)| {
                    let number = index as u8 + 1;
                    view! {
                        <li
                            class=move || (step.get() > number).then_some("done")
                            aria-current=move || (step.get() == number).then_some("step")
                        >
                            <span class="step-number">{number}</span> " " {*name}
                        </li>
                    }
                }).collect_view()}
            </ol>

            <Show when=move || step.get() == 1>
                <form class="form wizard-step" on:submit=next_company>
                    <h2>"Your company"</h2>
                    <label for="signup-company">"Company name"</label>
                    <input id="signup-company" name="company_name" required maxlength="100" autocomplete="organization" autofocus bind:value=company_name />
                    <p class="error">{company_error("company_name")}</p>
                    <label for="signup-slug">"Address"</label>
                    <div class="slug-field">
                        <span class="muted">"/c/"</span>
                        <input
                            id="signup-slug"
                            name="slug"
                            maxlength="40"
                            autocapitalize="off"
                            prop:value=move || slug.get()
                            on:input=move |event| {
                                slug_edited.set(true);
                                slug.set(event_target_value(&event));
                            }
                        />
                    </div>
                    <p class="error">{company_error("slug")}</p>
                    {availability}
                    <div class="wizard-actions">
                        <button type="submit" class="button button-primary">"Next"</button>
                    </div>
                </form>
            </Show>

            <Show when=move || step.get() == 2>
                <form class="form wizard-step" on:submit=next_admin>
                    <h2>"Your admin account"</h2>
                    <label for="signup-name">"Your name"</label>
                    <input id="signup-name" name="admin_name" required maxlength="100" autocomplete="name" bind:value=admin_name />
                    <p class="error">{admin_error("admin_name")}</p>
                    <label for="signup-email">"Work email"</label>
                    <input id="signup-email" name="admin_email" type="email" required autocomplete="email" bind:value=admin_email />
                    <p class="error">{admin_error("admin_email")}</p>
                    <label for="signup-password">"Password"</label>
                    <input id="signup-password" name="admin_password" type="password" required autocomplete="new-password" aria-describedby="password-hint" bind:value=admin_password />
                    <meter min="0" max="4" low="2" high="3" optimum="4" value=move || strength(&admin_password.get()).0 aria-hidden="true"></meter>
                    <p id="password-hint" class="muted">{move || strength(&admin_password.get()).1}</p>
                    <p class="error">{admin_error("admin_password")}</p>
                    <div class="wizard-actions">
                        <button type="button" class="button" on:click=back>"Back"</button>
                        <button type="submit" class="button button-primary">"Next"</button>
                    </div>
                </form>
            </Show>

            <Show when=move || step.get() == 3>
                <form class="wizard-step" on:submit=next_plan>
                    <h2>"Your plan"</h2>
                    <p class="muted">"Change it at any time. Prices are per month."</p>
                    <Transition fallback=|| view! { <p class="muted">"Loading plans…"</p> }>
                        {move || Suspend::new(async move {
                            match plans.await {
                                Ok(plans) => view! {
                                    <fieldset class="plan-grid plan-choice">
                                        <legend class="visually-hidden">"Plan"</legend>
                                        {plans.into_iter().map(|plan| {
                                            let name = plan.name.clone();
                                            let (value, checked, id) = (name.clone(), name.clone(), format!("plan-{}", name.to_lowercase()));
                                            let label = format!(" Choose {name}");
                                            let label_for = id.clone();
                                            view! {
                                                <PlanCard plan>
                                                    <label class="button plan-pick" for=label_for>
                                                        <input
                                                            type="radio"
                                                            id=id
                                                            name="subscription_tier"
                                                            value=value
                                                            prop:checked=move || tier.get() == checked
                                                            on:change=move |_| tier.set(name.clone())
                                                        />
                                                        {label}
                                                    </label>
                                                </PlanCard>
                                            }
                                        }).collect_view()}
                                    </fieldset>
                                }.into_any(),
                                Err(err) => view! { <p class="error" role="alert">{err.message}</p> }.into_any(),
                            }
                        })}
                    </Transition>
                    <div class="wizard-actions">
                        <button type="button" class="button" on:click=back>"Back"</button>
                        <button type="submit" class="button button-primary">"Next"</button>
                    </div>
                </form>
            </Show>

            <Show when=move || step.get() == 4>
                <form class="form wizard-step" on:submit=create>
                    <h2>"Review and create"</h2>
                    <dl class="facts review">
                        <dt>"Company"</dt><dd>{move || company_name.get()}</dd>
                        <dt>"Address"</dt><dd>{move || format!("/c/{}", slug.get())}</dd>
                        <dt>"Admin"</dt><dd>{move || format!("{} <{}>", admin_name.get(), admin_email.get())}</dd>
                        <dt>"Plan"</dt><dd>{move || tier.get()}</dd>
                    </dl>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || sample_data.get() on:change=move |event| sample_data.set(event_target_checked(&event)) />
                        " Start with a dozen sample issues (you can delete them)"
                    </label>
                    <p class="error" role="alert">{move || sign_up.value().get().and_then(Result::err).map(|err| err.message)}</p>
                    <Show when=move || sign_up.pending().get()>
                        <div class="progress" role="status">
                            <progress aria-label="Creating your workspace"></progress>
                            <span>" Creating your workspace…"</span>
                        </div>
                    </Show>
                    <div class="wizard-actions">
                        <button type="button" class="button" on:click=back disabled=move || sign_up.pending().get()>"Back"</button>
                        <button type="submit" class="button button-primary" disabled=move || sign_up.pending().get()>"Create workspace"</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}
