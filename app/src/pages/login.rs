use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::Login as LoginAction;

#[component]
pub fn Login() -> impl IntoView {
    let login = ServerAction::<LoginAction>::new();
    let failure = move || login.value().get().and_then(Result::err);
    view! {
        <Title text="Log in" />
        <section class="auth-card">
            <h1>"Log in"</h1>
            <p class="muted">"Welcome back. Use the email and password of your Tenantry account."</p>
            <ActionForm action=login attr:class="form">
                <label for="login-email">"Email"</label>
                <input id="login-email" type="email" name="email" autocomplete="username" required />
                <label for="login-password">"Password"</label>
                <input
                    id="login-password"
                    type="password"
                    name="password"
                    autocomplete="current-password"
                    required
                />
                <p class="error" role="alert" aria-live="polite">
                    {move || failure().map(|err| err.message)}
                </p>
                <button type="submit" class="button button-primary" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { "Logging in…" } else { "Log in" }}
                </button>
            </ActionForm>
            <p><a href="/forgot-password">"Forgot your password?"</a></p>
        </section>
    }
}
