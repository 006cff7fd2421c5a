//! The cost of metering: an authenticated API read with the daily quota, counting and the token
//! burst limit on, against the same server with them off, in one run, on SQLite and (when
//! `TEST_DATABASE_URL` names a PostgreSQL server) PostgreSQL.
//!
//! `cargo bench -p tenantry --bench api` (`BENCH_REQUESTS`, default 10,000 per round).

use std::time::Instant;

use clap::Parser;
use serde_json::{Value, json};
use tenantry::Server;
use tenantry::cli::Cli;
use tenantry_core::Store;
use tenantry_core::audit::RequestMeta;
use tenantry_core::entitlements::{self, OverridesChange};
use tenantry_core::identity::{Caller, Role};
use tenantry_core::testing::TestDatabase;

/// Tokens the requests rotate through, so no token's burst limit is what gets measured.
const TOKENS: usize = 100;
const CONCURRENCY: usize = 16;

#[tokio::main]
async fn main() {
    let requests: usize = std::env::var("BENCH_REQUESTS").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    println!("{requests} authenticated reads per round, {CONCURRENCY} in flight, best of five rounds");
    println!("{:<12} {:>14} {:>14} {:>8}", "engine", "metering off", "metering on", "ratio");
    bench(TestDatabase::sqlite(), requests).await;
    match std::env::var("TEST_DATABASE_URL").ok().filter(|url| !url.is_empty()) {
        Some(url) => bench(TestDatabase::postgres(url).await, requests).await,
        None => println!("(PostgreSQL skipped: set TEST_DATABASE_URL to include it)"),
    }
}

async fn bench(database: TestDatabase, requests: usize) {
    let (on_url, on, store) = serve(&database.url, true).await;
    let (off_url, off, _) = serve(&database.url, false).await;
    let client = reqwest::Client::new();
    let (company_id, tokens) = setup(&client, &on_url).await;
    // A daily quota no round reaches: the check runs on every call but never refuses.
    let root = Caller {
        user_id: uuid::Uuid::nil(),
        email: "root@bench.test".into(),
        name: "Root".into(),
        role: Role::Root,
        company_id: None,
        company_slug: None,
    };
    let quota = OverridesChange { api_calls_daily: Some(Some(1_000_000_000)), ..OverridesChange::default() };
    entitlements::set_overrides(&store, &root, company_id.parse().unwrap(), quota, &RequestMeta::default())
        .await
        .expect("the quota is raised");
    let path = format!("/api/v1/companies/{company_id}");
    let (mut best_on, mut best_off) = (0f64, 0f64);
    for _ in 0..5 {
        best_off = best_off.max(round(&client, &off_url, &path, &tokens, requests).await);
        best_on = best_on.max(round(&client, &on_url, &path, &tokens, requests).await);
    }
    println!("{:<12} {:>10.0} r/s {:>10.0} r/s {:>8.3}", engine(&database.url), best_off, best_on, best_on / best_off);
    drop((on, off));
}

fn engine(url: &str) -> &'static str {
    if url.starts_with("postgres") { "PostgreSQL" } else { "SQLite" }
}

/// A server on `url` (and its store); the sender stops it when dropped.
async fn serve(url: &str, metering: bool) -> (String, tokio::sync::oneshot::Sender<()>, Store) {
    let site = std::env::temp_dir().join("tenantry-bench-no-site");
    let metering = metering.to_string();
    let cli = Cli::parse_from([
        "tenantry",
        "--addr",
        "127.0.0.1:0",
        "--database-url",
        url,
        "--site-root",
        site.to_str().unwrap(),
        "--signup-limit-per-hour",
        "0",
        "--api-metering",
        &metering,
        "--log",
        "warn",
    ]);
    let server = Server::start(&cli.config).await.expect("the server starts");
    let address = format!("http://{}", server.local_addr());
    let store = server.store().clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.run_until(async {
        let _ = stopped.await;
    }));
    (address, stop, store)
}

/// A Premium company with a daily quota no round reaches, and tokens to rotate through.
async fn setup(client: &reqwest::Client, base: &str) -> (String, Vec<String>) {
    let password = "correct horse battery";
    let created: Value = client
        .post(format!("{base}/api/v1/companies/provision"))
        .json(&json!({"company_name": "Bench Corp", "admin_email": "owner@bench.test", "admin_name": "Owner",
            "admin_password": password, "subscription_tier": "Premium"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let company_id = created["company_id"].as_str().unwrap().to_owned();
    let login = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": "owner@bench.test", "password": password}))
        .send()
        .await
        .unwrap();
    let cookie = login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let mut tokens = Vec::with_capacity(TOKENS);
    for n in 0..TOKENS {
        let token: Value = client
            .post(format!("{base}/api/v1/companies/{company_id}/api-tokens"))
            .header("cookie", &cookie)
            .json(&json!({"name": format!("bench {n}"), "role": "viewer"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        tokens.push(token["token"].as_str().unwrap().to_owned());
    }
    (company_id, tokens)
}

/// Requests per second for `requests` reads of `path`, `CONCURRENCY` at a time.
async fn round(client: &reqwest::Client, base: &str, path: &str, tokens: &[String], requests: usize) -> f64 {
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..CONCURRENCY {
        let (client, url) = (client.clone(), format!("{base}{path}"));
        let tokens: Vec<String> = tokens.to_vec();
        workers.push(tokio::spawn(async move {
            let mut n = worker;
            while n < requests {
                let response = client.get(&url).bearer_auth(&tokens[n % tokens.len()]).send().await.unwrap();
                assert_eq!(response.status(), 200, "every read is served");
                let _ = response.bytes().await;
                n += CONCURRENCY;
            }
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    requests as f64 / started.elapsed().as_secs_f64()
}
