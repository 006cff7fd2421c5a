use serde_json::Value;

use crate::helpers::{api_error, spawn_app};

const PASSWORD: &str = "correct horse battery";

#[tokio::test]
async fn owners_read_their_trail_newest_first_filtered_and_paginated() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    app.company("Globex", "hank@globex.test").await;
    app.login("ada@acme.test", "a wrong password!").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let hank = app.session_cookie("hank@globex.test", PASSWORD).await;
    app.token(&acme, &owner, "viewer").await;

    let path = format!("/api/v1/companies/{acme}/audit-events");
    let trail: Value = app.get_with(&path, &owner).await.json().await.unwrap();
    let actions: Vec<&str> = trail["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["api_token.created", "login.succeeded", "login.failed", "company.provisioned"]);
    let failed = &trail["items"][2];
    assert_eq!(failed["actor"], "ada@acme.test");
    assert_eq!(failed["ip"], "127.0.0.1");
    assert!(failed["at"].as_str().unwrap().ends_with('Z'));
    assert!(!trail.to_string().contains("globex"), "only this company's events");

    let logins: Value = app.get_with(&format!("{path}?action=login.failed"), &owner).await.json().await.unwrap();
    assert_eq!(logins["items"].as_array().unwrap().len(), 1);
    let first: Value = app.get_with(&format!("{path}?limit=3"), &owner).await.json().await.unwrap();
    assert_eq!(first["items"].as_array().unwrap().len(), 3);
    let cursor = first["next_cursor"].as_str().unwrap();
    let rest: Value = app.get_with(&format!("{path}?limit=3&cursor={cursor}"), &owner).await.json().await.unwrap();
    assert_eq!(rest["items"][0]["action"], "company.provisioned");
    assert_eq!(rest["next_cursor"], Value::Null);

    api_error(app.get_with(&format!("{path}?limit=0"), &owner).await, 400, "validation_failed").await;
    api_error(app.get_with(&format!("{path}?limit=abc"), &owner).await, 400, "validation_failed").await;
    api_error(app.get_with(&format!("{path}?cursor=nope"), &owner).await, 400, "validation_failed").await;
    api_error(app.get_with(&path, &hank).await, 404, "not_found").await;
    let root = app.root_cookie().await;
    assert_eq!(app.get_with(&path, &root).await.status(), 200, "root reads every company's trail");
}

#[tokio::test]
async fn members_and_viewers_may_not_read_the_trail() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let path = format!("/api/v1/companies/{acme}/audit-events");
    for role in ["member", "viewer"] {
        let token = app.token(&acme, &owner, role).await;
        api_error(app.get_as(&path, &token).await, 403, "forbidden").await;
    }
    let admin = app.token(&acme, &owner, "admin").await;
    assert_eq!(app.get_as(&path, &admin).await.status(), 200);
}

#[tokio::test]
async fn root_reads_every_companys_events_and_the_platforms_own() {
    let app = spawn_app().await;
    app.company("Acme", "ada@acme.test").await;
    app.company("Globex", "hank@globex.test").await;
    app.login("nobody@nowhere.test", "a wrong password!").await;
    let root = app.root_cookie().await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    api_error(app.get_with("/api/v1/admin/audit-events", &owner).await, 404, "not_found").await;

    let all: Value = app.get_with("/api/v1/admin/audit-events", &root).await.json().await.unwrap();
    let events: Vec<(String, Value)> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap().to_owned(), e["company"].clone()))
        .collect();
    assert!(events.contains(&("company.provisioned".into(), Value::from("acme"))), "{events:?}");
    assert!(events.contains(&("company.provisioned".into(), Value::from("globex"))), "{events:?}");
    assert!(events.contains(&("login.failed".into(), Value::Null)), "unknown-email failures are platform events");
    assert!(events.contains(&("root_admin.created".into(), Value::Null)));
    let filtered: Value =
        app.get_with("/api/v1/admin/audit-events?action=company.provisioned", &root).await.json().await.unwrap();
    assert_eq!(filtered["items"].as_array().unwrap().len(), 2);
}
