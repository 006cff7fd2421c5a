use std::future::Future;

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

/// Opens a transaction that will write.
///
/// On SQLite it takes the write lock up front (`BEGIN IMMEDIATE`): a deferred
/// transaction that reads and then writes fails with SQLITE_BUSY when another
/// writer committed in between, and no busy timeout retries that.
pub(crate) trait BeginWrite {
    type Db: sqlx::Database;

    fn begin_write(&self) -> impl Future<Output = sqlx::Result<Transaction<'static, Self::Db>>> + Send;
}

impl BeginWrite for SqlitePool {
    type Db = Sqlite;

    fn begin_write(&self) -> impl Future<Output = sqlx::Result<Transaction<'static, Sqlite>>> + Send {
        self.begin_with("BEGIN IMMEDIATE")
    }
}

impl BeginWrite for PgPool {
    type Db = Postgres;

    fn begin_write(&self) -> impl Future<Output = sqlx::Result<Transaction<'static, Postgres>>> + Send {
        self.begin()
    }
}
