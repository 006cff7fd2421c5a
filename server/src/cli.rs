//! The `tenantry` command line.

use std::io::Read;

use anyhow::Context;
use tenantry_core::Store;
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

pub async fn migrate(config: &Config) -> anyhow::Result<()> {
    let store = connect(config).await?;
    store.migrate().await?;
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
    store.migrate().await?;
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

fn read_password_from_stdin() -> anyhow::Result<String> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).context("reading the password from standard input")?;
    Ok(input.trim_end_matches(['\r', '\n']).to_owned())
}
