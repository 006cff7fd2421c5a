use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use super::ThemeToggle;
use crate::auth::{Logout, get_current_user};

#[component]
pub fn Header() -> impl IntoView {
    // Asked again on every navigation, so logging in or out shows at once.
    let pathname = use_location().pathname;
    let user = Resource::new(move || pathname.get(), |_| get_current_user());
    let logout = ServerAction::<Logout>::new();
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="app-header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"T"</span>
                <span class="brand-name">"Tenantry"</span>
            </A>
            <nav class="app-nav" aria-label="Main">
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match user.await.ok().flatten() {
                            Some(user) => view! {
                                <A href=user.home()>{if user.company_slug.is_some() { "Workspace" } else { "Console" }}</A>
                                <A href="/account" attr:class="signed-in" attr:title=user.email.clone()>{user.name.clone()}</A>
                                <ActionForm action=logout attr:class="inline-form">
                                    <button type="submit" class="button">"Log out"</button>
                                </ActionForm>
                            }.into_any(),
                            None => view! {
                                <A href="/#plans">"Plans"</A>
                                <A href="/login">"Log in"</A>
                                <A href="/signup" attr:class="button button-primary">"Sign up"</A>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </nav>
            <ThemeToggle />
        </header>
    }
}
