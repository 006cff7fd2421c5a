//! Configuration from flags and environment, validated once at start.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::Uri;

/// Settings every command shares; each may come from a flag or its environment variable.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Database: `sqlite:PATH` (created with its folder if missing) or `postgres://…`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite:data/tenantry.db", global = true)]
    pub database_url: String,

    /// Address to listen on.
    #[arg(long, env = "TENANTRY_ADDR", default_value = "127.0.0.1:3000", global = true)]
    pub addr: SocketAddr,

    /// The address people use (mail links, origin check, Secure cookies). Default: http:// + the listen address.
    #[arg(long, env = "TENANTRY_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// SMTP server for outgoing mail (`smtp://` or `smtps://`); without it, mail is kept in an outbox.
    #[arg(long, env = "TENANTRY_SMTP_URL", global = true)]
    pub smtp_url: Option<String>,

    /// The sender of every mail.
    #[arg(long, env = "TENANTRY_MAIL_FROM", default_value = "Tenantry <no-reply@tenantry.local>", global = true)]
    pub mail_from: String,

    /// Folder holding the built site (`pkg/`, public assets). Default: the build's `target/site`.
    #[arg(long, env = "TENANTRY_SITE_ROOT", global = true)]
    pub site_root: Option<PathBuf>,

    /// Minutes a browser session lasts without being used.
    #[arg(long, env = "TENANTRY_SESSION_IDLE_MINUTES", default_value_t = 7 * 24 * 60, value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub session_idle_minutes: u32,

    /// Hours a browser session lasts after login, however active.
    #[arg(long, env = "TENANTRY_SESSION_MAX_HOURS", default_value_t = 30 * 24, value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub session_max_hours: u32,

    /// Public signups allowed per hour from one address (per instance); 0 turns the limit off.
    #[arg(long, env = "TENANTRY_SIGNUP_LIMIT_PER_HOUR", default_value_t = 10, global = true)]
    pub signup_limit_per_hour: u32,

    /// Count API calls against the daily quotas and token burst limits (`false` for benchmarks or an emergency).
    #[arg(long, env = "TENANTRY_API_METERING", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub api_metering: bool,

    /// Let webhooks and Slack reach private, loopback and link-local hosts, over http too (tests,
    /// closed networks). Off by default so a webhook cannot probe the network we run in.
    #[arg(long, env = "TENANTRY_ALLOW_PRIVATE_WEBHOOKS", global = true, value_parser = clap::builder::BoolishValueParser::new())]
    pub allow_private_webhooks: bool,

    /// Seconds before a failed webhook delivery is tried again; each next wait is four times longer.
    #[arg(long, env = "TENANTRY_WEBHOOK_RETRY_SECONDS", default_value_t = 10, global = true)]
    pub webhook_retry_seconds: u64,

    /// Seconds between checks for suspended companies whose reactivation date has passed.
    #[arg(long, env = "TENANTRY_REACTIVATION_CHECK_SECONDS", default_value_t = 60, global = true)]
    pub reactivation_check_seconds: u64,

    /// Log filter, e.g. `info` or `tenantry=debug,sqlx=warn`.
    #[arg(long, env = "TENANTRY_LOG", default_value = "info", global = true)]
    pub log: String,

    /// Log format.
    #[arg(long, env = "TENANTRY_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    /// The public origin, e.g. `https://tenantry.example.com`, without a trailing slash.
    /// Without TENANTRY_PUBLIC_URL, the address actually bound (`bound`).
    pub fn public_url(&self, bound: SocketAddr) -> anyhow::Result<String> {
        let Some(raw) = &self.public_url else {
            return Ok(format!("http://{bound}"));
        };
        let uri: Uri = raw.parse().map_err(|_| anyhow::anyhow!("TENANTRY_PUBLIC_URL is not a URL: {raw:?}"))?;
        match (uri.scheme_str(), uri.authority()) {
            (Some("http" | "https"), Some(_)) => Ok(raw.trim_end_matches('/').to_owned()),
            _ => anyhow::bail!("TENANTRY_PUBLIC_URL must start with http:// or https:// and name a host, got {raw:?}"),
        }
    }

    /// Where mail goes, checked so a typo fails at start rather than at the first signup.
    pub fn mail_transport(&self) -> anyhow::Result<String> {
        match &self.smtp_url {
            None => Ok("outbox (no TENANTRY_SMTP_URL set)".to_owned()),
            Some(url) => {
                let uri: Uri = url.parse().map_err(|_| anyhow::anyhow!("TENANTRY_SMTP_URL is not a URL"))?;
                match (uri.scheme_str(), uri.host()) {
                    (Some("smtp" | "smtps"), Some(host)) => Ok(format!("SMTP via {host}")),
                    _ => anyhow::bail!("TENANTRY_SMTP_URL must look like smtp://host:port or smtps://user:pass@host"),
                }
            }
        }
    }

    pub fn session_idle(&self) -> std::time::Duration {
        std::time::Duration::from_secs(u64::from(self.session_idle_minutes) * 60)
    }

    pub fn session_absolute(&self) -> chrono::Duration {
        chrono::Duration::hours(i64::from(self.session_max_hours))
    }

    /// The built site: the flag, else the folder cargo-leptos wrote next to this build.
    pub fn site_root(&self) -> PathBuf {
        self.site_root.clone().unwrap_or_else(|| {
            let built = option_env!("LEPTOS_SITE_ROOT").unwrap_or("target/site");
            let workspace = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
            PathBuf::from(workspace).join(built)
        })
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Probe {
        #[command(flatten)]
        config: Config,
    }

    fn config(args: &[&str]) -> Config {
        let mut argv = vec!["probe"];
        argv.extend_from_slice(args);
        Probe::parse_from(argv).config
    }

    #[test]
    fn public_url_defaults_to_the_listen_address_and_is_validated() {
        let bound: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        assert_eq!(config(&[]).public_url(bound).unwrap(), "http://127.0.0.1:4000");
        assert_eq!(
            config(&["--public-url", "https://t.example.com/"]).public_url(bound).unwrap(),
            "https://t.example.com"
        );
        assert!(config(&["--public-url", "ftp://x"]).public_url(bound).is_err());
        assert!(config(&["--public-url", "not a url"]).public_url(bound).is_err());
    }

    #[test]
    fn smtp_url_is_checked() {
        assert!(config(&[]).mail_transport().unwrap().starts_with("outbox"));
        assert_eq!(config(&["--smtp-url", "smtp://mail.local:25"]).mail_transport().unwrap(), "SMTP via mail.local");
        assert!(config(&["--smtp-url", "http://x"]).mail_transport().is_err());
    }
}
