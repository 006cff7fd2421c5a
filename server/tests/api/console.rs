//! The operator console: the overview's figures against what the test seeded, the directory,
//! suspension (sessions, tokens, logins, data kept, mail, audit) and scheduled reactivation.

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, api_error, spawn_app, spawn_app_with};

const PASSWORD: &str = "correct horse battery";

impl TestApp {
    async fn overview(&self, who: &str) -> Value {
        let response = self.call(Method::GET, "/api/v1/analytics/system-overview", who, None).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    pub async fn suspend(&self, company_id: &str, who: &str, body: Value) -> reqwest::Response {
        self.call(Method::PUT, &format!("/api/v1/companies/{company_id}/suspend"), who, Some(body)).await
    }

    pub async fn reactivate(&self, company_id: &str, who: &str) -> reqwest::Response {
        self.call(Method::PUT, &format!("/api/v1/companies/{company_id}/reactivate"), who, None).await
    }

    async fn directory(&self, who: &str, query: &str) -> Value {
        let response = self.call(Method::GET, &format!("/api/v1/admin/companies{query}"), who, None).await;
        assert_eq!(response.status(), 200, "{query}");
        response.json().await.unwrap()
    }

    /// The JSON answer to a GET.
    async fn read(&self, path: &str, who: &str) -> Value {
        self.call(Method::GET, path, who, None).await.json().await.unwrap()
    }

    async fn outbox_to(&self, address: &str) -> Vec<String> {
        let mail = self.store.outbox_page(None, 200).await.unwrap();
        mail.into_iter().filter(|m| m.to_address == address).map(|m| m.subject).collect()
    }
}

/// The overview without the moment it was made, to compare two of them.
fn figures(mut overview: Value) -> Value {
    overview["system_overview"].as_object_mut().unwrap().remove("generated_at");
    overview
}

#[tokio::test]
async fn the_overview_equals_what_the_test_counts_from_the_companies_it_seeded() {
    let app = spawn_app().await;
    let root = app.root_cookie().await;
    let seeded = [
        ("Acme", "Basic"),
        ("Globex", "Basic"),
        ("Initech", "Basic"),
        ("Umbrella", "Premium"),
        ("Hooli", "Premium"),
        ("Wayne", "Platinum"),
    ];
    let mut ids = BTreeMap::new();
    let mut owners = BTreeMap::new();
    for (name, tier) in seeded {
        let (id, owner) = app.company_on(name, tier, &format!("owner@{}.test", name.to_lowercase())).await;
        ids.insert(name, id);
        owners.insert(name, owner);
    }
    // Initech moves up to Premium, Hooli is suspended, and Globex may have one person only.
    let upgraded = app
        .call(
            Method::PUT,
            &format!("/api/v1/companies/{}/upgrade", ids["Initech"]),
            &root,
            Some(json!({"new_tier": "Premium"})),
        )
        .await;
    assert_eq!(upgraded.status(), 200);
    assert_eq!(app.suspend(&ids["Hooli"], &root, json!({"reason_code": "billing"})).await.status(), 200);
    let overrides = json!({"users": 1});
    let path = format!("/api/v1/companies/{}/overrides", ids["Globex"]);
    assert_eq!(app.call(Method::PUT, &path, &root, Some(overrides)).await.status(), 200);

    // What the test knows: tier and status of each company now, and the tiers' prices.
    let now_tier = |name: &str| match name {
        "Initech" => "Premium",
        other => seeded.iter().find(|(n, _)| *n == other).unwrap().1,
    };
    let prices: BTreeMap<String, i64> =
        app.store.tiers().await.unwrap().into_iter().map(|t| (t.name, t.price_monthly_usd)).collect();
    let active: Vec<&str> = seeded.iter().map(|(n, _)| *n).filter(|n| *n != "Hooli").collect();
    let revenue: i64 = active.iter().map(|n| prices[now_tier(n)]).sum();
    let mut breakdown = BTreeMap::new();
    for (name, _) in seeded {
        *breakdown.entry(now_tier(name).to_owned()).or_insert(0) += 1;
    }

    let overview = app.overview(&root).await;
    let o = &overview["system_overview"];
    assert_eq!(o["total_companies"], 6);
    assert_eq!(o["active_companies"], 5);
    assert_eq!(o["suspended_companies"], 1);
    assert_eq!(o["new_companies_this_month"], 6, "all signed up today");
    assert_eq!(o["estimated_monthly_revenue"], revenue);
    assert_eq!(o["tier_breakdown"], json!(breakdown));
    assert!(o["generated_at"].as_str().is_some_and(|t| t.ends_with('Z')), "{o}");
    let months = overview["revenue_by_month"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    assert_eq!(months[11]["revenue"], revenue);
    assert_eq!(months[11]["month"], Utc::now().format("%Y-%m").to_string());
    let weeks = overview["signups_by_week"].as_array().unwrap();
    assert_eq!(weeks.len(), 52);
    assert_eq!(weeks[51]["signups"], 6);
    assert_eq!(weeks.iter().map(|w| w["signups"].as_i64().unwrap()).sum::<i64>(), 6);
    let kinds: Vec<&str> =
        overview["insights"].as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap()).collect();
    let near = overview["insights"].as_array().unwrap().iter().find(|i| i["kind"] == "near_user_limit");
    assert_eq!(near.map(|i| i["figure"].clone()), Some(json!(1)), "Globex: 1 of 1 user: {kinds:?}");
    assert!(kinds.contains(&"suspended") && kinds.contains(&"revenue") && kinds.contains(&"signups"), "{kinds:?}");

    // API calls of the companies' people count on the platform's day (the meter flushes each second).
    for name in ["Acme", "Umbrella"] {
        for _ in 0..3 {
            app.call(Method::GET, &format!("/api/v1/companies/{}", ids[name]), &owners[name], None).await;
        }
    }
    let mut today = 0;
    for _ in 0..50 {
        today = app.overview(&root).await["api_calls_by_day"][29]["calls"].as_i64().unwrap();
        if today >= 6 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let counted: i64 = {
        let mut sum = 0;
        for id in ids.values() {
            let usage: Value = app.read(&format!("/api/v1/companies/{id}/usage"), &root).await;
            sum += usage["usage"]["api_calls_today"].as_i64().unwrap_or_else(|| panic!("{usage}"));
        }
        sum
    };
    assert_eq!(today, counted, "the platform's count is the sum of the companies'");

    // More changes, a tier change while suspended among them; then a rebuild from the histories
    // gives the same figures the writes kept.
    let path = format!("/api/v1/companies/{}/upgrade", ids["Hooli"]);
    assert_eq!(app.call(Method::PUT, &path, &root, Some(json!({"new_tier": "Platinum"}))).await.status(), 200);
    assert_eq!(app.reactivate(&ids["Hooli"], &root).await.status(), 200);
    assert_eq!(app.suspend(&ids["Acme"], &root, json!({"reason_code": "abuse"})).await.status(), 200);
    let kept = figures(app.overview(&root).await);
    let o = &kept["system_overview"];
    assert_eq!((o["active_companies"].as_i64(), o["suspended_companies"].as_i64()), (Some(5), Some(1)));
    assert_eq!(o["tier_breakdown"]["Platinum"], 2);
    app.store.rebuild_platform_rollups().await.unwrap();
    assert_eq!(figures(app.overview(&root).await), kept);

    let owner = &owners["Globex"];
    api_error(app.call(Method::GET, "/api/v1/analytics/system-overview", owner, None).await, 403, "forbidden").await;
    let anonymous = app.get("/api/v1/analytics/system-overview").await;
    api_error(anonymous, 401, "unauthenticated").await;
}

#[tokio::test]
async fn suspension_refuses_sessions_tokens_and_logins_keeps_the_data_and_reactivation_restores_access() {
    let app = spawn_app().await;
    let root = app.root_cookie().await;
    let (acme, owner) = app.company_on("Acme", "Premium", "ada@acme.test").await;
    let (globex, hank) = app.company_on("Globex", "Basic", "hank@globex.test").await;
    let token = app.token(&acme, &owner, "member").await;
    let issues = format!("/api/v1/companies/{acme}/issues");
    let bug = json!({"title": "Keep me", "issue_type": "Bug", "priority": "High"});
    assert_eq!(app.call(Method::POST, &issues, &owner, Some(bug)).await.status(), 201);
    let before: Value = app.read(&issues, &root).await;

    let until = (Utc::now() + Duration::days(10)).date_naive().to_string();
    let body = json!({"reason": "Invoice 42 is unpaid", "reason_code": "billing", "reactivation_date": until});
    let response = app.suspend(&acme, &root, body).await;
    assert_eq!(response.status(), 200);
    let suspended: Value = response.json().await.unwrap();
    assert_eq!(suspended["company_id"], acme.as_str());
    assert_eq!(suspended["status"], "suspended");
    assert_eq!(suspended["reason"], "Invoice 42 is unpaid");
    assert_eq!(suspended["reason_code"], "billing");
    assert_eq!(suspended["reactivation_date"], format!("{until}T00:00:00Z"));
    assert!(suspended["suspended_at"].as_str().is_some());

    for who in [&owner, &token] {
        let refused = api_error(app.call(Method::GET, &issues, who, None).await, 403, "company_suspended").await;
        assert_eq!(refused["reason"], "Invoice 42 is unpaid");
    }
    api_error(app.login("ada@acme.test", PASSWORD).await, 403, "company_suspended").await;
    assert_eq!(
        app.call(Method::GET, &format!("/api/v1/companies/{globex}"), &hank, None).await.status(),
        200,
        "others go on"
    );
    let company: Value = app.read(&format!("/api/v1/companies/{acme}"), &root).await;
    assert_eq!(company["status"], "suspended");
    let during: Value = app.read(&issues, &root).await;
    assert_eq!(during, before, "nothing of the data changes");
    assert_eq!(app.outbox_to("ada@acme.test").await.iter().filter(|s| s.ends_with("is suspended")).count(), 1);

    // Suspending again changes the terms; the start stays.
    let again: Value = app.suspend(&acme, &root, json!({"reason_code": "legal"})).await.json().await.unwrap();
    assert_eq!(
        (again["reason_code"].as_str(), again["reason"].as_str()),
        (Some("legal"), Some("Administrative action"))
    );
    assert_eq!(again["suspended_at"], suspended["suspended_at"]);
    assert_eq!(again["reactivation_date"], Value::Null);

    let response = app.reactivate(&acme, &root).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>().await.unwrap(), json!({"company_id": acme, "status": "active"}));
    for who in [&owner, &token] {
        assert_eq!(app.call(Method::GET, &issues, who, None).await.status(), 200, "access restored");
    }
    assert_eq!(app.login("ada@acme.test", PASSWORD).await.status(), 200);
    assert_eq!(app.reactivate(&acme, &root).await.status(), 200, "reactivating an active company changes nothing");
    assert_eq!(app.outbox_to("ada@acme.test").await.iter().filter(|s| s.ends_with("is active again")).count(), 1);
    let trail: Value = app.read(&format!("/api/v1/companies/{acme}/audit-events"), &root).await;
    let actions: Vec<&str> = trail["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "company.suspended").count(), 2, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| **a == "company.reactivated").count(), 1, "{actions:?}");
}

#[tokio::test]
async fn suspension_input_is_validated_and_only_root_may_suspend() {
    let app = spawn_app().await;
    let root = app.root_cookie().await;
    let (acme, owner) = app.company_on("Acme", "Basic", "ada@acme.test").await;
    let yesterday = (Utc::now() - Duration::days(1)).to_rfc3339();
    let bad = app
        .suspend(
            &acme,
            &root,
            json!({"reason_code": "fraud", "reactivation_date": yesterday, "reason": "x".repeat(501)}),
        )
        .await;
    let refused = api_error(bad, 400, "validation_failed").await;
    for field in ["reason_code", "reactivation_date", "reason"] {
        assert!(refused["fields"][field].is_string(), "{refused}");
    }
    let bad_date = app.suspend(&acme, &root, json!({"reactivation_date": "next week"})).await;
    api_error(bad_date, 400, "validation_failed").await;
    api_error(app.suspend(&acme, &root, json!({"reason": 5})).await, 400, "validation_failed").await;
    api_error(app.suspend(&acme, &owner, json!({})).await, 403, "forbidden").await;
    api_error(app.reactivate(&acme, &owner).await, 403, "forbidden").await;
    let nobody = uuid::Uuid::now_v7();
    api_error(app.suspend(&nobody.to_string(), &root, json!({})).await, 404, "not_found").await;
    api_error(app.suspend("not-an-id", &root, json!({})).await, 404, "not_found").await;
    let company: Value = app.read(&format!("/api/v1/companies/{acme}"), &owner).await;
    assert_eq!(company["status"], "active", "nothing was half-done");
}

#[tokio::test]
async fn a_company_is_reactivated_by_the_job_once_its_date_has_passed() {
    let app = spawn_app_with(&["--reactivation-check-seconds", "1"]).await;
    let root = app.root_cookie().await;
    let (acme, _) = app.company_on("Acme", "Basic", "ada@acme.test").await;
    let soon = (Utc::now() + Duration::seconds(3)).to_rfc3339();
    assert_eq!(app.suspend(&acme, &root, json!({"reactivation_date": soon})).await.status(), 200);
    api_error(app.login("ada@acme.test", PASSWORD).await, 403, "company_suspended").await;
    let mut status = Value::Null;
    for _ in 0..100 {
        let company: Value = app.read(&format!("/api/v1/companies/{acme}"), &root).await;
        status = company["status"].clone();
        if status == "active" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, "active", "reactivated within the job's period after the date");
    assert_eq!(app.login("ada@acme.test", PASSWORD).await.status(), 200);
    let trail: Value = app.read(&format!("/api/v1/companies/{acme}/audit-events"), &root).await;
    let reactivated = trail["items"].as_array().unwrap().iter().find(|e| e["action"] == "company.reactivated").cloned();
    assert_eq!(reactivated.map(|e| e["details"]["scheduled"].clone()), Some(json!(true)));
    assert_eq!(app.overview(&root).await["system_overview"]["suspended_companies"], 0);
}

#[tokio::test]
async fn the_directory_searches_filters_sorts_and_pages() {
    let app = spawn_app().await;
    let root = app.root_cookie().await;
    let names = ["Delta", "alpha", "Charlie", "Echo", "Bravo"];
    let mut ids = BTreeMap::new();
    for (n, name) in names.iter().enumerate() {
        let tier = if n % 2 == 0 { "Basic" } else { "Premium" };
        let (id, _) = app.company_on(name, tier, &format!("boss{n}@{}.test", name.to_lowercase())).await;
        ids.insert(*name, id);
    }
    app.suspend(&ids["Echo"], &root, json!({})).await;

    // By name, two at a time: every company once, A to Z whatever the case.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = app.directory(&root, &format!("?sort=name&limit=2{cursor}")).await;
        seen.extend(page["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(seen, ["alpha", "Bravo", "Charlie", "Delta", "Echo"]);

    let newest = app.directory(&root, "").await;
    let order: Vec<&str> = newest["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(order, ["Bravo", "Echo", "Charlie", "alpha", "Delta"], "newest first by default");
    let row = &newest["items"][0];
    assert_eq!(
        (row["tier"].as_str(), row["users"].as_i64(), row["user_limit"].as_i64()),
        (Some("Basic"), Some(1), Some(5))
    );
    assert_eq!(row["owner_email"], "boss4@bravo.test");

    let names_of = |page: &Value| -> Vec<String> {
        page["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(names_of(&app.directory(&root, "?search=boss2%40").await), ["Charlie"], "by owner email");
    assert_eq!(names_of(&app.directory(&root, "?search=ALPH").await), ["alpha"], "by name, any case");
    assert_eq!(names_of(&app.directory(&root, "?status=suspended").await), ["Echo"]);
    assert_eq!(names_of(&app.directory(&root, "?tier=premium&sort=name").await), ["alpha", "Echo"]);
    assert_eq!(names_of(&app.directory(&root, "?search=100%25").await), Vec::<String>::new(), "% is no wildcard");

    for query in ["?sort=size", "?status=gone", "?tier=Gold", "?limit=0", "?limit=500", "?cursor=nope"] {
        let response = app.call(Method::GET, &format!("/api/v1/admin/companies{query}"), &root, None).await;
        api_error(response, 400, "validation_failed").await;
    }
    let owner = app.session_cookie("boss0@delta.test", PASSWORD).await;
    api_error(app.call(Method::GET, "/api/v1/admin/companies", &owner, None).await, 403, "forbidden").await;
}
