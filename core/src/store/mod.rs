//! The one storage interface over SQLite and PostgreSQL.
//!
//! Each query is written once: `with_db!` expands the same body for both
//! pools, so portable SQL (`$1` placeholders, `ON CONFLICT`, `RETURNING`) has
//! a single copy and keeps its Rust types. Per-engine SQL stays in the
//! `Engine` arms only where the dialects differ.

mod accounts;
mod audit;
mod companies;
mod connect;
mod customize;
pub(crate) mod entitlements;
pub(crate) mod issues;
mod logos;
mod metering;
mod outbox;
pub(crate) mod params;
mod people;
pub(crate) mod platform;
pub(crate) mod rollups;
pub(crate) mod scope;
mod suspension;
mod teams;
pub(crate) mod tiers;
mod tokens;
pub(crate) mod tx;
mod users;
mod webhooks;

use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection, PgPool, SqlitePool};

use crate::Result;

pub use accounts::RecentFailures;
pub use connect::ConnectOptions;
pub use outbox::OutboxEntry;
pub use rollups::Rollups;

/// Runs `$body` with `$pool` bound to whichever engine this store uses.
macro_rules! with_db {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.db {
            $crate::store::Db::Sqlite($pool) => $body,
            $crate::store::Db::Postgres { pool: $pool, .. } => $body,
        }
    };
}
pub(crate) use with_db;

#[derive(Clone)]
pub(crate) enum Db {
    Sqlite(SqlitePool),
    /// `pool` connections work as `tenantry_app`; `owner` is how to connect as the migrating user.
    Postgres {
        pool: PgPool,
        owner: Box<PgConnectOptions>,
    },
}

/// Which database engine a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl std::fmt::Display for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        })
    }
}

#[derive(Clone)]
pub struct Store {
    pub(crate) db: Db,
}

/// Why the store is not ready to serve.
#[derive(Debug, thiserror::Error)]
pub enum NotReady {
    #[error("database unreachable: {0}")]
    Unreachable(String),
    #[error("migrations pending: database at version {applied}, this build needs {expected}")]
    MigrationsPending { applied: i64, expected: i64 },
}

impl Store {
    pub fn engine(&self) -> Engine {
        match self.db {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres { .. } => Engine::Postgres,
        }
    }

    /// Applies every migration this build carries that the database lacks.
    pub async fn migrate(&self) -> Result<()> {
        match &self.db {
            Db::Sqlite(pool) => sqlx::migrate!("../migrations/sqlite").run(pool).await?,
            // As the connecting user: the pool's role may not create tables, and may not exist yet.
            Db::Postgres { owner, .. } => {
                let mut connection = PgConnection::connect_with(owner).await?;
                sqlx::migrate!("../migrations/postgres").run(&mut connection).await?;
                connection.close().await?;
            }
        }
        Ok(())
    }

    /// Ready means reachable and migrated to exactly what this build expects.
    pub async fn readiness(&self) -> std::result::Result<(), NotReady> {
        let expected = match self.engine() {
            Engine::Sqlite => latest_version(&sqlx::migrate!("../migrations/sqlite")),
            Engine::Postgres => latest_version(&sqlx::migrate!("../migrations/postgres")),
        };
        let applied: Option<i64> = with_db!(self, pool => {
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(pool)
                .await
        })
        .or_else(|err| match err {
            // No migrations table yet: reachable, but nothing applied.
            sqlx::Error::Database(_) => Ok(None),
            other => Err(NotReady::Unreachable(other.to_string())),
        })?;
        let applied = applied.unwrap_or(0);
        if applied < expected {
            return Err(NotReady::MigrationsPending { applied, expected });
        }
        Ok(())
    }

    /// The pool tower-sessions keeps its sessions in (the same database).
    pub fn session_pool(&self) -> SessionPool {
        match &self.db {
            Db::Sqlite(pool) => SessionPool::Sqlite(pool.clone()),
            Db::Postgres { pool, .. } => SessionPool::Postgres(pool.clone()),
        }
    }

    /// The database role queries run as (PostgreSQL), to show that row-level security applies.
    pub async fn query_role(&self) -> Result<Option<String>> {
        match &self.db {
            Db::Sqlite(_) => Ok(None),
            Db::Postgres { pool, .. } => {
                Ok(Some(sqlx::query_scalar("SELECT current_user::text").fetch_one(pool).await?))
            }
        }
    }

    pub async fn close(&self) {
        with_db!(self, pool => pool.close().await)
    }
}

/// A pool handed to the session store, which needs the concrete engine.
pub enum SessionPool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

fn latest_version(migrator: &sqlx::migrate::Migrator) -> i64 {
    migrator.iter().map(|m| m.version).max().unwrap_or(0)
}
