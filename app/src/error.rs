//! The one error type that crosses every boundary: REST responses and server
//! functions carry the same `code`, so the UI and integrators branch on one list.

use std::collections::BTreeMap;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The stable codes of api.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    ValidationFailed,
    Unauthenticated,
    Forbidden,
    FeatureNotInTier,
    TierLimitReached,
    CompanySuspended,
    NotFound,
    MethodNotAllowed,
    Conflict,
    DowngradeBlocked,
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimited,
    Internal,
}

impl ErrorCode {
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::ValidationFailed => 400,
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden
            | ErrorCode::FeatureNotInTier
            | ErrorCode::TierLimitReached
            | ErrorCode::CompanySuspended => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict | ErrorCode::DowngradeBlocked => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
        }
    }
}

/// Every error: a sentence for a person (`error`), a stable `code`, and the extra fields some codes carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = Error))]
#[error("{message}")]
pub struct AppError {
    #[serde(rename = "error")]
    pub message: String,
    pub code: ErrorCode,
    /// Extra fields a code carries (`fields`, `feature`, `limit`, …).
    #[serde(flatten)]
    #[cfg_attr(feature = "ssr", schema(additional_properties))]
    pub extra: Map<String, Value>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError { message: message.into(), code, extra: Map::new() }
    }

    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.extra.insert(key.to_owned(), value.into());
        self
    }

    pub fn validation(message: impl Into<String>, fields: BTreeMap<String, String>) -> Self {
        AppError::new(ErrorCode::ValidationFailed, message).with("fields", fields_json(fields))
    }

    pub fn not_found() -> Self {
        AppError::new(ErrorCode::NotFound, "Nothing was found at this address.")
    }

    pub fn internal() -> Self {
        AppError::new(ErrorCode::Internal, "Something went wrong on our side. It has been logged; please try again.")
    }

    /// The sentence to show beside one form field, if the server named it.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.extra.get("fields")?.get(name)?.as_str()
    }
}

fn fields_json(fields: BTreeMap<String, String>) -> Map<String, Value> {
    fields.into_iter().map(|(k, v)| (k, Value::String(v))).collect()
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(detail) | ServerFnErrorErr::MissingArg(detail) => {
                AppError::new(ErrorCode::ValidationFailed, format!("The request was not understood: {detail}"))
            }
            ServerFnErrorErr::Request(_) => AppError::new(
                ErrorCode::Internal,
                "The server could not be reached. Check your connection and try again.",
            ),
            _ => AppError::internal(),
        }
    }

    fn ser(&self) -> leptos::server_fn::Bytes {
        #[cfg(feature = "ssr")]
        server::answer_with_status(self.code);
        <JsonEncoding as leptos::server_fn::Encodes<Self>>::encode(self).unwrap_or_else(|_| {
            leptos::server_fn::Bytes::from_static(br#"{"error":"Something went wrong on our side.","code":"internal"}"#)
        })
    }
}

#[cfg(feature = "ssr")]
mod server {
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};
    use tenantry_core::Error;

    use super::{AppError, ErrorCode, fields_json};

    impl From<Error> for AppError {
        fn from(err: Error) -> Self {
            match err {
                Error::Validation { message, fields } => AppError::validation(message, fields),
                Error::NotFound => AppError::not_found(),
                Error::Unauthenticated(message) => AppError::new(ErrorCode::Unauthenticated, message),
                Error::Forbidden(message) => AppError::new(ErrorCode::Forbidden, message),
                Error::RateLimited { message, retry_after_secs } => {
                    AppError::new(ErrorCode::RateLimited, message).with("retry_after", retry_after_secs)
                }
                Error::CompanySuspended { reason } => AppError::new(
                    ErrorCode::CompanySuspended,
                    format!("This company is suspended ({reason}). Contact the platform operator for help."),
                )
                .with("reason", reason),
                Error::TierLimitReached { message, limit, max, current, tier } => {
                    AppError::new(ErrorCode::TierLimitReached, message)
                        .with("limit", limit)
                        .with("max", max)
                        .with("current", current)
                        .with("tier", tier)
                }
                Error::FeatureNotInTier { message, feature, tier, available_in } => {
                    AppError::new(ErrorCode::FeatureNotInTier, message)
                        .with("feature", feature)
                        .with("tier", tier)
                        .with("available_in", available_in)
                }
                Error::InUse { message, in_use } => AppError::new(ErrorCode::Conflict, message)
                    .with("in_use", serde_json::to_value(in_use).unwrap_or_default()),
                Error::DowngradeBlocked { message, violations } => AppError::new(ErrorCode::DowngradeBlocked, message)
                    .with("violations", serde_json::to_value(violations).unwrap_or_default()),
                Error::Conflict { message, fields } if fields.is_empty() => AppError::new(ErrorCode::Conflict, message),
                Error::Conflict { message, fields } => {
                    AppError::new(ErrorCode::Conflict, message).with("fields", fields_json(fields))
                }
                other => {
                    tracing::error!(error = %other, "internal error");
                    AppError::internal()
                }
            }
        }
    }

    /// Gives a server function's error answer the status of its code (401, 404, …), not a blanket 500.
    /// Plain form posts (no JavaScript yet) keep Leptos' redirect back to the form.
    pub fn answer_with_status(code: ErrorCode) {
        use axum::http::header::ACCEPT;
        use leptos::prelude::use_context;
        let plain_form_post = use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.headers.get(ACCEPT)?.to_str().ok().map(|accept| accept.contains("text/html")))
            .unwrap_or(false);
        if let (false, Some(response)) = (plain_form_post, use_context::<leptos_axum::ResponseOptions>()) {
            response.set_status(StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
        }
    }

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let status = StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let retry_after = self.extra.get("retry_after").and_then(|v| v.as_u64());
            let mut response = (status, axum::Json(self)).into_response();
            if let Some(seconds) = retry_after {
                response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds.into());
            }
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_to_the_contract_shape() {
        let err = AppError::validation(
            "Enter an email address.",
            BTreeMap::from([("email".to_owned(), "Enter an email address.".to_owned())]),
        );
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "error": "Enter an email address.",
                "code": "validation_failed",
                "fields": {"email": "Enter an email address."}
            })
        );
        let back: AppError = serde_json::from_value(json).unwrap();
        assert_eq!(back.field("email"), Some("Enter an email address."));
    }
}
