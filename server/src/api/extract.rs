//! Extractors whose refusals speak the API's error shape instead of axum's plain text.

use axum::extract::rejection::{JsonDataError, JsonRejection, PathRejection};

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use tenantry_app::auth::session;
use tenantry_app::error::{AppError, ErrorCode};
use tenantry_core::audit::RequestMeta;
use tenantry_core::identity::Caller;
use tenantry_core::tokens;
use tower_sessions::Session;

use crate::state::AppState;

/// A JSON body: wrong content type 415, too large 413, malformed or mistyped 400.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_refusal(rejection)),
        }
    }
}

fn json_refusal(rejection: JsonRejection) -> AppError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => AppError::new(
            ErrorCode::UnsupportedMediaType,
            "Send the body as JSON, with Content-Type: application/json.",
        ),
        JsonRejection::JsonSyntaxError(err) => {
            AppError::new(ErrorCode::ValidationFailed, format!("The body is not valid JSON: {}", err.body_text()))
                .with("fields", serde_json::Map::new())
        }
        JsonRejection::JsonDataError(err) => {
            let (field, problem) = mistyped_field(&err);
            AppError::new(ErrorCode::ValidationFailed, format!("{field}: {problem}"))
                .with("fields", serde_json::json!({ field: problem }))
        }
        JsonRejection::BytesRejection(err) if err.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::new(ErrorCode::PayloadTooLarge, "The body is larger than 1 MiB.")
        }
        other => {
            AppError::new(ErrorCode::ValidationFailed, format!("The body could not be read: {}", other.body_text()))
                .with("fields", serde_json::Map::new())
        }
    }
}

/// Which field of the body had the wrong type, and what was wrong with it.
fn mistyped_field(err: &JsonDataError) -> (String, String) {
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if let Some(located) = cause.downcast_ref::<serde_path_to_error::Error<serde_json::Error>>() {
            let field = match located.path().to_string() {
                root if root == "." => "body".to_owned(),
                path => path,
            };
            return (field, located.inner().to_string());
        }
        source = cause.source();
    }
    ("body".to_owned(), err.body_text())
}

/// For `PATCH` bodies: an absent field is `None`, `null` is `Some(None)` (clear it), a value `Some(Some(..))`.
/// Use with `#[serde(default, deserialize_with = "nullable")]`.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// Where the request came from, for the audit trail.
pub struct ClientMeta(pub RequestMeta);

impl<S: Send + Sync> FromRequestParts<S> for ClientMeta {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientMeta(session::meta_of(parts)))
    }
}

/// The authenticated caller: 401 without valid credentials.
pub struct ApiCaller(pub Caller);

/// The caller the metering layer already authenticated for this request.
#[derive(Clone)]
pub struct Authenticated(pub Caller);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = authenticate(parts, state).await?;
        session::note_active(&state.app, &caller).await;
        Ok(ApiCaller(caller))
    }
}

/// The caller of an API request: the metering layer's, a Bearer token's, or the session's.
async fn authenticate(parts: &mut Parts, state: &AppState) -> Result<Caller, AppError> {
    if let Some(Authenticated(caller)) = parts.extensions.get::<Authenticated>() {
        return Ok(caller.clone());
    }
    if let Some(authorization) = parts.headers.get(AUTHORIZATION) {
        let secret = authorization.to_str().ok().and_then(|value| value.strip_prefix("Bearer ")).ok_or_else(|| {
            AppError::new(ErrorCode::Unauthenticated, "Send the token as Authorization: Bearer <token>.")
        })?;
        return Ok(tokens::authenticate(&state.app.store, secret.trim()).await?);
    }
    let session = Session::from_request_parts(parts, state).await.map_err(|(_, why)| {
        tracing::error!(why, "no session layer");
        AppError::internal()
    })?;
    match session::caller_of(&session, &state.app.store, state.app.sessions).await? {
        Some(caller) => Ok(caller),
        None => Err(AppError::new(
            ErrorCode::Unauthenticated,
            "Log in first, or send an API token as Authorization: Bearer <token>.",
        )),
    }
}

/// Query parameters: a value of the wrong type is a 400 naming the problem.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state).await.map(|q| ApiQuery(q.0)).map_err(|rejection| {
            AppError::new(
                ErrorCode::ValidationFailed,
                format!("The query string is not valid: {}", rejection.body_text()),
            )
            .with("fields", serde_json::Map::new())
        })
    }
}

/// Path parameters: an id that is not well-formed names nothing, so it answers 404.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|_: PathRejection| AppError::not_found())
    }
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::routing::{get, post};
    use serde::Deserialize;
    use serde_json::Value;
    use tower::ServiceExt;
    use uuid::Uuid;

    use super::*;

    #[derive(Deserialize)]
    struct Greeting {
        #[allow(dead_code)]
        name: String,
    }

    fn app() -> Router {
        Router::new()
            .route("/greet", post(|ApiJson(_): ApiJson<Greeting>| async { "ok" }))
            .route("/things/{id}", get(|ApiPath(id): ApiPath<Uuid>| async move { id.to_string() }))
            .layer(axum::extract::DefaultBodyLimit::max(crate::api::BODY_LIMIT))
    }

    async fn send(request: Request<Body>) -> (StatusCode, Value) {
        let response = app().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    fn post_body(content_type: &str, body: impl Into<Body>) -> Request<Body> {
        Request::post("/greet").header("content-type", content_type).body(body.into()).unwrap()
    }

    #[tokio::test]
    async fn malformed_and_mistyped_json_are_400() {
        for body in ["{", "[1,2", "{\"name\": 42}", "{}", "null"] {
            let (status, json) = send(post_body("application/json", body)).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(json["code"], "validation_failed");
            assert!(json["error"].as_str().unwrap().len() > 10);
        }
    }

    #[tokio::test]
    async fn a_body_that_is_not_json_is_415() {
        let (status, json) = send(post_body("text/plain", "name=x")).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(json["code"], "unsupported_media_type");
    }

    #[tokio::test]
    async fn a_body_over_one_mebibyte_is_413() {
        let big = format!("{{\"name\": \"{}\"}}", "x".repeat(crate::api::BODY_LIMIT));
        let (status, json) = send(post_body("application/json", big)).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(json["code"], "payload_too_large");
    }

    #[tokio::test]
    async fn a_malformed_id_is_404() {
        let (status, json) = send(Request::get("/things/not-a-uuid").body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(json["code"], "not_found");
        let id = Uuid::now_v7();
        let response = app().oneshot(Request::get(format!("/things/{id}")).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
}
