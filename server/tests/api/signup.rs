//! Signup through the API: the seed's events, idempotent retries, sample data, the welcome mail,
//! the per-address limit.

use std::collections::BTreeMap;

use reqwest::header::RETRY_AFTER;
use serde_json::{Value, json};

use crate::helpers::{TestApp, api_error, spawn_app, spawn_app_with, tenant_of};
use crate::rollups::recount;

impl TestApp {
    pub async fn provision_with_key(&self, key: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/companies/provision"))
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .expect("request sent")
    }
}

fn devcorp() -> Value {
    json!({"company_name": "DevCorp Enterprise", "admin_email": "ceo@devcorp.com", "admin_name": "Sarah Johnson", "subscription_tier": "Premium"})
}

#[tokio::test]
async fn the_seeds_own_events_pass() {
    let app = spawn_app().await;
    let created = app.provision(&devcorp()).await;
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.unwrap();
    assert!(body["company_id"].as_str().is_some_and(|id| id.parse::<uuid::Uuid>().is_ok()), "{body}");
    assert_eq!(body["subscription_tier"], "Premium");

    for missing in ["company_name", "admin_email", "admin_name"] {
        let mut body = devcorp();
        body.as_object_mut().unwrap().remove(missing);
        let error = api_error(app.provision(&body).await, 400, "validation_failed").await;
        assert!(error["fields"][missing].is_string(), "{missing}: {error}");
    }
    let mut nothing = api_error(app.provision(&json!({})).await, 400, "validation_failed").await;
    let named: Vec<String> = nothing["fields"].as_object_mut().unwrap().keys().cloned().collect();
    assert_eq!(named, ["admin_email", "admin_name", "company_name"]);
    let mut gold = devcorp();
    gold["subscription_tier"] = json!("Gold");
    gold["company_name"] = json!("Another Corp");
    let error = api_error(app.provision(&gold).await, 400, "validation_failed").await;
    assert!(error["fields"]["subscription_tier"].as_str().unwrap().contains("Premium"));
}

#[tokio::test]
async fn a_retry_with_the_same_key_replays_the_answer_and_another_body_is_409() {
    let app = spawn_app().await;
    let first = app.provision_with_key("signup-42", &devcorp()).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again = app.provision_with_key("signup-42", &devcorp()).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.json::<Value>().await.unwrap(), first, "the same answer, not a second company");
    assert_eq!(app.count_rows("companies").await, 1);
    assert_eq!(app.count_rows("outbox").await, 1, "one welcome mail");

    let mut other = devcorp();
    other["company_name"] = json!("Other Corp");
    let error = api_error(app.provision_with_key("signup-42", &other).await, 409, "conflict").await;
    assert!(error["fields"]["Idempotency-Key"].is_string(), "{error}");
    api_error(app.provision_with_key("", &other).await, 400, "validation_failed").await;

    // Racing retries of one request: one company, the same answer for all.
    let body = json!({"company_name": "Race Corp", "admin_email": "r@race.test", "admin_name": "R"});
    let answers = futures_answers(&app, &body).await;
    let ids: std::collections::BTreeSet<String> = answers.iter().map(|a| a["company_id"].to_string()).collect();
    assert_eq!(ids.len(), 1, "{answers:?}");
    assert_eq!(app.count_rows("companies").await, 2);
}

async fn futures_answers(app: &TestApp, body: &Value) -> Vec<Value> {
    let mut tasks = Vec::new();
    for _ in 0..5 {
        let request =
            app.client.post(app.url("/api/v1/companies/provision")).header("Idempotency-Key", "race-1").json(body);
        tasks.push(tokio::spawn(async move { request.send().await.unwrap() }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        let response = task.await.unwrap();
        assert_eq!(response.status(), 201);
        answers.push(response.json().await.unwrap());
    }
    answers
}

#[tokio::test]
async fn sample_data_gives_a_dozen_issues_that_the_rollups_agree_with() {
    let app = spawn_app().await;
    let mut body = devcorp();
    body["admin_password"] = json!("correct horse battery");
    body["sample_data"] = json!(true);
    let company: Value = app.provision(&body).await.json().await.unwrap();
    let company_id = company["company_id"].as_str().unwrap();
    let owner = app.session_cookie("ceo@devcorp.com", "correct horse battery").await;
    let issues = app.list_issues(company_id, &owner, "limit=200").await["items"].as_array().unwrap().clone();
    assert_eq!(issues.len(), 12);
    assert!(issues.iter().any(|i| i["resolved_at"].is_string()) && issues.iter().any(|i| i["resolved_at"].is_null()));
    let days: std::collections::BTreeSet<&str> =
        issues.iter().map(|i| &i["created_at"].as_str().unwrap()[..10]).collect();
    assert!(days.len() >= 8, "dated over the past weeks: {days:?}");
    assert!(issues.iter().all(|i| i["team_id"].is_string()), "in the default team");

    let tenant = tenant_of(company_id);
    let stored = app.store.rollups(&tenant).await.unwrap();
    assert_eq!(stored.flows, recount(&issues));
    let mut by_status: BTreeMap<String, i64> = BTreeMap::new();
    for issue in &issues {
        *by_status.entry(issue["status"].as_str().unwrap().to_owned()).or_default() += 1;
    }
    assert_eq!(stored.statuses, by_status);
    let counted = app.store.company(company_id.parse().unwrap()).await.unwrap();
    assert_eq!(counted.issue_count, 12);
    let next = app.issue(company_id, &owner, json!({"title": "Mine", "issue_type": "Bug", "priority": "Low"})).await;
    assert_eq!(next["number"], 13, "numbering continues after the samples");
}

/// A provisioning counter as `/metrics` shows it (one recorder serves every test in this binary).
async fn provisioned(app: &TestApp, outcome: &str) -> u64 {
    let metrics = app.get("/metrics").await.text().await.unwrap();
    let prefix = format!("tenantry_provisioning_total{{outcome=\"{outcome}\"}} ");
    metrics.lines().find_map(|line| line.strip_prefix(&prefix)).map_or(0, |n| n.parse().unwrap())
}

#[tokio::test]
async fn every_owner_gets_a_welcome_mail_that_never_holds_a_password() {
    let app = spawn_app().await;
    let (successes, failures) = (provisioned(&app, "success").await, provisioned(&app, "failure").await);
    let mut body = devcorp();
    body["admin_password"] = json!("correct horse battery");
    assert_eq!(app.provision(&body).await.status(), 201);
    let outbox = app.store.outbox_page(None, 10).await.unwrap();
    let welcome = outbox.iter().find(|m| m.to_address == "ceo@devcorp.com").expect("a welcome mail");
    assert!(welcome.subject.contains("DevCorp Enterprise is ready"), "{}", welcome.subject);
    assert!(welcome.body.contains("/c/devcorp-enterprise") && welcome.body.contains("/login"));
    assert!(!welcome.body.contains("correct horse battery"));
    assert_eq!(app.provision(&devcorp()).await.status(), 409);
    // Other tests run at the same time and count too: at least ours.
    assert!(provisioned(&app, "success").await > successes);
    assert!(provisioned(&app, "failure").await > failures);
}

#[tokio::test]
async fn public_signup_is_limited_per_address() {
    let app = spawn_app_with(&["--signup-limit-per-hour", "2"]).await;
    for n in 0..2 {
        let body =
            json!({"company_name": format!("Corp {n}"), "admin_email": format!("o{n}@corp.test"), "admin_name": "O"});
        assert_eq!(app.provision(&body).await.status(), 201);
    }
    let refused =
        app.provision(&json!({"company_name": "Corp 3", "admin_email": "o3@corp.test", "admin_name": "O"})).await;
    let wait: u64 = refused.headers()[RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=1800).contains(&wait), "{wait}");
    api_error(refused, 429, "rate_limited").await;
    assert_eq!(app.count_rows("companies").await, 2);
}
