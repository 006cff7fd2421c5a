//! `/c/{slug}/settings/branding`: white-label branding (Platinum): a logo we store and serve, an
//! accent color and the product name the header shows to the company's people.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use serde_json::json;

use super::refusal;
use super::settings::SettingsNav;
use super::workspace::use_slug;
use crate::customization::{BrandingView, SaveSettings, get_branding};

#[component]
pub fn BrandingSettings() -> impl IntoView {
    let slug = use_slug();
    let save = ServerAction::<SaveSettings>::new();
    let uploaded = RwSignal::new(0_u32);
    let saved = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            saved.update(|n| *n += 1);
        }
    });
    let branding = Resource::new(move || (slug(), saved.get(), uploaded.get()), |(slug, ..)| get_branding(slug));
    view! {
        <Title text="Branding" />
        <SettingsNav slug=slug() />
        <h1>"Branding"</h1>
        {move || save.value().get().map(|outcome| match outcome {
            Ok(_) => view! { <p class="notice" role="status">"Saved. Reload to see the header change."</p> }.into_any(),
            Err(err) => view! { <p class="error" role="alert">{err.message}</p> }.into_any(),
        })}
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match branding.await {
                    Ok(view_data) if view_data.white_label => view! { <BrandingForm data=view_data save uploaded /> }.into_any(),
                    Ok(view_data) => view! {
                        <p class="notice">
                            {format!("White-label branding — your logo, color and product name in the header — comes with Platinum; {} does not include it. ", view_data.tier)}
                            <A href=format!("/c/{}/billing", slug())>"See the plans"</A>
                        </p>
                    }.into_any(),
                    Err(err) => refusal(err),
                }
            })}
        </Transition>
    }
}

#[component]
fn BrandingForm(data: BrandingView, save: ServerAction<SaveSettings>, uploaded: RwSignal<u32>) -> AnyView {
    let slug = use_slug();
    let color = RwSignal::new(data.accent_color.clone().unwrap_or_default());
    let name = RwSignal::new(data.product_name.clone().unwrap_or_default());
    let upload_message = RwSignal::new(None::<String>);
    let removing = RwSignal::new(false);
    let has_logo = data.logo_url.is_some();
    let company_id = StoredValue::new(data.company_id.clone());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let optional = |value: String| if value.trim().is_empty() { json!(null) } else { json!(value.trim()) };
        let branding =
            json!({"accent_color": optional(color.get_untracked()), "product_name": optional(name.get_untracked())});
        save.dispatch(SaveSettings { slug: slug(), updates: json!({ "branding": branding }).to_string() });
    };
    let choose = move |event: leptos::ev::Event| upload_logo(event, company_id.get_value(), upload_message, uploaded);
    let field_error = move |field: &'static str| {
        move || save.value().get().and_then(Result::err).and_then(|e| e.field(field).map(str::to_owned))
    };
    view! {
        <section class="panel" aria-labelledby="logo-heading">
            <h2 id="logo-heading">"Logo"</h2>
            {data.logo_url.clone().map(|url| view! { <img class="logo-preview" src=url alt="Your logo" /> })}
            <label class="block" for="logo-file">"Upload a logo (PNG, JPEG or WebP, at most 256 KB)"</label>
            <input id="logo-file" type="file" accept="image/png,image/jpeg,image/webp" on:change=choose />
            <p class="error" role="alert">{move || upload_message.get()}</p>
            <Show when=move || has_logo>
                <Show when=move || removing.get() fallback=move || view! {
                    <button type="button" class="button" on:click=move |_| removing.set(true)>"Remove logo"</button>
                }>
                    <span class="confirm">"Remove the logo? "
                        <button type="button" class="button button-danger" on:click=move |_| {
                            removing.set(false);
                            save.dispatch(SaveSettings { slug: slug(), updates: json!({"branding": {"logo": null}}).to_string() });
                        }>"Yes, remove it"</button>
                        <button type="button" class="button" on:click=move |_| removing.set(false)>"Keep it"</button>
                    </span>
                </Show>
            </Show>
        </section>
        <form class="form panel" on:submit=submit>
            <label for="accent-color">"Accent color (empty: the standard one)"</label>
            <div class="input-prefix">
                <input id="accent-color-picker" type="color" aria-label="Pick the accent color" prop:value=move || if color.get().is_empty() { "#4f46e5".to_owned() } else { color.get() }
                    on:input=move |e| color.set(event_target_value(&e)) />
                <input id="accent-color" placeholder="#4f46e5" maxlength="7" prop:value=color on:input=move |e| color.set(event_target_value(&e)) />
            </div>
            <p class="error">{field_error("branding.accent_color")}</p>
            <label for="product-name">"Product name in the header"</label>
            <input id="product-name" maxlength="40" placeholder="Tenantry" prop:value=name on:input=move |e| name.set(event_target_value(&e)) />
            <p class="error">{field_error("branding.product_name")}</p>
            <button type="submit" class="button button-primary">"Save branding"</button>
        </form>
    }
    .into_any()
}

/// Sends the chosen file as the company's logo, straight to the REST API (the body is the image).
#[cfg(feature = "hydrate")]
fn upload_logo(
    event: leptos::ev::Event,
    company_id: String,
    message: RwSignal<Option<String>>,
    uploaded: RwSignal<u32>,
) {
    let input = event_target::<web_sys::HtmlInputElement>(&event);
    let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
    if file.size() > 256.0 * 1024.0 {
        message.set(Some("A logo is at most 256 KB; this file is larger.".into()));
        return;
    }
    message.set(None);
    leptos::task::spawn_local(async move {
        let url = format!("/api/v1/companies/{company_id}/branding/logo");
        let request = gloo_net::http::Request::put(&url).header("content-type", &file.type_()).body(file);
        let outcome = match request {
            Ok(request) => request.send().await,
            Err(err) => Err(err),
        };
        match outcome {
            Ok(response) if response.ok() => uploaded.update(|n| *n += 1),
            Ok(response) => {
                let refusal = response.json::<crate::error::AppError>().await;
                message.set(Some(
                    refusal.map_or_else(|_| format!("The upload failed ({}).", response.status()), |e| e.message),
                ));
            }
            Err(_) => message.set(Some("The server could not be reached. Check your connection and try again.".into())),
        }
    });
}

/// Before hydration there is nothing to upload with; the page asks again once loaded.
#[cfg(not(feature = "hydrate"))]
fn upload_logo(_: leptos::ev::Event, _: String, _: RwSignal<Option<String>>, _: RwSignal<u32>) {}
