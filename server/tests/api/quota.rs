//! The daily API quota and the per-token burst limit.

use std::time::Duration;

use reqwest::Method;
use reqwest::header::RETRY_AFTER;
use serde_json::{Value, json};

use crate::helpers::{TestApp, api_error, spawn_app, start};

impl TestApp {
    /// `(limit, remaining, reset)` of a Bearer answer, when it has them.
    fn quota_of(response: &reqwest::Response) -> Option<(i64, i64, i64)> {
        let header = |name: &str| response.headers().get(name)?.to_str().ok()?.parse::<i64>().ok();
        Some((header("x-ratelimit-limit")?, header("x-ratelimit-remaining")?, header("x-ratelimit-reset")?))
    }

    /// Today's API calls of a company, as root reads them (root's own calls are not metered).
    async fn calls_today(&self, company_id: &str, root: &str) -> i64 {
        let usage: Value =
            self.get_as(&format!("/api/v1/companies/{company_id}/usage"), root).await.json().await.unwrap();
        usage["usage"]["api_calls_today"].as_i64().expect("a count")
    }
}

fn next_midnight() -> i64 {
    (chrono::Utc::now().date_naive() + chrono::Days::new(1)).and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp()
}

#[tokio::test]
async fn bearer_answers_count_down_the_daily_quota_then_429_until_midnight() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Basic", "ada@acme.test").await;
    let root = app.root_cookie().await;
    app.call(Method::PUT, &format!("/api/v1/companies/{acme}/overrides"), &root, Some(json!({"api_calls_daily": 6})))
        .await;
    let token = app.token(&acme, &owner, "member").await; // by session: the first call of six
    let company = format!("/api/v1/companies/{acme}");

    let mut remaining = Vec::new();
    for path in [
        company.clone(),
        company.clone(),
        format!("{company}/issues/{}", uuid::Uuid::now_v7()),
        company.clone(),
        company.clone(),
    ] {
        let response = app.get_as(&path, &token).await;
        let (limit, left, reset) = TestApp::quota_of(&response).expect("quota headers on every Bearer answer");
        assert_eq!((limit, reset), (6, next_midnight()));
        remaining.push(left);
    }
    assert_eq!(remaining, [4, 3, 2, 1, 0], "errors (the 404) count too");
    let refused = app.get_as(&company, &token).await;
    assert_eq!(TestApp::quota_of(&refused).map(|q| q.1), Some(0));
    let retry: i64 = refused.headers()[RETRY_AFTER].to_str().unwrap().parse().unwrap();
    let until_midnight = next_midnight() - chrono::Utc::now().timestamp();
    assert!((retry - until_midnight).abs() <= 2, "Retry-After {retry} is the time to midnight UTC ({until_midnight})");
    api_error(refused, 429, "rate_limited").await;
    api_error(app.get_as(&company, &token).await, 429, "rate_limited").await;
    assert_eq!(app.calls_today(&acme, &root).await, 6, "refusals are not counted");
    // The session's calls count as well (the owner shares the company's quota), without headers.
    let by_session = app.get_as(&company, &owner).await;
    assert!(TestApp::quota_of(&by_session).is_none());
    api_error(by_session, 429, "rate_limited").await;
}

#[tokio::test]
async fn unlimited_tiers_send_no_quota_headers_but_their_calls_are_counted() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Platinum", "ada@acme.test").await;
    let root = app.root_cookie().await;
    let token = app.token(&acme, &owner, "viewer").await;
    let response = app.get_as(&format!("/api/v1/companies/{acme}/issues"), &token).await;
    assert_eq!(response.status(), 200);
    assert!(TestApp::quota_of(&response).is_none());
    assert_eq!(app.calls_today(&acme, &root).await, 2, "the token's creation (by session) and the read");
}

#[tokio::test]
async fn a_token_that_bursts_is_slowed_down() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Platinum", "ada@acme.test").await;
    let token = app.token(&acme, &owner, "viewer").await;
    let path = format!("/api/v1/companies/{acme}");
    let mut requests = Vec::new();
    for _ in 0..300 {
        let request = app.client.get(app.url(&path)).bearer_auth(&token);
        requests.push(tokio::spawn(async move { request.send().await.unwrap() }));
    }
    let mut refused = 0;
    for request in requests {
        let response = request.await.unwrap();
        if response.status() == 429 {
            let retry: u64 = response.headers()[RETRY_AFTER].to_str().unwrap().parse().unwrap();
            assert!((1..=2).contains(&retry), "a burst waits about a second, not until midnight: {retry}");
            refused += 1;
        }
    }
    assert!(refused > 0 && refused < 300, "some of 300 calls at once are refused: {refused}");
}

#[tokio::test]
async fn the_count_survives_a_graceful_restart() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Basic", "ada@acme.test").await;
    let token = app.token(&acme, &owner, "viewer").await;
    for _ in 0..7 {
        app.get_as(&format!("/api/v1/companies/{acme}"), &token).await;
    }
    let url = app.database_url.clone();
    let database = app.stop().await;
    let restarted = start(&url, &["--signup-limit-per-hour", "0"], database).await;
    let response = restarted.get_as(&format!("/api/v1/companies/{acme}"), &token).await;
    // The token's creation (by session) and seven reads happened before; this read is the ninth call.
    assert_eq!(TestApp::quota_of(&response).map(|q| q.1), Some(1000 - 9));
}

#[tokio::test]
async fn two_instances_on_one_database_share_the_count_within_a_second() {
    let first = spawn_app().await;
    let second = first.another_instance().await;
    let (acme, owner) = first.company_on("Acme", "Basic", "ada@acme.test").await;
    let root = first.root_cookie().await;
    first
        .call(Method::PUT, &format!("/api/v1/companies/{acme}/overrides"), &root, Some(json!({"api_calls_daily": 10})))
        .await;
    let token = first.token(&acme, &owner, "viewer").await; // the first call
    let path = format!("/api/v1/companies/{acme}");
    for _ in 0..4 {
        first.get_as(&path, &token).await;
    }
    for _ in 0..4 {
        second.get_as(&path, &token).await;
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let tenth = second.get_as(&path, &token).await;
    assert_eq!(TestApp::quota_of(&tenth).map(|q| q.1), Some(0), "the second instance knows the first's calls");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    api_error(first.get_as(&path, &token).await, 429, "rate_limited").await;
}
