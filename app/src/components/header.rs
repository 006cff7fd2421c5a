use leptos::prelude::*;
use leptos_router::components::A;

use super::ThemeToggle;
use crate::auth::{Brand, Logout, SignedIn};

#[component]
pub fn Header() -> impl IntoView {
    let user = expect_context::<SignedIn>().0;
    let logout = ServerAction::<Logout>::new();
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="app-header">
            <A href="/" attr:class="brand">
                <Transition fallback=|| view! { <BrandMark brand=None /> }>
                    {move || Suspend::new(async move { view! { <BrandMark brand=user.await.ok().flatten().and_then(|u| u.brand) /> } })}
                </Transition>
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

/// The product's mark and name, or the company's own (white-label), with its accent color.
#[component]
fn BrandMark(brand: Option<Brand>) -> impl IntoView {
    let brand = brand.unwrap_or(Brand { product_name: None, logo_url: None, accent_color: None });
    // The color was checked to be #rrggbb when saved, so it is safe inside a style rule.
    let accent = brand.accent_color.map(|color| format!(":root {{ --accent: {color}; --accent-strong: {color}; }}"));
    view! {
        {accent.map(|rule| view! { <style>{rule}</style> })}
        {match brand.logo_url {
            Some(url) => view! { <img class="brand-logo" src=url alt="" /> }.into_any(),
            None => view! { <span class="brand-mark" aria-hidden="true">"T"</span> }.into_any(),
        }}
        <span class="brand-name">{brand.product_name.unwrap_or_else(|| "Tenantry".to_owned())}</span>
    }
}
