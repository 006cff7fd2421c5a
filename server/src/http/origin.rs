//! Refuses browser writes that come from another site (CSRF), per architecture.md.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::http::header::ORIGIN;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tenantry_app::error::{AppError, ErrorCode};

use crate::state::AppState;

/// A write carrying `Origin` must name our public origin; one carrying only `Sec-Fetch-Site`
/// must say `same-origin`. Requests with neither (scripts, curl) pass: browsers always send one.
pub async fn same_origin_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let origin = headers.get(ORIGIN).and_then(|value| value.to_str().ok());
    let fetch_site = headers.get("sec-fetch-site").and_then(|value| value.to_str().ok());
    let allowed = match (origin, fetch_site) {
        (Some(origin), _) => origin.trim_end_matches('/') == public_origin(&state.app.public_url),
        (None, Some(site)) => site == "same-origin",
        (None, None) => true,
    };
    if allowed {
        next.run(request).await
    } else {
        AppError::new(ErrorCode::Forbidden, "This request came from another site and was refused.").into_response()
    }
}

/// `https://host:port` of the public URL, without any path.
fn public_origin(public_url: &str) -> &str {
    let after_scheme = public_url.find("://").map_or(0, |i| i + 3);
    match public_url[after_scheme..].find('/') {
        Some(slash) => &public_url[..after_scheme + slash],
        None => public_url,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_public_origin_drops_any_path() {
        assert_eq!(super::public_origin("https://t.example.com/base"), "https://t.example.com");
        assert_eq!(super::public_origin("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
    }
}
