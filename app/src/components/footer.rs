use leptos::prelude::*;

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="app-footer">
            <p>
                "Tenantry " {env!("CARGO_PKG_VERSION")}
                " · issue tracking for every company, one workspace each"
            </p>
            <p><a href="/api/v1/openapi.json">"REST API (OpenAPI)"</a></p>
        </footer>
    }
}
