//! Company analytics latency on one company with 100,000 and with 1,000,000 issues created over two
//! years, on SQLite and (when `TEST_DATABASE_URL` names a PostgreSQL server) PostgreSQL. The
//! rollups are rebuilt from the seeded issues first (that time is printed too). Target: p99 under
//! 20 ms, and within 1.5× between the two sizes.
//!
//! `cargo bench -p tenantry-core --features test-support --bench analytics`
//! (`BENCH_ANALYTICS_ISSUES=20000,50000` for a quicker run).

use std::time::Instant;

use tenantry_core::Store;
use tenantry_core::analytics;
use tenantry_core::identity::Action;
use tenantry_core::metering::Meter;
use tenantry_core::store::ConnectOptions;
use tenantry_core::testing::{TestDatabase, bench_company, print_latency};

const SAMPLES: usize = 200;
const SPAN_DAYS: i64 = 730;

#[tokio::main]
async fn main() {
    let sizes: Vec<i64> = std::env::var("BENCH_ANALYTICS_ISSUES")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let postgres = std::env::var("TEST_DATABASE_URL").ok().filter(|url| !url.is_empty());
    for &issues in &sizes {
        run(TestDatabase::sqlite(), issues).await;
        match &postgres {
            Some(url) => run(TestDatabase::postgres(url.clone()).await, issues).await,
            None => println!("\n(PostgreSQL skipped: set TEST_DATABASE_URL to include it)"),
        }
    }
}

async fn run(database: TestDatabase, issues: i64) {
    let store = Store::connect(&ConnectOptions::new(&database.url)).await.expect("connect");
    store.migrate().await.expect("migrate");
    let (company_id, root) = bench_company(&store).await;
    let tenant = root.authorize(Action::ReadAnalytics, company_id).expect("tenant");
    let seeding = Instant::now();
    store.seed_issues(&tenant, issues, SPAN_DAYS).await.expect("seed");
    let seeded = seeding.elapsed();
    let rebuilding = Instant::now();
    store.rebuild_rollups(&tenant).await.expect("rebuild");
    println!(
        "\n{} with {issues} issues over {SPAN_DAYS} days (seeded in {:.1} s, rollups rebuilt in {:.1} s)",
        store.engine(),
        seeded.as_secs_f64(),
        rebuilding.elapsed().as_secs_f64()
    );

    let meter = Meter::default();
    println!("{:<44} {:>9} {:>9}", "analytics request", "p50", "p99");
    for days in [30, 90, 365, SPAN_DAYS] {
        let mut timings = Vec::with_capacity(SAMPLES);
        for _ in 0..SAMPLES {
            let start = Instant::now();
            let figures = analytics::company(&store, &meter, &root, company_id, Some(days)).await.expect("analytics");
            timings.push(start.elapsed());
            assert_eq!(figures.issue_analytics.total_issues, issues);
        }
        print_latency(&format!("last {days} days"), &mut timings);
    }
    store.close().await;
}
