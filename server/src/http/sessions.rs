//! Browser sessions, kept by tower-sessions in the application's own database.

use std::time::Duration;

use async_trait::async_trait;
use tenantry_core::store::SessionPool;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The session store of whichever engine the application runs on.
#[derive(Debug, Clone)]
pub enum SessionBackend {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl SessionBackend {
    pub fn new(pool: SessionPool) -> Self {
        // The `sessions` table comes from our own migrations.
        match pool {
            SessionPool::Sqlite(pool) => {
                SessionBackend::Sqlite(SqliteStore::new(pool).with_table_name("sessions").expect("a valid table name"))
            }
            SessionPool::Postgres(pool) => SessionBackend::Postgres(
                PostgresStore::new(pool)
                    .with_schema_name("public")
                    .expect("a valid schema name")
                    .with_table_name("sessions")
                    .expect("a valid table name"),
            ),
        }
    }

    /// Deletes expired sessions every `period`, for as long as the server runs.
    pub fn spawn_cleanup(&self, period: Duration) {
        let backend = self.clone();
        tokio::spawn(async move {
            let outcome = match backend {
                SessionBackend::Sqlite(store) => store.continuously_delete_expired(period).await,
                SessionBackend::Postgres(store) => store.continuously_delete_expired(period).await,
            };
            if let Err(err) = outcome {
                tracing::error!(error = %err, "expired-session cleanup stopped");
            }
        });
    }
}

#[async_trait]
impl SessionStore for SessionBackend {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            SessionBackend::Sqlite(store) => store.create(record).await,
            SessionBackend::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            SessionBackend::Sqlite(store) => store.save(record).await,
            SessionBackend::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            SessionBackend::Sqlite(store) => store.load(id).await,
            SessionBackend::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            SessionBackend::Sqlite(store) => store.delete(id).await,
            SessionBackend::Postgres(store) => store.delete(id).await,
        }
    }
}

/// The cookie: HttpOnly, SameSite=Lax, Secure behind https, ending after `idle` without use.
pub fn layer(backend: SessionBackend, secure: bool, idle: Duration) -> SessionManagerLayer<SessionBackend> {
    SessionManagerLayer::new(backend)
        .with_name("tenantry_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::try_from(idle)
                .unwrap_or(tower_sessions::cookie::time::Duration::WEEK),
        ))
}
