use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::OnceLock;
use std::time::Duration;

use chrono::Utc;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::{Account, AccountStatus, Caller};
use crate::audit::{AuditEvent, RequestMeta};
use crate::password::{self, Password};
use crate::{Error, Result, Store};

/// Failed logins one account may have within `FAILURE_WINDOW` before it waits.
pub const MAX_FAILURES: i64 = 10;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Attempts one address may make within the window: far above one account's, for offices behind one IP.
const IP_ATTEMPTS_PER_WINDOW: u32 = 100;

const WRONG_CREDENTIALS: &str = "Wrong email or password.";

/// Per-address throttling of login attempts (in memory, per instance; the per-account limit is shared in the database).
pub struct LoginThrottle {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        let burst = NonZeroU32::new(IP_ATTEMPTS_PER_WINDOW).expect("non-zero");
        let quota =
            Quota::with_period(FAILURE_WINDOW / IP_ATTEMPTS_PER_WINDOW).expect("non-zero period").allow_burst(burst);
        LoginThrottle { per_ip: RateLimiter::keyed(quota) }
    }
}

impl LoginThrottle {
    fn admit(&self, ip: Option<&str>) -> Result<()> {
        let Some(ip) = ip.and_then(|ip| ip.parse::<IpAddr>().ok()) else {
            return Ok(());
        };
        self.per_ip.check_key(&ip).map_err(|not_until| {
            let wait = not_until.wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()));
            too_many(wait.as_secs().max(1))
        })
    }
}

fn too_many(retry_after_secs: u64) -> Error {
    Error::RateLimited {
        message: "Too many login attempts. Wait a few minutes, then try again.".into(),
        retry_after_secs,
    }
}

/// Checks an email and password. Every wrong answer is the same sentence, after about the same time.
pub async fn login(
    store: &Store,
    throttle: &LoginThrottle,
    email: &str,
    candidate: &str,
    meta: &RequestMeta,
) -> Result<Account> {
    let mut fields = crate::validation::Fields::default();
    fields.required("email", Some(email));
    fields.required("password", Some(candidate));
    fields.finish()?;
    throttle.admit(meta.ip.as_deref())?;

    let email_key = email.trim().to_lowercase();
    let now = Utc::now();
    let window_start = now - chrono::Duration::from_std(FAILURE_WINDOW).expect("fits");
    let failures = store.login_failures_since(&email_key, window_start).await?;
    if failures.count >= MAX_FAILURES {
        let oldest = failures.oldest.unwrap_or(now);
        let retry = (oldest + chrono::Duration::from_std(FAILURE_WINDOW).expect("fits") - now).num_seconds();
        return Err(too_many(retry.max(1) as u64));
    }

    let account = store.account_by_email(&email_key).await?;
    let stored_hash = account.as_ref().and_then(|a| a.password_hash.clone());
    // Unknown accounts still pay for one verification, so timing tells nothing.
    let hash = match stored_hash {
        Some(hash) => hash,
        None => dummy_hash().await?,
    };
    let verified = password::verify(candidate.to_owned(), hash).await;
    let account = match account {
        Some(account) if verified && account.status == AccountStatus::Active => account,
        other => {
            store.record_login_failure(&email_key, now, &failed_event(other.as_ref(), &email_key, meta)).await?;
            return Err(Error::Unauthenticated(WRONG_CREDENTIALS.into()));
        }
    };
    Caller::from_account(account.clone())?;
    store.record_login_success(&email_key, &audit(&account, "login.succeeded", meta)).await?;
    Ok(account)
}

fn audit(account: &Account, action: &'static str, meta: &RequestMeta) -> AuditEvent {
    AuditEvent {
        company_id: account.company_id,
        actor_id: Some(account.id),
        action,
        target: format!("user:{}", account.id),
        details: serde_json::json!({ "email": account.email }),
        meta: meta.clone(),
    }
}

fn failed_event(account: Option<&Account>, email_key: &str, meta: &RequestMeta) -> AuditEvent {
    match account {
        Some(account) => audit(account, "login.failed", meta),
        None => AuditEvent {
            company_id: None,
            actor_id: None,
            action: "login.failed",
            target: "user:unknown".into(),
            details: serde_json::json!({ "email": email_key }),
            meta: meta.clone(),
        },
    }
}

/// A real argon2id hash of a password nobody knows, made once.
async fn dummy_hash() -> Result<String> {
    static HASH: OnceLock<String> = OnceLock::new();
    if let Some(hash) = HASH.get() {
        return Ok(hash.clone());
    }
    let hash = Password::generate().hash().await?;
    Ok(HASH.get_or_init(|| hash).clone())
}
