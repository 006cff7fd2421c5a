use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::{RequestPasswordReset, SetPassword as SetPasswordAction};

/// `/set-password?token=…`: where invitation and reset links lead.
#[component]
pub fn SetPassword() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<SetPasswordAction>::new();
    let failure = move || action.value().get().and_then(Result::err);
    let field = move |name: &'static str| move || failure().and_then(|err| err.field(name).map(str::to_owned));
    view! {
        <Title text="Choose your password" />
        <section class="auth-card">
            <h1>"Choose your password"</h1>
            <p class="muted">"At least 8 characters. A few words you will remember make a good one."</p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="token" prop:value=token />
                <label for="new-password">"New password"</label>
                <input id="new-password" type="password" name="password" autocomplete="new-password" required minlength="8" />
                <p class="error">{field("password")}</p>
                <label for="confirm-password">"Repeat it"</label>
                <input id="confirm-password" type="password" name="confirmation" autocomplete="new-password" required />
                <p class="error">{field("confirmation")}</p>
                <p class="error" role="alert">{field("token")}</p>
                <button type="submit" class="button button-primary" disabled=move || action.pending().get()>
                    "Save and log in"
                </button>
            </ActionForm>
            <p><a href="/forgot-password">"Need a new link?"</a></p>
        </section>
    }
}

/// `/forgot-password`: asks for a reset link.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    let failure = move || action.value().get().and_then(Result::err).map(|err| err.message);
    view! {
        <Title text="Reset your password" />
        <section class="auth-card">
            <h1>"Reset your password"</h1>
            <Show
                when=sent
                fallback=move || view! {
                    <ActionForm action attr:class="form">
                        <label for="reset-email">"Email"</label>
                        <input id="reset-email" type="email" name="email" autocomplete="username" required />
                        <p class="error" role="alert">{failure}</p>
                        <button type="submit" class="button button-primary">"Send me a link"</button>
                    </ActionForm>
                }
            >
                <p role="status">"If an account uses that address, a link to choose a new password is on its way. It works for one hour."</p>
            </Show>
        </section>
    }
}
