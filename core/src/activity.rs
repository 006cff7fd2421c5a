//! Who used the product each UTC day, per company: one row per person and day, written the first
//! time this server instance sees them that day (later requests only check a set in memory).

use std::collections::HashSet;
use std::sync::Mutex;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::identity::{Caller, Tenant};
use crate::{Result, Store};

#[derive(Default)]
pub struct ActiveUsers {
    seen: Mutex<HashSet<(Uuid, NaiveDate)>>,
}

impl ActiveUsers {
    /// Notes that `caller` used the product at `now` (the platform operator belongs to no company).
    pub async fn record(&self, store: &Store, caller: &Caller, now: DateTime<Utc>) -> Result<()> {
        let Some(company_id) = caller.company_id else { return Ok(()) };
        let today = now.date_naive();
        {
            let mut seen = self.lock();
            if !seen.insert((caller.user_id, today)) {
                return Ok(());
            }
            // Yesterday's people need not be remembered once a new day has begun.
            seen.retain(|(_, day)| *day >= today);
        }
        let written = store.record_active_user(&Tenant::background(company_id), caller.user_id, today).await;
        if written.is_err() {
            // Try again at their next request.
            self.lock().remove(&(caller.user_id, today));
        }
        written
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<(Uuid, NaiveDate)>> {
        self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
