//! The platform operator's console: `/admin`, `/admin/companies`, `/admin/companies/{id}`.

mod company;
mod directory;
mod overview;

pub use company::CompanyAdmin;
pub use directory::Directory;
pub use overview::Overview;

use leptos::prelude::*;
use leptos_router::components::A;

/// The console's own navigation.
#[component]
fn ConsoleNav() -> impl IntoView {
    view! {
        <nav class="settings-nav workspace-nav" aria-label="Console">
            <A href="/admin" exact=true>"Overview"</A>
            <A href="/admin/companies">"Companies"</A>
            <A href="/admin/outbox">"Outbox"</A>
        </nav>
    }
}
