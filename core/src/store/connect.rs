use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, Executor, PgConnection};

use super::{Db, Store};
use crate::{Error, Result};

/// How to reach the database; the URL scheme picks the engine.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub url: String,
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl ConnectOptions {
    pub fn new(url: impl Into<String>) -> Self {
        ConnectOptions { url: url.into(), max_connections: 16, acquire_timeout: Duration::from_secs(5) }
    }
}

impl Store {
    /// Connects (creating a SQLite file and its folder if missing) and checks the database answers.
    pub async fn connect(options: &ConnectOptions) -> Result<Store> {
        let url = options.url.trim();
        let db = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            connect_postgres(url, options).await?
        } else if url.starts_with("sqlite:") {
            Db::Sqlite(connect_sqlite(url, options).await?)
        } else {
            return Err(Error::Internal(format!(
                "DATABASE_URL must start with sqlite: or postgres://, got {:?}",
                redact(url)
            )));
        };
        Ok(Store { db })
    }
}

/// Checks the server answers, then pools connections that each `SET ROLE tenantry_app`.
async fn connect_postgres(url: &str, options: &ConnectOptions) -> Result<Db> {
    let connect = PgConnectOptions::from_str(url)
        .map_err(|e| Error::Internal(format!("DATABASE_URL is not a valid PostgreSQL URL ({}): {e}", redact(url))))?;
    let target = format!("{}:{}", connect.get_host(), connect.get_port());
    let probe = tokio::time::timeout(options.acquire_timeout, PgConnection::connect_with(&connect))
        .await
        .map_err(|_| Error::Internal(format!("cannot connect to PostgreSQL at {target}: no answer")))?
        .map_err(|e| Error::Internal(format!("cannot connect to PostgreSQL at {target}: {}", one_line(&e))))?;
    probe.close().await?;
    let pool = PgPoolOptions::new()
        .max_connections(options.max_connections)
        .acquire_timeout(options.acquire_timeout)
        // Row-level security binds only a role that neither owns the tables nor is a superuser.
        .after_connect(|connection, _| {
            Box::pin(async move { connection.execute("SET ROLE tenantry_app").await.map(|_| ()) })
        })
        .connect_lazy_with(connect.clone());
    Ok(Db::Postgres { pool, owner: Box::new(connect) })
}

async fn connect_sqlite(url: &str, options: &ConnectOptions) -> Result<sqlx::SqlitePool> {
    let connect = SqliteConnectOptions::from_str(url)
        .map_err(|e| Error::Internal(format!("DATABASE_URL is not a valid SQLite URL ({url}): {e}")))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let file = connect.get_filename().to_owned();
    if let Some(folder) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_folder(folder)?;
    }
    SqlitePoolOptions::new()
        .max_connections(options.max_connections)
        .acquire_timeout(options.acquire_timeout)
        .connect_with(connect)
        .await
        .map_err(|e| Error::Internal(format!("cannot open SQLite database {}: {}", file.display(), one_line(&e))))
}

fn create_folder(folder: &Path) -> Result<()> {
    std::fs::create_dir_all(folder)
        .map_err(|e| Error::Internal(format!("cannot create the database folder {}: {e}", folder.display())))
}

/// Hides a password in a URL before it reaches a log or a message.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

fn one_line(err: &sqlx::Error) -> String {
    err.to_string().replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords_in_urls() {
        assert_eq!(redact("postgres://app:s3cret@db:5432/x"), "postgres://app:***@db:5432/x");
        assert_eq!(redact("postgres://app@db/x"), "postgres://app@db/x");
        assert_eq!(redact("sqlite:data/x.db"), "sqlite:data/x.db");
    }

    #[tokio::test]
    async fn refuses_unknown_schemes_and_unreachable_servers_clearly() {
        let err = Store::connect(&ConnectOptions::new("mysql://x")).await.err().unwrap();
        assert!(err.to_string().contains("must start with sqlite: or postgres://"));
        let mut options = ConnectOptions::new("postgres://nobody@127.0.0.1:1/x");
        options.acquire_timeout = Duration::from_secs(2);
        let err = Store::connect(&options).await.err().unwrap().to_string();
        assert!(err.starts_with("cannot connect to PostgreSQL at 127.0.0.1:1"), "{err}");
        assert!(!err.contains('\n'));
    }

    #[tokio::test]
    async fn creates_a_missing_sqlite_folder_and_migrates() {
        let dir = std::env::temp_dir().join(format!("tenantry-connect-{}", uuid::Uuid::now_v7()));
        let url = format!("sqlite:{}/nested/tenantry.db", dir.display());
        let store = Store::connect(&ConnectOptions::new(url)).await.unwrap();
        assert!(store.readiness().await.is_err(), "not ready before migrations");
        store.migrate().await.unwrap();
        store.readiness().await.unwrap();
        store.close().await;
        std::fs::remove_dir_all(dir).unwrap();
    }
}
