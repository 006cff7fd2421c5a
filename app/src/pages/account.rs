use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::{ChangePassword, LogOutEverywhere};

/// `/account`: the person's own password and sessions.
#[component]
pub fn Account() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let everywhere = ServerAction::<LogOutEverywhere>::new();
    let failure = move || change.value().get().and_then(Result::err);
    let field = move |name: &'static str| move || failure().and_then(|err| err.field(name).map(str::to_owned));
    let saved = move || matches!(change.value().get(), Some(Ok(())));
    view! {
        <Title text="Your account" />
        <section class="auth-card">
            <h1>"Your account"</h1>
            <h2>"Change your password"</h2>
            <ActionForm action=change attr:class="form">
                <label for="current-password">"Current password"</label>
                <input id="current-password" type="password" name="current_password" autocomplete="current-password" required />
                <p class="error">{field("current_password")}</p>
                <label for="account-new-password">"New password"</label>
                <input id="account-new-password" type="password" name="password" autocomplete="new-password" required minlength="8" />
                <p class="error">{field("password")}</p>
                <label for="account-confirm">"Repeat it"</label>
                <input id="account-confirm" type="password" name="confirmation" autocomplete="new-password" required />
                <p class="error">{field("confirmation")}</p>
                <p role="status">{move || saved().then_some("Saved. Your other sessions have ended.")}</p>
                <button type="submit" class="button button-primary">"Change password"</button>
            </ActionForm>
            <h2>"Sessions"</h2>
            <p class="muted">"Lost a device, or used a shared computer? End every session of yours, this one included."</p>
            <ActionForm action=everywhere attr:class="inline-form">
                <button type="submit" class="button">"Log out everywhere"</button>
            </ActionForm>
        </section>
    }
}
