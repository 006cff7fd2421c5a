//! Provisioning throughput: companies per second with p50/p99 latency, with and without password
//! hashing, on SQLite and (when `TEST_DATABASE_URL` names a PostgreSQL server) PostgreSQL.
//!
//! `cargo bench -p tenantry-core --features test-support --bench provisioning`
//! (`BENCH_COMPANIES=100` for a quicker run; `BENCH_CONCURRENCY`, default 8, requests in flight).

use std::sync::Arc;
use std::time::{Duration, Instant};

use tenantry_core::Store;
use tenantry_core::audit::RequestMeta;
use tenantry_core::mail::Mailer;
use tenantry_core::provisioning::{self, ProvisionRequest, Provisioner};
use tenantry_core::signup_limit::SignupLimit;
use tenantry_core::store::ConnectOptions;
use tenantry_core::testing::TestDatabase;

#[tokio::main]
async fn main() {
    let setting = |name: &str, default: usize| std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default);
    let companies = setting("BENCH_COMPANIES", 1000);
    let concurrency = setting("BENCH_CONCURRENCY", 8).max(1);
    println!("{companies} companies, {concurrency} in flight");
    println!("{:<12} {:<18} {:>12} {:>9} {:>9}", "engine", "password", "companies/s", "p50", "p99");
    let postgres = std::env::var("TEST_DATABASE_URL").ok().filter(|url| !url.is_empty());
    for hashing in [false, true] {
        run(TestDatabase::sqlite(), companies, concurrency, hashing).await;
        if let Some(url) = &postgres {
            run(TestDatabase::postgres(url.clone()).await, companies, concurrency, hashing).await;
        }
    }
    if postgres.is_none() {
        println!("(PostgreSQL skipped: set TEST_DATABASE_URL to include it)");
    }
}

async fn run(database: TestDatabase, companies: usize, concurrency: usize, hashing: bool) {
    let store = Store::connect(&ConnectOptions::new(&database.url)).await.expect("connect");
    store.migrate().await.expect("migrate");
    let shared = Arc::new((store.clone(), Mailer::new(None, "bench@tenantry.local").expect("mailer")));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (shared, next) = (shared.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let limit = SignupLimit::per_hour(0);
            let (store, mailer) = &*shared;
            let provisioner = Provisioner { store, mailer, public_url: "http://localhost", limit: &limit };
            let mut timings = Vec::new();
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if n >= companies {
                    break timings;
                }
                let request = ProvisionRequest {
                    company_name: Some(format!("Bench Company {n}")),
                    admin_email: Some(format!("owner{n}@bench.test")),
                    admin_name: Some("Owner".into()),
                    subscription_tier: Some("Premium".into()),
                    admin_password: hashing.then(|| "correct horse battery".into()),
                    ..Default::default()
                };
                let start = Instant::now();
                provisioning::provision(&provisioner, request, RequestMeta::default(), None).await.expect("provision");
                timings.push(start.elapsed());
            }
        }));
    }
    let mut timings: Vec<Duration> = Vec::with_capacity(companies);
    for worker in workers {
        timings.extend(worker.await.expect("worker"));
    }
    let elapsed = started.elapsed();
    timings.sort();
    let at = |q: f64| timings[((timings.len() as f64 * q) as usize).min(timings.len() - 1)];
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    println!(
        "{:<12} {:<18} {:>12.0} {:>9} {:>9}",
        store.engine().to_string(),
        if hashing { "argon2id" } else { "none (link mailed)" },
        companies as f64 / elapsed.as_secs_f64(),
        ms(at(0.5)),
        ms(at(0.99))
    );
    store.close().await;
}
