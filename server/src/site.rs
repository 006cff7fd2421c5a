//! The Leptos pages and server functions, and the built site's static files.

use std::path::Path;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tenantry_app::{App, shell};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn router(state: &AppState) -> Router<AppState> {
    let options = state.leptos_options.clone();
    let app = state.app.clone();
    let context = move || provide_context(app.clone());
    let pkg_dir = Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    // Hashed file names change with their content, so browsers may keep them forever.
    let pkg_caching = if options.hash_files { IMMUTABLE } else { "no-cache" };
    let pkg = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static(pkg_caching)))
        .service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip());
    // Third-party scripts (ECharts) carry their version in their names, so they are immutable too.
    let vendor = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE)))
        .service(ServeDir::new(Path::new(&*options.site_root).join("vendor")).precompressed_br().precompressed_gzip());

    Router::new()
        .leptos_routes_with_context(state, generate_route_list(App), context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .layer(axum::middleware::from_fn_with_state(state.clone(), follow_renamed_companies))
        // Pages carry per-person data: never cached.
        .layer(SetResponseHeaderLayer::if_not_present(CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        .nest_service("/vendor", vendor)
        .fallback(file_and_error_handler_with_context::<AppState, _>(context, shell))
}

/// A page under a company's earlier slug redirects to the same page under its current one, so
/// links and bookmarks survive a change of address.
async fn follow_renamed_companies(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if let Some(rest) = path.strip_prefix("/c/") {
        let (slug, tail) = rest.split_once('/').unwrap_or((rest, ""));
        if let Ok(Some(current)) = state.app.store.slug_redirect(slug).await {
            let query = request.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
            let tail = if tail.is_empty() { String::new() } else { format!("/{tail}") };
            return Redirect::permanent(&format!("/c/{current}{tail}{query}")).into_response();
        }
    }
    next.run(request).await
}
