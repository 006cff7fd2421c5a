use leptos::prelude::*;
use leptos_router::components::A;

use super::ThemeToggle;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="app-header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"T"</span>
                <span class="brand-name">"Tenantry"</span>
            </A>
            <nav class="app-nav" aria-label="Main">
                <A href="/#plans">"Plans"</A>
                <A href="/login">"Log in"</A>
                <A href="/signup" attr:class="button button-primary">"Sign up"</A>
            </nav>
            <ThemeToggle />
        </header>
    }
}
