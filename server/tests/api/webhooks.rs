//! Outbound webhooks and Slack posts reach a real receiver: signed, retried after a failure, logged.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, api_error, spawn_app_with};

const SECRET: &str = "whsec-0123456789abcdef";

/// What a receiver got: each request's headers and body.
type Received = Arc<Mutex<Vec<(HeaderMap, String)>>>;

/// A local HTTP receiver that fails its first `failures` requests with 500, then answers 200.
async fn receiver(failures: usize) -> (String, Received) {
    let received: Received = Arc::default();
    let log = received.clone();
    let app = axum::Router::new().fallback(move |headers: HeaderMap, body: String| {
        let log = log.clone();
        async move {
            let mut log = log.lock().unwrap();
            log.push((headers, body));
            if log.len() <= failures { StatusCode::INTERNAL_SERVER_ERROR } else { StatusCode::OK }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (address, received)
}

/// Waits until the receiver has at least `count` requests (the worker polls every second).
async fn wait_for(received: &Received, count: usize) -> Vec<(HeaderMap, String)> {
    for _ in 0..100 {
        if received.lock().unwrap().len() >= count {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let got = received.lock().unwrap().clone();
    assert!(got.len() >= count, "the receiver got {} of {count} requests", got.len());
    got
}

async fn app_with_local_webhooks() -> TestApp {
    spawn_app_with(&["--allow-private-webhooks", "--webhook-retry-seconds", "1"]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue_events_are_signed_delivered_and_retried_after_a_500() {
    let app = app_with_local_webhooks().await;
    let (receiver_url, received) = receiver(1).await;
    let (acme, owner) = app.company_on("Acme", "Premium", "ada@acme.test").await;
    let hooks = json!({"integrations": {"webhooks": [{"url": format!("{receiver_url}/hook"), "secret": SECRET}]}});
    assert_eq!(app.customize(&acme, &owner, hooks).await.status(), 200);

    let issue =
        app.issue(&acme, &owner, json!({"title": "Printer on fire", "issue_type": "Bug", "priority": "High"})).await;
    let got = wait_for(&received, 2).await;
    let (first, retry) = (&got[0], &got[1]);
    assert_eq!(first.0["x-tenantry-delivery"], retry.0["x-tenantry-delivery"], "a retry is the same delivery");
    assert_eq!(first.1, retry.1, "with the same body");
    let (headers, body) = retry;
    assert_eq!(headers["x-tenantry-event"], "issue.created");
    assert_eq!(headers["content-type"], "application/json");
    let signature = format!("sha256={}", tenantry_core::secret::hmac_sha256_hex(SECRET, body.as_bytes()));
    assert_eq!(headers["x-tenantry-signature"].to_str().unwrap(), signature, "signed with the secret");
    let payload: Value = serde_json::from_str(body).unwrap();
    assert_eq!(payload["event"], "issue.created");
    assert_eq!(payload["id"].as_str(), headers["x-tenantry-delivery"].to_str().ok());
    assert_eq!(payload["issue"]["key"], issue["key"]);
    assert_eq!(payload["issue"]["title"], "Printer on fire");
    assert!(payload["actor_id"].as_str().is_some_and(|id| id.len() == 36), "who made the change: {payload}");

    let log: Value =
        app.get_as(&format!("/api/v1/companies/{acme}/webhook-deliveries"), &owner).await.json().await.unwrap();
    let line = &log["items"][0];
    assert_eq!((line["state"].as_str(), line["attempts"].as_i64()), (Some("delivered"), Some(2)), "{log}");
    assert_eq!((line["status_code"].as_i64(), line["event"].as_str()), (Some(200), Some("issue.created")));
    assert!(line["latency_ms"].is_i64());

    // Resolving raises an update and a resolution.
    assert_eq!(app.patch_issue(&acme, &issue, &owner, json!({"status": "Closed"})).await.status(), 200);
    let got = wait_for(&received, 4).await;
    let mut events: Vec<String> =
        got[2..].iter().map(|(h, _)| h["x-tenantry-event"].to_str().unwrap().to_owned()).collect();
    events.sort();
    assert_eq!(events, ["issue.resolved", "issue.updated"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_test_posts_now_and_shows_the_receivers_answer() {
    let app = app_with_local_webhooks().await;
    let (receiver_url, received) = receiver(0).await;
    let (acme, owner) = app.company_on("Acme", "Premium", "ada@acme.test").await;
    let setup = json!({"integrations": {
        "webhooks": [{"url": format!("{receiver_url}/hook"), "secret": SECRET, "events": ["issue.resolved"]}],
        "slack": {"webhook_url": format!("{receiver_url}/slack"), "events": ["issue.created"]}
    }});
    assert_eq!(app.customize(&acme, &owner, setup).await.status(), 200);
    let hook = app.settings(&acme, &owner).await["integrations"]["webhooks"][0]["id"].as_str().unwrap().to_owned();
    let test_path = |target: &str| format!("/api/v1/companies/{acme}/integrations/{target}/test");

    let answer: Value = app.call(Method::POST, &test_path(&hook), &owner, None).await.json().await.unwrap();
    assert_eq!((answer["state"].as_str(), answer["status_code"].as_i64()), (Some("delivered"), Some(200)), "{answer}");
    assert_eq!(answer["event"], "ping");
    let slack: Value = app.call(Method::POST, &test_path("slack"), &owner, None).await.json().await.unwrap();
    assert_eq!(slack["status_code"], 200);
    let got = wait_for(&received, 2).await;
    assert!(got[0].0.contains_key("x-tenantry-signature"));
    assert!(serde_json::from_str::<Value>(&got[1].1).unwrap()["text"].is_string(), "Slack gets text");
    assert!(!got[1].0.contains_key("x-tenantry-signature"));

    // Slack hears of a created issue; the webhook only subscribed to resolutions.
    app.issue(&acme, &owner, json!({"title": "Cake", "issue_type": "Task", "priority": "Low"})).await;
    let got = wait_for(&received, 3).await;
    assert!(got[2].1.contains("Cake"), "{}", got[2].1);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(received.lock().unwrap().len(), 3, "no webhook delivery for an event it did not subscribe to");

    api_error(
        app.call(Method::POST, &test_path(&uuid::Uuid::now_v7().to_string()), &owner, None).await,
        404,
        "not_found",
    )
    .await;
    let (globex, globex_owner) = app.company_on("Globex", "Premium", "hank@globex.test").await;
    let foreign = format!("/api/v1/companies/{globex}/integrations/{hook}/test");
    api_error(app.call(Method::POST, &foreign, &globex_owner, None).await, 404, "not_found").await;
    let theirs: Value = app
        .get_as(&format!("/api/v1/companies/{globex}/webhook-deliveries"), &globex_owner)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["items"], json!([]), "another company sees none of these deliveries");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_receiver_is_retried_and_the_log_says_why() {
    let app = app_with_local_webhooks().await;
    let (acme, owner) = app.company_on("Acme", "Premium", "ada@acme.test").await;
    // Nothing listens on port 9 of this machine: the connection is refused.
    let hooks = json!({"integrations": {"webhooks": [{"url": "http://127.0.0.1:9/hook", "secret": SECRET}]}});
    assert_eq!(app.customize(&acme, &owner, hooks).await.status(), 200);
    app.issue(&acme, &owner, json!({"title": "t", "issue_type": "Bug", "priority": "Low"})).await;
    let path = format!("/api/v1/companies/{acme}/webhook-deliveries");
    let mut line = Value::Null;
    for _ in 0..40 {
        let log: Value = app.get_as(&path, &owner).await.json().await.unwrap();
        line = log["items"][0].clone();
        if line["attempts"].as_i64() >= Some(2) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(line["state"], "retrying", "{line}");
    assert!(line["error"].as_str().unwrap().contains("could not connect"), "{line}");
    assert!(line["next_attempt_at"].is_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_notifications_reach_the_people_an_issue_concerns_but_not_its_author() {
    let app = app_with_local_webhooks().await;
    let (acme, owner) = app.company_on("Acme", "Basic", "ada@acme.test").await;
    let member_id = app.member(&acme, &owner, "bo@acme.test", "member", "bo passphrase long").await;
    let member = app.session_cookie("bo@acme.test", "bo passphrase long").await;
    let teams: Value = app.get_as(&format!("/api/v1/companies/{acme}/teams"), &owner).await.json().await.unwrap();
    let team = teams["items"][0]["team_id"].as_str().unwrap().to_owned();
    let owner_id = teams["items"][0]["member_ids"][0].as_str().unwrap().to_owned();
    let members = json!({"user_ids": [owner_id, member_id]});
    let path = format!("/api/v1/companies/{acme}/teams/{team}/members");
    assert_eq!(app.call(Method::PUT, &path, &owner, Some(members)).await.status(), 200);

    let mail_to = |who: &'static str| format!("outbox WHERE to_address = '{who}' AND subject LIKE '[ACME-1]%'");
    let wait_mail = |table: String, expected: i64| {
        let app = &app;
        async move {
            for _ in 0..50 {
                if app.count_rows(&table).await >= expected {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            app.count_rows(&table).await
        }
    };
    let issue = app
        .issue(&acme, &owner, json!({"title": "Roof leaks", "issue_type": "Bug", "priority": "High", "team_id": team}))
        .await;
    assert_eq!(wait_mail(mail_to("bo@acme.test"), 1).await, 1, "the team hears of a new issue");
    assert_eq!(app.count_rows(&mail_to("ada@acme.test")).await, 0, "not the person who created it");
    let body: String = app.store.outbox_page(None, 10).await.unwrap()[0].body.clone();
    assert!(body.contains("/c/acme/issues/1"), "with a link: {body}");

    // Resolved by the member: the reporter hears of it.
    assert_eq!(app.patch_issue(&acme, &issue, &member, json!({"status": "Closed"})).await.status(), 200);
    assert_eq!(wait_mail(mail_to("ada@acme.test"), 1).await, 1, "the reporter hears of the resolution");

    let off = json!({"notifications": {"email": false}});
    assert_eq!(app.customize(&acme, &owner, off).await.status(), 200);
    app.issue(&acme, &owner, json!({"title": "Quiet", "issue_type": "Bug", "priority": "Low", "team_id": team})).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(app.count_rows("outbox WHERE subject LIKE '[ACME-2]%'").await, 0, "switched off, nobody is mailed");
}
