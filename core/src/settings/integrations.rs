//! Where a company's issue events go: email notifications, a Slack channel, outbound webhooks.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

/// Issue events that notifications and webhooks subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Event {
    #[serde(rename = "issue.created")]
    IssueCreated,
    #[serde(rename = "issue.updated")]
    IssueUpdated,
    #[serde(rename = "issue.resolved")]
    IssueResolved,
}

impl Event {
    pub const ALL: [Event; 3] = [Event::IssueCreated, Event::IssueUpdated, Event::IssueResolved];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::IssueCreated => "issue.created",
            Event::IssueUpdated => "issue.updated",
            Event::IssueResolved => "issue.resolved",
        }
    }

    pub fn parse(raw: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|event| event.as_str() == raw.trim())
    }

    /// Parses a list of event names, or says which one is unknown.
    pub fn parse_list(raw: &Value) -> Result<Vec<Event>, String> {
        let names = Event::ALL.map(Event::as_str).join(", ");
        let Some(items) = raw.as_array() else {
            return Err(format!("events is a list of: {names}."));
        };
        let mut events = items
            .iter()
            .map(|item| item.as_str().and_then(Event::parse).ok_or_else(|| format!("Events are among: {names}.")))
            .collect::<Result<Vec<_>, _>>()?;
        events.sort();
        events.dedup();
        Ok(events)
    }
}

/// Email to the people an issue concerns (its team, assignee and reporter), per event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notifications {
    pub email: bool,
    #[serde(default = "default_email_events")]
    pub events: Vec<Event>,
}

fn default_email_events() -> Vec<Event> {
    vec![Event::IssueCreated, Event::IssueResolved]
}

impl Default for Notifications {
    fn default() -> Self {
        Notifications { email: true, events: default_email_events() }
    }
}

/// Posts a line to a Slack channel through an incoming-webhook URL (a credential: never shown again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slack {
    pub webhook_url: String,
    pub events: Vec<Event>,
}

/// An outbound webhook: signed JSON to `url` for each subscribed event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Webhook {
    pub id: Uuid,
    pub url: String,
    /// Signs every delivery (HMAC-SHA256); write-only.
    pub secret: String,
    pub events: Vec<Event>,
    pub active: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Integrations {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slack: Option<Slack>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub webhooks: Vec<Webhook>,
}

/// A webhook has at most this many subscriptions per company.
pub const MAX_WEBHOOKS: usize = 10;
/// Webhook secrets have 16 to 200 characters.
pub const SECRET_CHARS: std::ops::RangeInclusive<usize> = 16..=200;

impl Integrations {
    /// What may be shown: no secrets, and only the tail of the Slack URL.
    pub fn public(&self) -> Value {
        let mut shown = serde_json::Map::new();
        if let Some(slack) = &self.slack {
            shown.insert(
                "slack".into(),
                json!({ "configured": true, "webhook_url_hint": hint(&slack.webhook_url), "events": slack.events }),
            );
        }
        if !self.webhooks.is_empty() {
            let hooks: Vec<Value> = self
                .webhooks
                .iter()
                .map(|hook| json!({ "id": hook.id, "url": hook.url, "events": hook.events, "active": hook.active }))
                .collect();
            shown.insert("webhooks".into(), Value::Array(hooks));
        }
        Value::Object(shown)
    }

    pub fn webhook(&self, id: Uuid) -> Option<&Webhook> {
        self.webhooks.iter().find(|hook| hook.id == id)
    }
}

/// `https://hooks.slack.com/…/abcd`: enough to recognise the URL, not to use it.
fn hint(url: &str) -> String {
    let tail: String = url.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    let host = url::Url::parse(url).ok().and_then(|url| url.host_str().map(str::to_owned)).unwrap_or_default();
    format!("https://{host}/…{tail}")
}

/// Whether outbound targets may be plain http or private addresses (`TENANTRY_ALLOW_PRIVATE_WEBHOOKS`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TargetPolicy {
    pub allow_private: bool,
}

impl TargetPolicy {
    /// The URL's form: absolute, https (http only when private targets are allowed), no credentials.
    pub fn check_url(self, raw: &str) -> Result<url::Url, String> {
        let url =
            url::Url::parse(raw.trim()).map_err(|_| "Enter a full URL, like https://example.com/hook.".to_owned())?;
        let scheme_ok = url.scheme() == "https" || (self.allow_private && url.scheme() == "http");
        if !scheme_ok {
            return Err("The URL must start with https://.".into());
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err("The URL needs a host.".into());
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("Put credentials in the secret, not in the URL.".into());
        }
        if raw.len() > 2_000 {
            return Err("The URL has at most 2,000 characters.".into());
        }
        Ok(url)
    }

    /// Resolves the URL's host and refuses private, loopback and link-local addresses (unless allowed),
    /// so a webhook cannot reach inside our network. Checked when saved and again at every delivery.
    pub async fn resolve(self, url: &url::Url) -> Result<Vec<std::net::SocketAddr>, String> {
        let host = url.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']').to_owned();
        let port = url.port_or_known_default().unwrap_or(443);
        let addresses: Vec<std::net::SocketAddr> = match host.parse::<IpAddr>() {
            Ok(ip) => vec![std::net::SocketAddr::new(ip, port)],
            Err(_) => tokio::net::lookup_host((host.as_str(), port))
                .await
                .map_err(|_| format!("The host {host} could not be found."))?
                .collect(),
        };
        if addresses.is_empty() {
            return Err(format!("The host {host} could not be found."));
        }
        if !self.allow_private && addresses.iter().any(|address| !is_public(address.ip())) {
            return Err(format!("{host} is a private, loopback or link-local address; webhooks go to public hosts."));
        }
        Ok(addresses)
    }
}

/// Whether an address is on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b)))
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public(IpAddr::V4(v4)),
            None => {
                !(v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || v6.is_unique_local()
                    || v6.is_unicast_link_local())
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_loopback_addresses_are_not_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.5",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["1.1.1.1", "93.184.216.34", "2606:4700::1111"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[tokio::test]
    async fn targets_must_be_https_and_public_unless_allowed() {
        let strict = TargetPolicy::default();
        assert!(strict.check_url("http://example.com/hook").is_err());
        assert!(strict.check_url("https://user:pw@example.com/").is_err());
        assert!(strict.check_url("not a url").is_err());
        let url = strict.check_url("https://127.0.0.1:9/hook").unwrap();
        assert!(strict.resolve(&url).await.is_err());
        let url = strict.check_url("https://localhost/hook").unwrap();
        assert!(strict.resolve(&url).await.is_err());
        let open = TargetPolicy { allow_private: true };
        let url = open.check_url("http://127.0.0.1:9/hook").unwrap();
        assert_eq!(open.resolve(&url).await.unwrap().len(), 1);
    }

    #[test]
    fn the_public_view_hides_secrets() {
        let integrations = Integrations {
            slack: Some(Slack {
                webhook_url: "https://hooks.slack.com/services/T0/B0/secretXYZ9".into(),
                events: vec![Event::IssueCreated],
            }),
            webhooks: vec![Webhook {
                id: Uuid::nil(),
                url: "https://example.com/h".into(),
                secret: "s3cr3t-s3cr3t-s3cr3t".into(),
                events: Event::ALL.to_vec(),
                active: true,
            }],
        };
        let shown = integrations.public().to_string();
        assert!(!shown.contains("s3cr3t") && !shown.contains("secretXYZ9"), "{shown}");
        assert!(shown.contains("…XYZ9") && shown.contains("https://example.com/h"), "{shown}");
    }
}
