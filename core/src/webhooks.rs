//! Outbound webhooks and Slack posts for issue events. Deliveries are queued in the transaction of
//! the issue write that caused them (so none is lost or sent for a write that rolled back), then a
//! background worker posts them, signed with the webhook's secret, and retries failures with backoff.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::identity::{Action, Caller, Tenant};
use crate::issues::Issue;
use crate::mail::{Mail, Mailer};
use crate::secret::hmac_sha256_hex;
use crate::settings::integrations::TargetPolicy;
use crate::settings::{CompanySettings, Event};
use crate::{Error, Result, Store};

/// Attempts before a delivery is given up (the log keeps it).
pub const MAX_ATTEMPTS: i64 = 6;
/// `sha256=<hex HMAC-SHA256 of the body under the webhook's secret>`.
pub const SIGNATURE_HEADER: &str = "X-Tenantry-Signature";
pub const DELIVERY_HEADER: &str = "X-Tenantry-Delivery";
pub const EVENT_HEADER: &str = "X-Tenantry-Event";
/// The target name of a company's Slack channel in the delivery log.
pub const SLACK: &str = "slack";
/// The target name of email notifications in the delivery log.
pub const EMAIL: &str = "email";
/// How long a receiver has to answer.
const TIMEOUT: Duration = Duration::from_secs(10);

/// A delivery to queue: where it goes, for what, and the exact body to post.
#[derive(Debug, Clone, PartialEq)]
pub struct Queued {
    pub id: Uuid,
    pub target: String,
    pub event: String,
    pub payload: String,
}

/// The events a change to an issue raises.
pub fn events_of_change(before: &Issue, after: &Issue) -> Vec<Event> {
    let mut events = vec![Event::IssueUpdated];
    if before.resolved_at.is_none() && after.resolved_at.is_some() {
        events.push(Event::IssueResolved);
    }
    events
}

/// What the settings subscribe to `events` of `issue` (by `actor`): one delivery per active webhook,
/// Slack, and email notifications.
pub fn deliveries(
    settings: &CompanySettings,
    company_id: Uuid,
    events: &[Event],
    issue: &Issue,
    actor: Uuid,
) -> Vec<Queued> {
    let mut queued = Vec::new();
    for event in events {
        if settings.notifications.email && settings.notifications.events.contains(event) {
            let payload = json!({ "event": event.as_str(), "actor_id": actor, "issue": issue_json(issue) });
            queued.push(Queued {
                id: Uuid::now_v7(),
                target: EMAIL.into(),
                event: event.as_str().into(),
                payload: payload.to_string(),
            });
        }
        for hook in settings.integrations.webhooks.iter().filter(|hook| hook.active && hook.events.contains(event)) {
            let id = Uuid::now_v7();
            let payload = json!({
                "id": id,
                "event": event.as_str(),
                "occurred_at": Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "company_id": company_id,
                "actor_id": actor,
                "issue": issue_json(issue),
            });
            queued.push(Queued {
                id,
                target: hook.id.to_string(),
                event: event.as_str().into(),
                payload: payload.to_string(),
            });
        }
        if settings.integrations.slack.as_ref().is_some_and(|slack| slack.events.contains(event)) {
            let verb = match event {
                Event::IssueCreated => "created",
                Event::IssueUpdated => "updated",
                Event::IssueResolved => "resolved",
            };
            let text = format!(
                "{} {verb}: {} ({}, {}, {})",
                issue.key, issue.title, issue.issue_type, issue.priority, issue.status
            );
            queued.push(Queued {
                id: Uuid::now_v7(),
                target: SLACK.into(),
                event: event.as_str().into(),
                payload: json!({ "text": text }).to_string(),
            });
        }
    }
    queued
}

fn issue_json(issue: &Issue) -> Value {
    let time = |at: DateTime<Utc>| at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    json!({
        "issue_id": issue.id,
        "key": issue.key,
        "number": issue.number,
        "title": issue.title,
        "issue_type": issue.issue_type,
        "priority": issue.priority,
        "status": issue.status,
        "assignee_id": issue.assignee_id,
        "team_id": issue.team_id,
        "custom_fields": issue.custom_fields,
        "archived": issue.archived,
        "created_at": time(issue.created_at),
        "updated_at": time(issue.updated_at),
        "resolved_at": issue.resolved_at.map(time),
    })
}

/// One line of the delivery log.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub id: Uuid,
    pub target: String,
    pub event: String,
    pub attempts: i64,
    pub status_code: Option<i64>,
    pub latency_ms: Option<i64>,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub next_attempt_at: Option<DateTime<Utc>>,
}

impl Delivery {
    /// `delivered`, `retrying` (another attempt is scheduled) or `failed` (no more attempts).
    pub fn state(&self) -> &'static str {
        match (&self.delivered_at, &self.next_attempt_at) {
            (Some(_), _) => "delivered",
            (None, Some(_)) => "retrying",
            (None, None) => "failed",
        }
    }
}

/// A delivery the worker should attempt now.
#[derive(Debug, Clone)]
pub struct Due {
    pub company_id: Uuid,
    pub id: Uuid,
    pub target: String,
    pub event: String,
    pub payload: String,
    pub attempts: i64,
}

/// How one attempt went.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub status_code: Option<i64>,
    pub latency_ms: i64,
    pub error: Option<String>,
}

impl Attempt {
    /// A 2xx answer, or mail handed to the outbox; every failure carries its reason.
    pub fn succeeded(&self) -> bool {
        self.error.is_none()
    }
}

/// Posts deliveries: the worker's loop, and the settings page's "send test".
#[derive(Clone)]
pub struct Deliverer {
    store: Store,
    policy: TargetPolicy,
    /// The first retry waits this long; each next one four times longer.
    retry_base: Duration,
    mailer: Mailer,
    /// Where people reach the server, for the links in notification mail.
    public_url: Arc<str>,
}

impl Deliverer {
    pub fn new(store: Store, policy: TargetPolicy, retry_base: Duration, mailer: Mailer, public_url: Arc<str>) -> Self {
        Deliverer { store, policy, retry_base, mailer, public_url }
    }

    /// Where deliveries may go (settings are checked against the same policy).
    pub fn policy(&self) -> TargetPolicy {
        self.policy
    }

    /// Attempts due deliveries every `period`, for as long as the server runs.
    pub fn spawn(&self, period: Duration) {
        let deliverer = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(err) = deliverer.run_due().await {
                    tracing::warn!(error = %err, "webhook deliveries could not be read");
                }
                tokio::time::sleep(period).await;
            }
        });
    }

    /// Attempts every delivery that is due now; answers how many were attempted.
    pub async fn run_due(&self) -> Result<usize> {
        let due = self.store.due_deliveries(Utc::now(), 100).await?;
        let count = due.len();
        for delivery in due {
            let attempt = self.attempt(&delivery).await;
            let attempts = delivery.attempts + 1;
            let retry = (!attempt.succeeded() && attempts < MAX_ATTEMPTS).then(|| {
                let wait = self.retry_base * 4_u32.saturating_pow(attempts as u32 - 1);
                Utc::now() + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1))
            });
            let tenant = Tenant::background(delivery.company_id);
            self.store.record_attempt(&tenant, delivery.id, &attempt, retry).await?;
        }
        Ok(count)
    }

    async fn attempt(&self, delivery: &Due) -> Attempt {
        let company = match self.store.company(delivery.company_id).await {
            Ok(company) => company,
            Err(err) => return failed(format!("the company could not be read: {err}")),
        };
        if delivery.target == EMAIL {
            return self.notify(&company, delivery).await;
        }
        match target(&company.settings, &delivery.target) {
            Some((url, secret)) => {
                post(self.policy, &url, secret.as_deref(), &delivery.event, delivery.id, &delivery.payload).await
            }
            None => failed("this webhook was removed or switched off".into()),
        }
    }

    /// Posts a `ping` to `target` (a webhook's id, or `slack`) now, logs it and says how it went.
    pub async fn send_test(&self, caller: &Caller, company_id: Uuid, target_name: &str) -> Result<Delivery> {
        let tenant = caller.authorize(Action::Customize, company_id)?;
        let settings = self.store.company(company_id).await?.settings;
        let Some((url, secret)) = target(&settings, target_name) else {
            return Err(Error::NotFound);
        };
        let id = Uuid::now_v7();
        let payload = match secret {
            Some(_) => {
                json!({ "id": id, "event": "ping", "company_id": company_id, "message": "A test from Tenantry." })
            }
            None => json!({ "text": "A test from Tenantry: this channel will hear about issues." }),
        }
        .to_string();
        let queued = Queued { id, target: target_name.to_owned(), event: "ping".into(), payload: payload.clone() };
        self.store.log_delivery(&tenant, &queued).await?;
        let attempt = post(self.policy, &url, secret.as_deref(), "ping", id, &payload).await;
        self.store.record_attempt(&tenant, id, &attempt, None).await?;
        self.store.delivery(&tenant, id).await
    }
}

impl Deliverer {
    /// Turns an email delivery into mail for the people the issue concerns, queued in the outbox.
    async fn notify(&self, company: &crate::company::Company, delivery: &Due) -> Attempt {
        let started = Instant::now();
        let outcome = async {
            let payload: Value = serde_json::from_str(&delivery.payload)
                .map_err(|e| Error::Internal(format!("an email delivery is unreadable: {e}")))?;
            let event = Event::parse(payload["event"].as_str().unwrap_or_default())
                .ok_or_else(|| Error::Internal("an email delivery names no event".into()))?;
            let issue = &payload["issue"];
            let id = |value: &Value| value.as_str().and_then(|id| Uuid::parse_str(id).ok());
            let tenant = Tenant::background(company.id);
            let (Some(issue_id), Some(actor)) = (id(&issue["issue_id"]), id(&payload["actor_id"])) else {
                return Err(Error::Internal("an email delivery names no issue".into()));
            };
            let recipients = self.store.notification_recipients(&tenant, event, issue_id, actor).await?;
            let (key, title) = (issue["key"].as_str().unwrap_or_default(), issue["title"].as_str().unwrap_or_default());
            let number = issue["number"].as_i64().unwrap_or_default();
            let link = format!("{}/c/{}/issues/{number}", self.public_url, company.slug);
            let what = match event {
                Event::IssueCreated => "was created in your team",
                Event::IssueUpdated => "changed",
                Event::IssueResolved => "was resolved",
            };
            let mails: Vec<Mail> = recipients
                .into_iter()
                .map(|(email, name)| Mail {
                    company_id: Some(company.id),
                    to: email,
                    subject: format!("[{key}] {title}"),
                    body: format!(
                        "Hello {name},\n\n{key} \"{title}\" {what}.\nStatus: {}, priority: {}.\n\nOpen it: {link}\n\n\
                         You get this because of your company's notification settings in {}.\n",
                        issue["status"].as_str().unwrap_or_default(),
                        issue["priority"].as_str().unwrap_or_default(),
                        company.name,
                    ),
                })
                .collect();
            let ids = self.store.queue_mails(&mails).await?;
            self.mailer.deliver_later(&self.store, ids);
            Ok::<_, Error>(())
        }
        .await;
        let latency_ms = started.elapsed().as_millis() as i64;
        Attempt { status_code: None, latency_ms, error: outcome.err().map(|err| err.to_string()) }
    }
}

/// Where `name` posts: its URL and, for webhooks, the secret that signs.
fn target(settings: &CompanySettings, name: &str) -> Option<(String, Option<String>)> {
    if name == SLACK {
        return settings.integrations.slack.as_ref().map(|slack| (slack.webhook_url.clone(), None));
    }
    let id = Uuid::parse_str(name).ok()?;
    settings
        .integrations
        .webhook(id)
        .filter(|hook| hook.active)
        .map(|hook| (hook.url.clone(), Some(hook.secret.clone())))
}

fn failed(error: String) -> Attempt {
    Attempt { status_code: None, latency_ms: 0, error: Some(error) }
}

/// One POST, to the address the URL resolved to when checked (so DNS cannot swap in a private one).
async fn post(policy: TargetPolicy, raw_url: &str, secret: Option<&str>, event: &str, id: Uuid, body: &str) -> Attempt {
    let url = match policy.check_url(raw_url) {
        Ok(url) => url,
        Err(why) => return failed(why),
    };
    let addresses = match policy.resolve(&url).await {
        Ok(addresses) => addresses,
        Err(why) => return failed(why),
    };
    let host = url.host_str().unwrap_or_default().to_owned();
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .resolve_to_addrs(&host, &addresses)
        .user_agent("Tenantry-Webhooks/1")
        .build();
    let client = match client {
        Ok(client) => client,
        Err(err) => return failed(format!("no HTTP client: {err}")),
    };
    let mut request = client
        .post(url)
        .header("content-type", "application/json")
        .header(EVENT_HEADER, event)
        .header(DELIVERY_HEADER, id.to_string())
        .body(body.to_owned());
    if let Some(secret) = secret {
        request = request.header(SIGNATURE_HEADER, format!("sha256={}", hmac_sha256_hex(secret, body.as_bytes())));
    }
    let started = Instant::now();
    let outcome = request.send().await;
    let latency_ms = started.elapsed().as_millis() as i64;
    match outcome {
        Ok(response) => {
            let code = i64::from(response.status().as_u16());
            let error = (!response.status().is_success()).then(|| format!("the receiver answered {code}"));
            Attempt { status_code: Some(code), latency_ms, error }
        }
        Err(err) if err.is_timeout() => {
            Attempt { status_code: None, latency_ms, error: Some("no answer within 10 s".into()) }
        }
        Err(err) => Attempt { status_code: None, latency_ms, error: Some(format!("could not connect: {err}")) },
    }
}

/// The delivery log (owner/admin), newest first: `limit` lines older than `before`.
pub async fn log(
    store: &Store,
    caller: &Caller,
    company_id: Uuid,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<Delivery>> {
    let tenant = caller.authorize(Action::Customize, company_id)?;
    store.deliveries(&tenant, before, limit).await
}
