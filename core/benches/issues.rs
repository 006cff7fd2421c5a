//! Issue-list and create latency on a company with 100,000 issues, on SQLite and (when
//! `TEST_DATABASE_URL` names a PostgreSQL server) on PostgreSQL. Prints p50/p99 and query plans.
//!
//! `cargo bench -p tenantry-core --features test-support --bench issues`
//! (`BENCH_ISSUES=20000` for a quicker run).

use std::time::{Duration, Instant};

use tenantry_core::Store;
use tenantry_core::identity::Action;
use tenantry_core::issues::query::{Cursor, IssueFilter, ListRequest, Sort, SortKey};
use tenantry_core::issues::{self, NewIssueRequest};
use tenantry_core::store::ConnectOptions;
use tenantry_core::testing::{TestDatabase, bench_company, print_latency};

const SAMPLES: usize = 200;

#[tokio::main]
async fn main() {
    let issues: i64 = std::env::var("BENCH_ISSUES").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    run(TestDatabase::sqlite(), issues).await;
    match std::env::var("TEST_DATABASE_URL").ok().filter(|url| !url.is_empty()) {
        Some(url) => run(TestDatabase::postgres(url).await, issues).await,
        None => println!("\n(PostgreSQL skipped: set TEST_DATABASE_URL to include it)"),
    }
}

async fn run(database: TestDatabase, issues: i64) {
    let store = Store::connect(&ConnectOptions::new(&database.url)).await.expect("connect");
    store.migrate().await.expect("migrate");
    let (company_id, owner) = bench_company(&store).await;
    let company = store.company(company_id).await.expect("company");
    let tenant = owner.authorize(Action::ReadCompany, company.id).expect("tenant");
    let seeding = Instant::now();
    store.seed_issues(&tenant, issues, 365).await.expect("seed");
    println!("\n{} with {issues} issues (seeded in {:.1} s)", store.engine(), seeding.elapsed().as_secs_f64());

    let settings = store.company(company.id).await.expect("company").settings;
    let filter = |request: ListRequest| IssueFilter::parse(&request, &settings).expect("filter");
    let first = filter(ListRequest::default());
    let mut deep = first.clone();
    deep.after = Some(Cursor::Created { number: issues / 10 });
    let filtered =
        filter(ListRequest { status: Some("In Progress".into()), priority: Some("High".into()), ..Default::default() });
    let mut by_priority = filter(ListRequest { sort: Some("-priority".into()), ..Default::default() });
    by_priority.after = Some(Cursor::Priority { rank: 1, number: issues / 2 });
    assert_eq!(by_priority.sort, Sort { key: SortKey::Priority, descending: true });

    println!("{:<44} {:>9} {:>9}", "operation", "p50", "p99");
    for (name, filter) in [
        ("first page (50, newest first)", &first),
        ("deep page (cursor 90% in)", &deep),
        ("filtered (status + priority)", &filtered),
        ("by priority, cursor half-way", &by_priority),
    ] {
        let mut timings = sample(|| async {
            let page = store.issues(&tenant, filter).await.expect("list");
            assert!(!page.items.is_empty());
        })
        .await;
        print_latency(name, &mut timings);
    }
    let mut timings = sample(|| async {
        let request = NewIssueRequest {
            title: Some("A new bug".into()),
            issue_type: Some("Bug".into()),
            priority: Some("High".into()),
            ..Default::default()
        };
        issues::create(&store, &owner, company.id, request).await.expect("create");
    })
    .await;
    print_latency("create (with rollups)", &mut timings);

    for (name, filter) in [("first page", &first), ("deep page", &deep), ("filtered", &filtered)] {
        let plan = store.explain_issue_list(&tenant, filter).await.expect("explain");
        println!("plan, {name}:\n    {}", plan.join("\n    "));
    }
    store.close().await;
}

async fn sample<F, Fut>(mut operation: F) -> Vec<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut timings = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let start = Instant::now();
        operation().await;
        timings.push(start.elapsed());
    }
    timings.sort();
    timings
}
