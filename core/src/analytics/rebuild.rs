//! Recomputing rollups from the issues: for the companies a migration marked (at every start), or
//! for every company on demand (`tenantry rebuild-rollups`).

use std::time::{Duration, Instant};

use uuid::Uuid;

use crate::identity::Tenant;
use crate::{Result, Store};

/// One company's rebuild, as it went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebuilt {
    pub company_id: Uuid,
    pub issues: u64,
    pub took: Duration,
}

/// Rebuilds the rollups of `companies`, one transaction each, telling `progress` after each one
/// (its place, the total, and how it went).
pub async fn rebuild(
    store: &Store,
    companies: &[Uuid],
    mut progress: impl FnMut(usize, usize, &Rebuilt),
) -> Result<()> {
    for (place, company_id) in companies.iter().enumerate() {
        let started = Instant::now();
        let issues = store.rebuild_rollups(&Tenant::background(*company_id)).await?;
        progress(place + 1, companies.len(), &Rebuilt { company_id: *company_id, issues, took: started.elapsed() });
    }
    Ok(())
}

/// Rebuilds what migrations marked stale; a no-op once done.
pub async fn rebuild_stale(store: &Store) -> Result<usize> {
    let stale = store.stale_rollups().await?;
    rebuild(store, &stale, |place, total, done| {
        tracing::info!(place, total, company_id = %done.company_id, issues = done.issues, "rollups rebuilt");
    })
    .await?;
    Ok(stale.len())
}
