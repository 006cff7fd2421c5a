//! Public signup is abuse-limited per address (in memory, per server instance).

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::{Error, Result};

pub struct SignupLimit {
    /// `None`: no limit.
    per_ip: Option<DefaultKeyedRateLimiter<IpAddr>>,
}

impl SignupLimit {
    /// At most `signups` per hour from one address, spread evenly after a first burst; 0 turns it off.
    pub fn per_hour(signups: u32) -> SignupLimit {
        let per_ip = NonZeroU32::new(signups).and_then(|burst| {
            Quota::with_period(Duration::from_secs(3600) / burst.get())
                .map(|quota| RateLimiter::keyed(quota.allow_burst(burst)))
        });
        SignupLimit { per_ip }
    }

    /// Counts one signup from `ip`, or refuses it with how long to wait.
    pub fn admit(&self, ip: Option<&str>) -> Result<()> {
        let (Some(limiter), Some(ip)) = (&self.per_ip, ip.and_then(|ip| ip.parse::<IpAddr>().ok())) else {
            return Ok(());
        };
        limiter.check_key(&ip).map_err(|not_until| {
            let wait = not_until.wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()));
            Error::RateLimited {
                message: "Too many signups from this address. Try again later.".into(),
                retry_after_secs: wait.as_secs().max(1),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_past_the_hourly_burst_per_address_and_zero_turns_it_off() {
        let limit = SignupLimit::per_hour(2);
        assert!(limit.admit(Some("10.0.0.1")).is_ok());
        assert!(limit.admit(Some("10.0.0.1")).is_ok());
        match limit.admit(Some("10.0.0.1")) {
            Err(Error::RateLimited { retry_after_secs, .. }) => assert!((1..=1800).contains(&retry_after_secs)),
            other => panic!("{other:?}"),
        }
        assert!(limit.admit(Some("10.0.0.2")).is_ok(), "another address has its own allowance");
        let off = SignupLimit::per_hour(0);
        assert!((0..50).all(|_| off.admit(Some("10.0.0.1")).is_ok()));
    }
}
