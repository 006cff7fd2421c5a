//! The Leptos pages and server functions, and the built site's static files.

use std::path::Path;

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tenantry_app::{App, shell};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;

pub fn router(state: &AppState) -> Router<AppState> {
    let options = state.leptos_options.clone();
    let app = state.app.clone();
    let context = move || provide_context(app.clone());
    let pkg_dir = Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    // Hashed file names change with their content, so browsers may keep them forever.
    let pkg_caching = if options.hash_files { "public, max-age=31536000, immutable" } else { "no-cache" };
    let pkg = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static(pkg_caching)))
        .service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip());

    Router::new()
        .leptos_routes_with_context(state, generate_route_list(App), context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        // Pages carry per-person data: never cached.
        .layer(SetResponseHeaderLayer::if_not_present(CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        .fallback(file_and_error_handler_with_context::<AppState, _>(context, shell))
}
