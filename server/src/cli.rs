//! The `tenantry` command line.

use std::io::Read;

use anyhow::Context;
use tenantry_core::Store;
use tenantry_core::analytics::rebuild;
use tenantry_core::domain::Email;
use tenantry_core::password::Password;
use tenantry_core::root_admin::{self, RootAdminChange};
use tenantry_core::store::ConnectOptions;

use crate::config::Config;

#[derive(Debug, clap::Parser)]
#[command(name = "tenantry", version, about = "Multi-tenant issue tracking: one binary, SQLite or PostgreSQL.")]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Serve the site and the API (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Recompute the analytics rollups from the issues (every company, or one by its slug).
    RebuildRollups {
        #[arg(long)]
        company: Option<String>,
    },
    /// Create the platform root admin, or reset its password.
    CreateRootAdmin {
        #[arg(long)]
        email: String,
        /// The password; read from standard input when absent.
        #[arg(long)]
        password: Option<String>,
    },
}

pub async fn connect(config: &Config) -> anyhow::Result<Store> {
    Ok(Store::connect(&ConnectOptions::new(&config.database_url)).await?)
}

/// Applies the migrations, then rebuilds the rollups of companies a migration marked stale.
pub async fn migrate_store(store: &Store) -> anyhow::Result<()> {
    store.migrate().await?;
    let rebuilt = rebuild::rebuild_stale(store).await?;
    if rebuilt > 0 {
        tracing::info!(companies = rebuilt, "rollups rebuilt after a migration");
    }
    if store.platform_rollups_stale().await? {
        let companies = store.rebuild_platform_rollups().await?;
        tracing::info!(companies, "platform rollups rebuilt after a migration");
    }
    Ok(())
}

pub async fn migrate(config: &Config) -> anyhow::Result<()> {
    let store = connect(config).await?;
    migrate_store(&store).await?;
    println!("Database ({}) is migrated.", store.engine());
    store.close().await;
    Ok(())
}

pub async fn create_root_admin(config: &Config, email: &str, password: Option<String>) -> anyhow::Result<()> {
    let email = Email::parse(email)?;
    let password = match password {
        Some(password) => password,
        None => read_password_from_stdin()?,
    };
    let password = Password::parse(&password)?;
    let store = connect(config).await?;
    migrate_store(&store).await?;
    let change = root_admin::create_or_reset(&store, &email, &password).await?;
    store.close().await;
    match change {
        RootAdminChange::Created => println!("Root admin {} created.", email.as_str()),
        RootAdminChange::PasswordReset => {
            println!("Root admin {}: password reset; its sessions have ended.", email.as_str())
        }
    }
    Ok(())
}

pub async fn rebuild_rollups(config: &Config, company: Option<&str>) -> anyhow::Result<()> {
    let store = connect(config).await?;
    migrate_store(&store).await?;
    let companies = match company {
        Some(slug) => vec![store.company_by_slug(slug).await.with_context(|| format!("no company \"{slug}\""))?.id],
        None => store.company_ids().await?,
    };
    let started = std::time::Instant::now();
    let mut issues = 0;
    rebuild::rebuild(&store, &companies, |place, total, done| {
        issues += done.issues;
        println!(
            "[{place}/{total}] company {}: {} issues in {} ms",
            done.company_id,
            done.issues,
            done.took.as_millis()
        );
    })
    .await?;
    if company.is_none() {
        let replayed = store.rebuild_platform_rollups().await?;
        println!("[platform] the operator console's rollups: {replayed} companies replayed");
    }
    store.close().await;
    println!(
        "Rebuilt the rollups of {} companies ({issues} issues) in {:.1} s.",
        companies.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn read_password_from_stdin() -> anyhow::Result<String> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).context("reading the password from standard input")?;
    Ok(input.trim_end_matches(['\r', '\n']).to_owned())
}
