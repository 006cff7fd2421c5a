//! Suspending a company (the platform operator only) and bringing it back: by hand, or by a job
//! once its reactivation date has passed. Nothing of the company's data changes; its people and
//! tokens are refused from their next request on (identity checks the company on every request).

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::audit::{AuditEvent, RequestMeta};
use crate::identity::{Action, Caller, Tenant};
use crate::mail::{Mail, Mailer};
use crate::validation::Fields;
use crate::{Result, Store};

/// The reason people are shown when the operator gave none.
pub const DEFAULT_REASON: &str = "Administrative action";
const MAX_REASON: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ReasonCode {
    Billing,
    Abuse,
    Requested,
    Legal,
    Other,
}

impl ReasonCode {
    pub const ALL: [ReasonCode; 5] =
        [ReasonCode::Billing, ReasonCode::Abuse, ReasonCode::Requested, ReasonCode::Legal, ReasonCode::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::Billing => "billing",
            ReasonCode::Abuse => "abuse",
            ReasonCode::Requested => "requested",
            ReasonCode::Legal => "legal",
            ReasonCode::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<ReasonCode> {
        ReasonCode::ALL.into_iter().find(|code| code.as_str() == value)
    }
}

/// Why, since when and until when a company is suspended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suspension {
    pub reason_code: ReasonCode,
    pub reason: String,
    pub suspended_at: DateTime<Utc>,
    /// When the job brings the company back; `None`: only by hand.
    pub reactivate_at: Option<DateTime<Utc>>,
}

/// A suspension as sent: every part optional, all validated.
#[derive(Debug, Clone, Default)]
pub struct SuspendRequest {
    pub reason: Option<String>,
    pub reason_code: Option<String>,
    /// RFC 3339 time, or a date (midnight UTC), in the future.
    pub reactivation_date: Option<String>,
}

/// Suspends the company (or changes the terms of its suspension) and mails its owner.
pub async fn suspend(
    store: &Store,
    mailer: &Mailer,
    caller: &Caller,
    company_id: Uuid,
    request: SuspendRequest,
    meta: &RequestMeta,
) -> Result<Suspension> {
    let tenant = caller.authorize(Action::SuspendCompany, company_id)?;
    let now = Utc::now();
    let suspension = parse(request, now)?;
    let event = AuditEvent {
        company_id: Some(company_id),
        actor_id: Some(caller.user_id),
        action: "company.suspended",
        target: format!("company:{company_id}"),
        details: serde_json::json!({
            "reason_code": suspension.reason_code,
            "reason": suspension.reason,
            "reactivation_date": suspension.reactivate_at,
        }),
        meta: meta.clone(),
    };
    let (suspension, mail) = store.suspend_company(&tenant, &suspension, caller.user_id, &event).await?;
    mailer.deliver_later(store, vec![mail]);
    Ok(suspension)
}

/// Restores access; a company that is not suspended stays as it is (`false`).
pub async fn reactivate(
    store: &Store,
    mailer: &Mailer,
    caller: &Caller,
    company_id: Uuid,
    meta: &RequestMeta,
) -> Result<bool> {
    let tenant = caller.authorize(Action::SuspendCompany, company_id)?;
    restore(store, mailer, &tenant, Some(caller.user_id), meta).await
}

/// Reactivates every company whose reactivation date is before `now`; answers how many.
pub async fn reactivate_due(store: &Store, mailer: &Mailer, now: DateTime<Utc>) -> Result<usize> {
    let due = store.due_reactivations(now).await?;
    let mut done = 0;
    for company_id in due {
        if restore(store, mailer, &Tenant::background(company_id), None, &RequestMeta::default()).await? {
            done += 1;
        }
    }
    Ok(done)
}

/// Runs `reactivate_due` every `period` until the process ends.
pub fn spawn_reactivations(store: &Store, mailer: &Mailer, period: Duration) {
    let (store, mailer) = (store.clone(), mailer.clone());
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match reactivate_due(&store, &mailer, Utc::now()).await {
                Ok(0) => {}
                Ok(done) => tracing::info!(companies = done, "scheduled reactivations done"),
                Err(err) => tracing::warn!(error = %err, "scheduled reactivations failed; retrying"),
            }
        }
    });
}

async fn restore(
    store: &Store,
    mailer: &Mailer,
    tenant: &Tenant,
    actor: Option<Uuid>,
    meta: &RequestMeta,
) -> Result<bool> {
    let company_id = tenant.company_id();
    let event = AuditEvent {
        company_id: Some(company_id),
        actor_id: actor,
        action: "company.reactivated",
        target: format!("company:{company_id}"),
        details: serde_json::json!({ "scheduled": actor.is_none() }),
        meta: meta.clone(),
    };
    let mail = store.reactivate_company(tenant, actor, &event).await?;
    let changed = mail.is_some();
    mailer.deliver_later(store, mail.into_iter().collect());
    Ok(changed)
}

fn parse(request: SuspendRequest, now: DateTime<Utc>) -> Result<Suspension> {
    let mut fields = Fields::default();
    let reason = request.reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    if reason.as_ref().is_some_and(|r| r.chars().count() > MAX_REASON) {
        fields.add("reason", format!("reason is at most {MAX_REASON} characters."));
    }
    let reason_code = match request.reason_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => ReasonCode::Other,
        Some(code) => ReasonCode::parse(code).unwrap_or_else(|| {
            fields.add("reason_code", "reason_code is billing, abuse, requested, legal or other.");
            ReasonCode::Other
        }),
    };
    let reactivate_at = match request.reactivation_date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(raw) => match parse_moment(raw) {
            Some(at) if at > now => Some(at),
            Some(_) => {
                fields.add("reactivation_date", "reactivation_date must be in the future.");
                None
            }
            None => {
                fields.add("reactivation_date", "reactivation_date is an RFC 3339 time or a date like 2027-01-31.");
                None
            }
        },
    };
    fields.finish()?;
    Ok(Suspension {
        reason_code,
        reason: reason.unwrap_or_else(|| DEFAULT_REASON.to_owned()),
        suspended_at: now,
        reactivate_at,
    })
}

/// An RFC 3339 time, or a date meaning its midnight UTC.
fn parse_moment(raw: &str) -> Option<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Some(at.with_timezone(&Utc));
    }
    let date: NaiveDate = raw.parse().ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

/// The owner's mail about a suspension.
pub(crate) fn suspended_mail(company_id: Uuid, company: &str, owner: &str, suspension: &Suspension) -> Mail {
    let until = match suspension.reactivate_at {
        Some(at) => format!("Access returns on {} (UTC).", at.format("%Y-%m-%d %H:%M")),
        None => "Access returns when the platform operator reactivates the company.".to_owned(),
    };
    Mail {
        company_id: Some(company_id),
        to: owner.to_owned(),
        subject: format!("{company} is suspended"),
        body: format!(
            "The workspace of {company} is suspended: {} ({}).\n\n{until}\n\nNobody of {company} can sign in \
             or use its API tokens meanwhile. Nothing of your data is deleted or changed.\n\nTo get help, reply to \
             this mail.\n",
            suspension.reason,
            suspension.reason_code.as_str(),
        ),
    }
}

/// The owner's mail when access returns.
pub(crate) fn reactivated_mail(company_id: Uuid, company: &str, owner: &str) -> Mail {
    Mail {
        company_id: Some(company_id),
        to: owner.to_owned(),
        subject: format!("{company} is active again"),
        body: format!("The workspace of {company} is active again: everyone can sign in and use it as before.\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    fn request(code: Option<&str>, date: Option<&str>) -> SuspendRequest {
        SuspendRequest { reason: None, reason_code: code.map(Into::into), reactivation_date: date.map(Into::into) }
    }

    #[test]
    fn defaults_codes_and_dates() {
        let now: DateTime<Utc> = "2026-12-05T10:00:00Z".parse().unwrap();
        let plain = parse(request(None, None), now).unwrap();
        assert_eq!(
            (plain.reason.as_str(), plain.reason_code, plain.reactivate_at),
            (DEFAULT_REASON, ReasonCode::Other, None)
        );
        let dated = parse(request(Some("billing"), Some("2026-12-24")), now).unwrap();
        assert_eq!(dated.reactivate_at, Some("2026-12-24T00:00:00Z".parse().unwrap()));
        let timed = parse(request(None, Some("2026-12-05T12:00:00+01:00")), now).unwrap();
        assert_eq!(timed.reactivate_at, Some("2026-12-05T11:00:00Z".parse().unwrap()));
        for bad in [request(Some("fraud"), None), request(None, Some("2026-12-05")), request(None, Some("soon"))] {
            assert!(matches!(parse(bad, now), Err(Error::Validation { .. })));
        }
    }
}
