use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{api_error, spawn_app};

const PASSWORD: &str = "correct horse battery";

#[tokio::test]
async fn a_new_company_has_a_default_team_with_its_owner() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let teams: Value =
        app.call(Method::GET, &format!("/api/v1/companies/{acme}/teams"), &owner, None).await.json().await.unwrap();
    let people: Value =
        app.call(Method::GET, &format!("/api/v1/companies/{acme}/users"), &owner, None).await.json().await.unwrap();
    assert_eq!(teams["items"][0]["name"], "General");
    assert_eq!(teams["items"][0]["member_ids"], json!([people["items"][0]["user_id"]]));
    assert_eq!(teams["next_cursor"], Value::Null);
}

#[tokio::test]
async fn teams_are_created_renamed_and_staffed_with_the_companys_own_people() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let globex = app.company("Globex", "hank@globex.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let hank = app.session_cookie("hank@globex.test", PASSWORD).await;
    let mo = app.member(&acme, &owner, "mo@acme.test", "member", "member passphrase").await;
    let teams = format!("/api/v1/companies/{acme}/teams");

    let created = app.call(Method::POST, &teams, &owner, Some(json!({"name": " Platform "}))).await;
    assert_eq!(created.status(), 201);
    let team: Value = created.json().await.unwrap();
    assert_eq!((team["name"].as_str(), team["member_ids"].clone()), (Some("Platform"), json!([])));
    let id = team["team_id"].as_str().unwrap();
    api_error(app.call(Method::POST, &teams, &owner, Some(json!({"name": "platform"}))).await, 409, "conflict").await;
    for bad in [json!({}), json!({"name": ""}), json!({"name": "x".repeat(101)})] {
        api_error(app.call(Method::POST, &teams, &owner, Some(bad)).await, 400, "validation_failed").await;
    }

    let renamed = app.call(Method::PATCH, &format!("{teams}/{id}"), &owner, Some(json!({"name": "Core"}))).await;
    assert_eq!(renamed.json::<Value>().await.unwrap()["name"], "Core");
    api_error(
        app.call(Method::PATCH, &format!("{teams}/{id}"), &owner, Some(json!({"name": "general"}))).await,
        409,
        "conflict",
    )
    .await;

    let members = format!("{teams}/{id}/members");
    let staffed: Value =
        app.call(Method::PUT, &members, &owner, Some(json!({"user_ids": [mo, mo]}))).await.json().await.unwrap();
    assert_eq!(staffed["member_ids"], json!([mo]));
    let people: Value =
        app.call(Method::GET, &format!("/api/v1/companies/{globex}/users"), &hank, None).await.json().await.unwrap();
    let hank_id = people["items"][0]["user_id"].as_str().unwrap();
    for bad in [json!({"user_ids": [hank_id]}), json!({"user_ids": ["nope"]}), json!({"user_ids": "x"})] {
        api_error(app.call(Method::PUT, &members, &owner, Some(bad)).await, 400, "validation_failed").await;
    }
    let emptied: Value =
        app.call(Method::PUT, &members, &owner, Some(json!({"user_ids": []}))).await.json().await.unwrap();
    assert_eq!(emptied["member_ids"], json!([]));

    // Another company's team is not found, under either company's path.
    for path in [format!("{teams}/{id}"), format!("/api/v1/companies/{globex}/teams/{id}")] {
        api_error(app.call(Method::PATCH, &path, &hank, Some(json!({"name": "Mine"}))).await, 404, "not_found").await;
    }
    let globex_teams = format!("/api/v1/companies/{globex}/teams/{id}/members");
    api_error(app.call(Method::PUT, &globex_teams, &hank, Some(json!({"user_ids": []}))).await, 404, "not_found").await;
}

#[tokio::test]
async fn the_user_count_is_exact_through_invitations_and_deactivations() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let count = || async { app.store.company(acme.parse().unwrap()).await.unwrap().user_count };
    assert_eq!(count().await, 1);
    let mo = app.member(&acme, &owner, "mo@acme.test", "member", "member passphrase").await;
    app.invite(&acme, &owner, json!({"email": "pending@acme.test", "name": "P", "role": "viewer"})).await;
    assert_eq!(count().await, 3, "the owner, an active person and a pending invitation");
    assert_eq!(app.deactivate(&acme, &mo, &owner).await.status(), 204);
    assert_eq!(app.deactivate(&acme, &mo, &owner).await.status(), 204);
    assert_eq!(count().await, 2, "a deactivated person stops counting, once");
}
