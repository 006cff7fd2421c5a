//! The operator console's latency with 1,000 and with 10,000 companies signed up over two years, on
//! SQLite and (when `TEST_DATABASE_URL` names a PostgreSQL server) PostgreSQL: the system overview,
//! and directory pages (first page, by name, by usage, a later page, filtered, searched). Target:
//! p99 under 20 ms, and within 1.5× between the two sizes.
//!
//! `cargo bench -p tenantry-core --features test-support --bench console`
//! (`BENCH_COMPANIES_CONSOLE=1000` for a quicker run; add 100000 to see the overview stay flat).

use std::time::Instant;

use tenantry_core::Store;
use tenantry_core::console::{self, DirectoryRequest};
use tenantry_core::store::ConnectOptions;
use tenantry_core::testing::{TestDatabase, print_latency, root_caller};

const SAMPLES: usize = 200;
const SPAN_DAYS: i64 = 730;

#[tokio::main]
async fn main() {
    let sizes: Vec<i64> = std::env::var("BENCH_COMPANIES_CONSOLE")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let postgres = std::env::var("TEST_DATABASE_URL").ok().filter(|url| !url.is_empty());
    for &companies in &sizes {
        run(TestDatabase::sqlite(), companies).await;
        match &postgres {
            Some(url) => run(TestDatabase::postgres(url.clone()).await, companies).await,
            None => println!("\n(PostgreSQL skipped: set TEST_DATABASE_URL to include it)"),
        }
    }
}

async fn run(database: TestDatabase, companies: i64) {
    let store = Store::connect(&ConnectOptions::new(&database.url)).await.expect("connect");
    store.migrate().await.expect("migrate");
    let seeding = Instant::now();
    store.seed_companies(companies, SPAN_DAYS).await.expect("seed");
    println!(
        "\n{} with {companies} companies over {SPAN_DAYS} days (seeded and rollups rebuilt in {:.1} s)",
        store.engine(),
        seeding.elapsed().as_secs_f64()
    );
    let root = root_caller();
    println!("{:<44} {:>9} {:>9}", "console request", "p50", "p99");
    let mut timings = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let start = Instant::now();
        let report = console::system_overview(&store, &root).await.expect("overview");
        timings.push(start.elapsed());
        assert_eq!(report.system_overview.total_companies, companies);
    }
    print_latency("system overview", &mut timings);

    let second = console::directory(&store, &root, DirectoryRequest::default()).await.expect("page").next_cursor;
    let request =
        |sort: Option<&str>, cursor: Option<String>, status: Option<&str>, search: Option<&str>| DirectoryRequest {
            sort: sort.map(Into::into),
            cursor,
            status: status.map(Into::into),
            search: search.map(Into::into),
            ..DirectoryRequest::default()
        };
    let cases = [
        ("directory: newest, first page", request(None, None, None, None)),
        ("directory: by name", request(Some("name"), None, None, None)),
        ("directory: by usage", request(Some("usage"), None, None, None)),
        ("directory: newest, second page", request(None, second, None, None)),
        ("directory: suspended only", request(None, None, Some("suspended"), None)),
        ("directory: search \"seed 12\"", request(None, None, None, Some("seed 12"))),
    ];
    for (name, case) in cases {
        let mut timings = Vec::with_capacity(SAMPLES);
        for _ in 0..SAMPLES {
            let start = Instant::now();
            let page = console::directory(&store, &root, case.clone()).await.expect("directory");
            timings.push(start.elapsed());
            assert!(!page.items.is_empty(), "{name}");
        }
        print_latency(name, &mut timings);
    }
    store.close().await;
}
