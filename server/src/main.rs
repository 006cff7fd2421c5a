use std::process::ExitCode;

use clap::Parser;
use tenantry::cli::{self, Cli, Command};
use tenantry::{Server, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(err) = telemetry::init(&cli.config) {
        eprintln!("error: {err:#}");
        return ExitCode::FAILURE;
    }
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&cli.config).await,
        Command::Migrate => cli::migrate(&cli.config).await,
        Command::RebuildRollups { company } => cli::rebuild_rollups(&cli.config, company.as_deref()).await,
        Command::CreateRootAdmin { email, password } => cli::create_root_admin(&cli.config, &email, password).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: &tenantry::Config) -> anyhow::Result<()> {
    let server = Server::start(config).await?;
    server.announce_root_admin().await?;
    server.run_until_signal().await
}
