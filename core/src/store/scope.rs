use std::future::Future;

use sqlx::{PgConnection, SqliteConnection};
use uuid::Uuid;

/// Scopes the current transaction to one company (PostgreSQL's row-level security reads it).
///
/// SQLite has no row-level security: there the store's own `company_id` filters are the only wall.
pub(crate) trait Scope {
    fn scope_to(&mut self, company_id: Uuid) -> impl Future<Output = sqlx::Result<()>> + Send;

    /// Lets the platform operator's reads see every company (writes stay refused by the policies).
    fn scope_platform(&mut self) -> impl Future<Output = sqlx::Result<()>> + Send;
}

impl Scope for SqliteConnection {
    async fn scope_to(&mut self, _: Uuid) -> sqlx::Result<()> {
        Ok(())
    }

    async fn scope_platform(&mut self) -> sqlx::Result<()> {
        Ok(())
    }
}

impl Scope for PgConnection {
    async fn scope_to(&mut self, company_id: Uuid) -> sqlx::Result<()> {
        sqlx::query("SELECT set_config('app.company_id', $1, true)")
            .bind(company_id.to_string())
            .execute(self)
            .await
            .map(|_| ())
    }

    async fn scope_platform(&mut self) -> sqlx::Result<()> {
        sqlx::query("SELECT set_config('app.scope', 'platform', true)").execute(self).await.map(|_| ())
    }
}

/// Per-engine pieces of SQL, chosen by the connection a query runs on.
pub(crate) trait Dialect {
    /// Row locking for read-then-write checks; SQLite's write transaction already serialises.
    const FOR_UPDATE: &'static str;
}

impl Dialect for SqliteConnection {
    const FOR_UPDATE: &'static str = "";
}

impl Dialect for PgConnection {
    const FOR_UPDATE: &'static str = " FOR UPDATE";
}

pub(crate) fn lock_clause<C: Dialect + ?Sized>(_: &C) -> &'static str {
    C::FOR_UPDATE
}

/// Opens a transaction scoped to `$tenant`: `read` for a consistent read, `write` to change things.
macro_rules! begin_tenant {
    ($pool:expr, $tenant:expr, read) => {{
        let mut tx = $pool.begin().await?;
        $crate::store::scope::Scope::scope_to(&mut *tx, $tenant.company_id()).await?;
        tx
    }};
    ($pool:expr, $tenant:expr, write) => {{
        let mut tx = $crate::store::tx::BeginWrite::begin_write($pool).await?;
        $crate::store::scope::Scope::scope_to(&mut *tx, $tenant.company_id()).await?;
        tx
    }};
}
pub(crate) use begin_tenant;
