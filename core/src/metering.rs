//! The daily API quota: calls are counted in memory per company and UTC day and added to the
//! database in batches (about every second, and at graceful shutdown), never a write per request.
//! Each flush also learns what other server instances counted, so several instances on one
//! database keep the count right within a flush; a crash loses at most the last second's calls.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use governor::{DefaultKeyedRateLimiter, Quota as Gcra, RateLimiter};
use uuid::Uuid;

use crate::identity::Tenant;
use crate::{Result, Store};

/// Requests a token may make per second, sustained, and in one burst.
pub const TOKEN_RATE_PER_SECOND: u32 = 50;
pub const TOKEN_BURST: u32 = 100;

/// Where a company stands against its daily quota after a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// `None`: the tier has no daily limit.
    pub limit: Option<i64>,
    pub remaining: Option<i64>,
    /// When the count starts again: the next UTC midnight, in seconds since the epoch.
    pub reset: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    Counted(Standing),
    /// Not counted: the quota is spent (`standing` says so) or the token's burst limit is.
    Refused {
        standing: Option<Standing>,
        retry_after_secs: u64,
        message: String,
    },
}

#[derive(Debug, Clone, Copy)]
struct Tally {
    tenant: Tenant,
    limit: Option<i64>,
    /// Every instance's calls as of this instance's last flush (its own included).
    known: i64,
    /// This instance's calls since.
    pending: i64,
    /// Flushes left before an idle company is forgotten.
    idle_flushes: u8,
}

/// How many idle flushes an entry outlives (about a minute), so a quiet company is re-read fresh.
const KEEP_IDLE: u8 = 60;

pub struct Meter {
    tallies: Mutex<HashMap<(Uuid, NaiveDate), Tally>>,
    burst: DefaultKeyedRateLimiter<Uuid>,
}

impl Default for Meter {
    fn default() -> Self {
        let rate = NonZeroU32::new(TOKEN_RATE_PER_SECOND).expect("non-zero");
        let burst = NonZeroU32::new(TOKEN_BURST).expect("non-zero");
        Meter {
            tallies: Mutex::new(HashMap::new()),
            burst: RateLimiter::keyed(Gcra::per_second(rate).allow_burst(burst)),
        }
    }
}

fn next_midnight(now: DateTime<Utc>) -> i64 {
    now.date_naive()
        .succ_opt()
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map_or(now.timestamp() + 86_400, |t| t.and_utc().timestamp())
}

impl Meter {
    /// Counts one call of `tenant`'s company (made with `token`, when it was a token), or refuses it.
    pub async fn admit(
        &self,
        store: &Store,
        tenant: &Tenant,
        token: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> Result<Admission> {
        if let Some(token) = token
            && let Err(not_until) = self.burst.check_key(&token)
        {
            let wait = not_until.wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()));
            return Ok(Admission::Refused {
                standing: None,
                retry_after_secs: wait.as_secs().max(1),
                message: "Too many requests at once for this token: slow down.".into(),
            });
        }
        let key = (tenant.company_id(), now.date_naive());
        if !self.lock().contains_key(&key) {
            let (limit, calls) = store.api_quota_state(tenant, key.1).await?;
            self.lock().entry(key).or_insert(Tally {
                tenant: *tenant,
                limit,
                known: calls,
                pending: 0,
                idle_flushes: KEEP_IDLE,
            });
        }
        let mut tallies = self.lock();
        let Some(tally) = tallies.get_mut(&key) else {
            return Err(crate::Error::Internal("a tally vanished while admitting".into()));
        };
        let used = tally.known + tally.pending;
        let reset = next_midnight(now);
        if let Some(limit) = tally.limit
            && used >= limit
        {
            return Ok(Admission::Refused {
                standing: Some(Standing { limit: Some(limit), remaining: Some(0), reset }),
                retry_after_secs: (reset - now.timestamp()).max(1) as u64,
                message: format!(
                    "This company's {limit} API calls for today are spent; the count starts again at midnight UTC."
                ),
            });
        }
        tally.pending += 1;
        tally.idle_flushes = KEEP_IDLE;
        Ok(Admission::Counted(Standing {
            limit: tally.limit,
            remaining: tally.limit.map(|limit| (limit - used - 1).max(0)),
            reset,
        }))
    }

    /// Today's calls of a company as this instance knows them, when it has counted any lately.
    pub fn today(&self, company_id: Uuid, now: DateTime<Utc>) -> Option<i64> {
        self.lock().get(&(company_id, now.date_naive())).map(|tally| tally.known + tally.pending)
    }

    /// Adds the calls counted since the last flush to the database and learns everyone's totals.
    pub async fn flush(&self, store: &Store) -> Result<()> {
        let batch: Vec<((Uuid, NaiveDate), Tenant, i64)> = {
            let mut tallies = self.lock();
            tallies.retain(|_, tally| tally.pending > 0 || tally.idle_flushes > 0);
            tallies
                .iter_mut()
                .map(|(key, tally)| {
                    tally.idle_flushes = tally.idle_flushes.saturating_sub(1);
                    (*key, tally.tenant, std::mem::take(&mut tally.pending))
                })
                .collect()
        };
        for ((company_id, day), tenant, calls) in batch {
            match store.add_api_calls(&tenant, day, calls).await {
                Ok((limit, total)) => {
                    if let Some(tally) = self.lock().get_mut(&(company_id, day)) {
                        tally.known = total;
                        tally.limit = limit;
                    }
                }
                Err(err) => {
                    // Keep the calls for the next flush rather than lose them.
                    if let Some(tally) = self.lock().get_mut(&(company_id, day)) {
                        tally.pending += calls;
                    }
                    return Err(err);
                }
            }
        }
        Ok(())
    }

    /// Flushes every `period` until the process ends (the server flushes once more at shutdown).
    pub fn spawn_flusher(self: &Arc<Self>, store: &Store, period: Duration) {
        let (meter, store) = (Arc::clone(self), store.clone());
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(period);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                if let Err(err) = meter.flush(&store).await {
                    tracing::warn!(error = %err, "API call counts not flushed; retrying");
                }
            }
        });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(Uuid, NaiveDate), Tally>> {
        self.tallies.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
