//! Plan changes: the dry run, upgrades, and downgrades blocked until usage fits.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, api_error, spawn_app};

impl TestApp {
    async fn upgrade(&self, company_id: &str, who: &str, body: Value) -> reqwest::Response {
        self.call(Method::PUT, &format!("/api/v1/companies/{company_id}/upgrade"), who, Some(body)).await
    }

    async fn tier_of(&self, company_id: &str, who: &str) -> String {
        let company: Value = self.get_as(&format!("/api/v1/companies/{company_id}"), who).await.json().await.unwrap();
        company["subscription_tier"].as_str().unwrap().to_owned()
    }
}

#[tokio::test]
async fn a_dry_run_says_what_changes_and_changes_nothing_then_the_upgrade_applies_at_once() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Basic", "ada@acme.test").await;
    let run: Value =
        app.upgrade(&acme, &owner, json!({"new_tier": "Premium", "dry_run": true})).await.json().await.unwrap();
    assert_eq!((run["allowed"].as_bool(), run["price_difference"].as_i64()), (Some(true), Some(40)));
    assert_eq!(run["violations"], json!([]));
    assert!(run["changes"].as_array().unwrap().contains(&json!({"item": "users", "from": "5", "to": "25"})), "{run}");
    assert_eq!(app.tier_of(&acme, &owner).await, "Basic", "a dry run changes nothing");
    assert_eq!(app.count_rows("tier_history").await, 0);

    let changed: Value = app.upgrade(&acme, &owner, json!({"new_tier": "premium"})).await.json().await.unwrap();
    assert_eq!((changed["previous_tier"].as_str(), changed["new_tier"].as_str()), (Some("Basic"), Some("Premium")));
    assert!(changed["new_features"].as_array().unwrap().contains(&json!("custom workflows")), "{changed}");
    assert!(changed["effective_date"].is_string());
    assert_eq!(app.tier_of(&acme, &owner).await, "Premium");
    assert_eq!(app.count_rows("tier_history").await, 1);
    assert_eq!(app.count_rows("audit_events WHERE action = 'company.tier_changed'").await, 1);
    let company: Value = app.get_as(&format!("/api/v1/companies/{acme}"), &owner).await.json().await.unwrap();
    assert_eq!(company["entitlements"]["limits"]["users"], 25, "the new limits apply at once");

    api_error(app.upgrade(&acme, &owner, json!({"new_tier": "Premium"})).await, 400, "validation_failed").await;
    api_error(app.upgrade(&acme, &owner, json!({"new_tier": "Gold"})).await, 400, "validation_failed").await;
    api_error(app.upgrade(&acme, &owner, json!({})).await, 400, "validation_failed").await;
}

#[tokio::test]
async fn a_downgrade_is_blocked_while_usage_exceeds_the_target_and_allowed_once_it_fits() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Premium", "ada@acme.test").await;
    let mut people = Vec::new();
    for n in 0..7 {
        let body = json!({"email": format!("p{n}@acme.test"), "name": format!("P{n}"), "role": "viewer"});
        people.push(
            app.invite(&acme, &owner, body).await.json::<Value>().await.unwrap()["user_id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let run: Value =
        app.upgrade(&acme, &owner, json!({"new_tier": "Basic", "dry_run": true})).await.json().await.unwrap();
    assert_eq!(run["allowed"], false);
    assert_eq!(
        (run["violations"][0]["limit"].as_str(), run["violations"][0]["current"].as_i64()),
        (Some("users"), Some(8))
    );
    assert!(run["violations"][0]["message"].as_str().unwrap().contains("Deactivate 3 people"));
    assert_eq!(run["price_difference"], -40);

    let blocked =
        api_error(app.upgrade(&acme, &owner, json!({"new_tier": "Basic"})).await, 409, "downgrade_blocked").await;
    assert_eq!(blocked["violations"][0]["max"], 5);
    assert_eq!(app.tier_of(&acme, &owner).await, "Premium", "nothing changed, nothing deleted");
    for person in &people[..3] {
        assert_eq!(app.deactivate(&acme, person, &owner).await.status(), 204);
    }
    let changed = app.upgrade(&acme, &owner, json!({"new_tier": "Basic"})).await;
    assert_eq!(changed.status(), 200);
    assert_eq!(app.tier_of(&acme, &owner).await, "Basic");
    assert_eq!(app.count_rows("users").await, 8, "a tier change never deletes anyone");
}

#[tokio::test]
async fn only_owners_and_root_change_the_plan() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Basic", "ada@acme.test").await;
    let (_, hank) = app.company_on("Globex", "Basic", "hank@globex.test").await;
    app.member(&acme, &owner, "ad@acme.test", "admin", "admin passphrase").await;
    let admin = app.session_cookie("ad@acme.test", "admin passphrase").await;
    let body = json!({"new_tier": "Premium", "dry_run": true});
    api_error(app.upgrade(&acme, &admin, body.clone()).await, 403, "forbidden").await;
    api_error(app.upgrade(&acme, &hank, body.clone()).await, 404, "not_found").await;
    let root = app.root_cookie().await;
    assert_eq!(app.upgrade(&acme, &root, json!({"new_tier": "Platinum"})).await.status(), 200);
    assert_eq!(app.tier_of(&acme, &owner).await, "Platinum");
}
