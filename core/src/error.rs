use std::collections::BTreeMap;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, by meaning: callers match on this, never on sqlx.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that breaks a rule; `fields` names each bad field with a sentence.
    #[error("{message}")]
    Validation { message: String, fields: BTreeMap<String, String> },
    #[error("not found")]
    NotFound,
    /// No valid credentials; the sentence is the same whatever was wrong.
    #[error("{0}")]
    Unauthenticated(String),
    /// The caller is known but their role may not do this.
    #[error("{0}")]
    Forbidden(String),
    #[error("{message}")]
    RateLimited { message: String, retry_after_secs: u64 },
    #[error("This company is suspended: {reason}")]
    CompanySuspended { reason: String },
    /// A duplicate; `fields` names the field that clashes, when one does.
    #[error("{message}")]
    Conflict { message: String, fields: BTreeMap<String, String> },
    /// A limit of the company's plan would be passed.
    #[error("{message}")]
    TierLimitReached { message: String, limit: &'static str, max: i64, current: i64, tier: String },
    /// The company's tier lacks a feature; `available_in` names the tiers that have it.
    #[error("{message}")]
    FeatureNotInTier { message: String, feature: &'static str, tier: String, available_in: Vec<String> },
    /// Values to remove are still used; `in_use` counts the issues per setting and value.
    #[error("{message}")]
    InUse { message: String, in_use: BTreeMap<String, BTreeMap<String, i64>> },
    /// A plan change the company's usage does not fit; `violations` say what to change.
    #[error("{message}")]
    DowngradeBlocked { message: String, violations: Vec<crate::plan_change::Violation> },
    /// The database could not be reached or answered unexpectedly.
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// One bad field, with the sentence a person reads beside it.
    pub fn invalid(field: &str, sentence: impl Into<String>) -> Self {
        let sentence = sentence.into();
        Error::Validation { message: sentence.clone(), fields: BTreeMap::from([(field.to_owned(), sentence)]) }
    }
}

impl Error {
    /// A duplicate value of `field`.
    pub fn conflict(field: &str, sentence: impl Into<String>) -> Self {
        let sentence = sentence.into();
        Error::Conflict { message: sentence.clone(), fields: BTreeMap::from([(field.to_owned(), sentence)]) }
    }
}

impl From<sqlx::Error> for Error {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => Error::NotFound,
            other => Error::Database(other),
        }
    }
}
