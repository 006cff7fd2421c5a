//! `/c/{slug}/billing`: the plan, usage against each limit, and changing plan through a dry run.

use leptos::prelude::*;
use leptos_meta::Title;

use super::landing::PlanCard;
use super::refusal;
use super::workspace::{WorkspaceNav, use_slug};
use crate::billing::{ChangePlan, PlanPreview, PreviewPlanChange, UsageLine, get_billing};

#[component]
pub fn BillingPage() -> impl IntoView {
    let slug = use_slug();
    let preview = ServerAction::<PreviewPlanChange>::new();
    let change = ServerAction::<ChangePlan>::new();
    let billing = Resource::new(move || (slug(), change.version().get()), |(slug, _)| get_billing(slug));
    view! {
        <Title text="Plan and usage" />
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let billing = match billing.await {
                    Ok(billing) => billing,
                    Err(err) => return refusal(err),
                };
                let current = billing.tier.clone();
                view! {
                    <WorkspaceNav slug=slug() />
                    <h1>"Plan and usage"</h1>
                    <p class="lead" data-current-plan=current.clone()>
                        {format!("You are on the {} plan, ${} a month.", billing.tier, billing.price_monthly_usd)}
                    </p>
                    {move || change.value().get().and_then(Result::ok).map(|tier| view! {
                        <p class="notice" role="status">{format!("Your plan is now {tier}. The new limits apply at once.")}</p>
                    })}
                    <section class="usage" aria-label="Usage">
                        {billing.usage.into_iter().map(usage_bar).collect_view()}
                    </section>
                    <h2>"Plans"</h2>
                    {(!billing.can_change).then(|| view! { <p class="muted">"Only an owner can change the plan."</p> })}
                    <div class="plan-grid">
                        {billing.plans.into_iter().map(|plan| {
                            let name = plan.name.clone();
                            let is_current = name == current;
                            let label = format!("Choose {name}");
                            let can_change = billing.can_change && !is_current;
                            view! {
                                <PlanCard plan>
                                    {if is_current {
                                        view! { <p class="badge">"Your plan"</p> }.into_any()
                                    } else if can_change {
                                        let name = name.clone();
                                        view! {
                                            <button type="button" class="button" on:click=move |_| {
                                                preview.dispatch(PreviewPlanChange { slug: slug(), new_tier: name.clone() });
                                            }>{label.clone()}</button>
                                        }.into_any()
                                    } else {
                                        ().into_any()
                                    }}
                                </PlanCard>
                            }
                        }).collect_view()}
                    </div>
                    {move || preview.value().get().map(|answer| match answer {
                        Ok(preview_answer) => view! { <Preview preview=preview_answer change slug=slug() /> }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.message}</p> }.into_any(),
                    })}
                }
                .into_any()
            })}
        </Transition>
    }
}

pub(crate) fn usage_bar(line: UsageLine) -> impl IntoView {
    let text = match line.max {
        Some(max) => format!("{} of {max}", line.used),
        None => format!("{} (unlimited)", line.used),
    };
    let max = line.max.unwrap_or(0).max(line.used).max(1);
    let (key, name) = (line.label.clone(), line.label.clone());
    view! {
        <div class="usage-line" data-usage=key>
            <span>{name}</span>
            <meter min="0" max=max value=line.used high=(max * 9 / 10).max(1) aria-label=line.label></meter>
            <span class="muted">{text}</span>
        </div>
    }
}

/// The dry run: what changes, what it costs, what must be fixed first; then confirm.
#[component]
pub(crate) fn Preview(preview: PlanPreview, change: ServerAction<ChangePlan>, slug: String) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let price = match preview.price_difference {
        0 => "The same price.".to_owned(),
        more if more > 0 => format!("${more} more a month."),
        less => format!("${} less a month.", -less),
    };
    let to = StoredValue::new(preview.to.clone());
    view! {
        <section class="plan-preview" aria-label="Plan change">
            <h2>{format!("Moving to {}", preview.to)}</h2>
            <p>{price}</p>
            <table class="table">
                <thead><tr><th>"What"</th><th>"Now"</th><th>"After"</th></tr></thead>
                <tbody>
                    {preview.changes.into_iter().map(|(item, from, to)| view! {
                        <tr><td>{item}</td><td>{from}</td><td>{to}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(!preview.violations.is_empty()).then(|| view! {
                <div class="violations" role="alert">
                    <p>"Before this change, fix:"</p>
                    <ul>{preview.violations.into_iter().map(|v| view! { <li>{v}</li> }).collect_view()}</ul>
                </div>
            })}
            <p class="error" role="alert">{move || change.value().get().and_then(Result::err).map(|e| e.message)}</p>
            <button
                type="button"
                class="button button-primary"
                disabled=!preview.allowed || change.pending().get_untracked()
                on:click=move |_| {
                    change.dispatch(ChangePlan { slug: slug.get_value(), new_tier: to.get_value() });
                }
            >
                {format!("Confirm: move to {}", preview.to)}
            </button>
        </section>
    }
}
