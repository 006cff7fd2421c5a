use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::plans::{Plan, list_plans};

#[component]
pub fn Landing() -> impl IntoView {
    view! {
        <Title text="" />
        <section class="hero">
            <h1>"Issue tracking with a workspace for every company"</h1>
            <p class="lead">
                "Sign up your company and get a workspace of its own in seconds: track issues on a list "
                "or a board, shape statuses, priorities, types and custom fields to how your team works, "
                "and watch your analytics as charts. Grow from Basic to Premium to Platinum without "
                "losing a byte."
            </p>
            <div class="hero-actions">
                <A href="/signup" attr:class="button button-primary">"Create your workspace"</A>
                <A href="/login" attr:class="button">"Log in"</A>
            </div>
        </section>
        <section class="features" aria-label="What Tenantry does">
            <article>
                <h2>"Track"</h2>
                <p>"Issues with keys like ACME-42, filters, search, a board, comments and a full history."</p>
            </article>
            <article>
                <h2>"Shape"</h2>
                <p>"Your own workflow, priorities, types, custom fields, integrations and branding."</p>
            </article>
            <article>
                <h2>"Measure"</h2>
                <p>"Created against resolved, resolution times and team performance, from real data."</p>
            </article>
            <article>
                <h2>"Integrate"</h2>
                <p>"A documented REST API with tokens, quotas you can see, and webhooks."</p>
            </article>
        </section>
        <Plans />
    }
}

#[component]
fn Plans() -> impl IntoView {
    let plans = Resource::new(|| (), |_| list_plans());
    view! {
        <section id="plans" class="plans" aria-labelledby="plans-title">
            <h2 id="plans-title">"Plans"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading plans…"</p> }>
                {move || Suspend::new(async move {
                    match plans.await {
                        Ok(plans) => view! {
                            <div class="plan-grid">
                                {plans.into_iter().map(|plan| view! { <PlanCard plan /> }).collect_view()}
                            </div>
                        }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.message}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A plan's price, limits and features; `children` (a choice, in the signup wizard) go last.
#[component]
pub fn PlanCard(plan: Plan, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    let limit = |value: Option<i64>, unit: &str| match value {
        Some(n) => format!("{} {unit}", thousands(n)),
        None => format!("Unlimited {unit}"),
    };
    let history = match plan.history_days {
        Some(days) => format!("{days} days of reporting history"),
        None => "Unlimited reporting history".to_owned(),
    };
    view! {
        <article class="plan-card" data-plan=plan.name.clone()>
            <h3>{plan.name.clone()}</h3>
            <p class="price">
                <span class="amount">{format!("${}", plan.price_monthly_usd)}</span>
                <span class="period">" / month"</span>
            </p>
            <ul>
                <li>{limit(plan.max_users, "users")}</li>
                <li>{limit(plan.max_issues, "issues")}</li>
                <li>{limit(plan.max_api_calls_daily, "API calls a day")}</li>
                <li>{history}</li>
                {plan.features.into_iter().map(|feature| view! { <li>{feature}</li> }).collect_view()}
            </ul>
            {children.map(|children| children())}
        </article>
    }
}

/// 10000 → "10,000": limits read better grouped.
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    #[test]
    fn groups_thousands() {
        assert_eq!(super::thousands(5), "5");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(10000), "10,000");
        assert_eq!(super::thousands(1234567), "1,234,567");
    }
}
