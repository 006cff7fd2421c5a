//! Tier limits: users and issues, just under, at and just over each boundary, with overrides.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, api_error, spawn_app, tenant_of};

const PASSWORD: &str = "correct horse battery";

impl TestApp {
    /// A company on `tier` whose owner is logged in: `(company_id, owner cookie)`.
    pub async fn company_on(&self, name: &str, tier: &str, owner_email: &str) -> (String, String) {
        let body = json!({"company_name": name, "admin_email": owner_email, "admin_name": "Owner",
            "admin_password": PASSWORD, "subscription_tier": tier});
        let created: Value = self.provision(&body).await.json().await.unwrap();
        let id = created["company_id"].as_str().expect("provisioned").to_owned();
        (id, self.session_cookie(owner_email, PASSWORD).await)
    }

    async fn overrides(&self, company_id: &str, root: &str, body: Value) -> reqwest::Response {
        self.call(Method::PUT, &format!("/api/v1/companies/{company_id}/overrides"), root, Some(body)).await
    }

    async fn invite_n(&self, company_id: &str, owner: &str, from: usize, to: usize) -> reqwest::Response {
        let mut last = None;
        for n in from..to {
            let body = json!({"email": format!("p{n}@limits.test"), "name": format!("P{n}"), "role": "viewer"});
            last = Some(self.invite(company_id, owner, body).await);
        }
        last.expect("at least one invitation")
    }
}

#[tokio::test]
async fn the_user_limit_counts_the_owner_active_and_pending_people_only() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Basic", "ada@acme.test").await;
    // Basic allows 5: the owner and four more.
    assert_eq!(app.invite_n(&acme, &owner, 1, 5).await.status(), 201, "4 of 5 → 5 of 5");
    let refused = app.invite_n(&acme, &owner, 5, 6).await;
    let error = api_error(refused, 403, "tier_limit_reached").await;
    assert_eq!(
        (error["limit"].as_str(), error["max"].as_i64(), error["current"].as_i64()),
        (Some("users"), Some(5), Some(5))
    );
    assert_eq!(error["tier"], "Basic");

    // A deactivated person stops counting; an expired invitation too.
    let people: Value =
        app.call(Method::GET, &format!("/api/v1/companies/{acme}/users"), &owner, None).await.json().await.unwrap();
    let someone = people["items"][1]["user_id"].as_str().unwrap().to_owned();
    assert_eq!(app.deactivate(&acme, &someone, &owner).await.status(), 204);
    assert_eq!(app.invite_n(&acme, &owner, 6, 7).await.status(), 201, "a freed seat can be filled");
    api_error(app.invite_n(&acme, &owner, 7, 8).await, 403, "tier_limit_reached").await;
    app.execute_raw(
        "UPDATE password_links SET expires_at = '2000-01-01T00:00:00+00:00' WHERE user_id IN \
         (SELECT id FROM users WHERE email = 'p2@limits.test')",
    )
    .await;
    let company: Value = app.get_as(&format!("/api/v1/companies/{acme}"), &owner).await.json().await.unwrap();
    assert_eq!(company["usage"]["users"], 4, "{company}");
    assert_eq!(company["entitlements"]["limits"]["users"], 5);
    assert_eq!(app.invite_n(&acme, &owner, 8, 9).await.status(), 201, "an expired invitation frees its seat");
}

#[tokio::test]
async fn overrides_change_a_companys_limits_and_only_root_sets_them() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Basic", "ada@acme.test").await;
    let (globex, hank) = app.company_on("Globex", "Premium", "hank@globex.test").await;
    let root = app.root_cookie().await;

    api_error(app.overrides(&acme, &owner, json!({"users": 50})).await, 403, "forbidden").await;
    api_error(app.overrides(&acme, &hank, json!({"users": 50})).await, 404, "not_found").await;
    for bad in [json!({"users": -1}), json!({"issues": "many"}), json!({"users": 1.5})] {
        api_error(app.overrides(&acme, &root, bad).await, 400, "validation_failed").await;
    }
    let set: Value = app.overrides(&acme, &root, json!({"users": 2, "issues": 3})).await.json().await.unwrap();
    assert_eq!((set["limits"]["users"].as_i64(), set["limits"]["issues"].as_i64()), (Some(2), Some(3)));
    assert_eq!(set["overrides"]["users"], 2);
    assert_eq!(set["limits"]["api_calls_daily"], 1000, "the tier's where no override");

    assert_eq!(app.invite_n(&acme, &owner, 1, 2).await.status(), 201);
    api_error(app.invite_n(&acme, &owner, 2, 3).await, 403, "tier_limit_reached").await;
    // Issues: 3 allowed; archived ones do not count; restoring one past the limit is refused.
    let bug = json!({"title": "Bug", "issue_type": "Bug", "priority": "Low", "status": "Closed"});
    let first = app.issue(&acme, &owner, bug.clone()).await;
    app.issue(&acme, &owner, bug.clone()).await;
    app.issue(&acme, &owner, bug.clone()).await;
    let issues = format!("/api/v1/companies/{acme}/issues");
    let over =
        api_error(app.call(Method::POST, &issues, &owner, Some(bug.clone())).await, 403, "tier_limit_reached").await;
    assert_eq!(
        (over["limit"].as_str(), over["max"].as_i64(), over["current"].as_i64()),
        (Some("issues"), Some(3), Some(3))
    );
    assert_eq!(app.patch_issue(&acme, &first, &owner, json!({"archived": true})).await.status(), 200);
    app.issue(&acme, &owner, bug.clone()).await;
    api_error(app.patch_issue(&acme, &first, &owner, json!({"archived": false})).await, 403, "tier_limit_reached")
        .await;

    let removed: Value = app.overrides(&acme, &root, json!({"users": null})).await.json().await.unwrap();
    assert_eq!((removed["limits"]["users"].as_i64(), removed["limits"]["issues"].as_i64()), (Some(5), Some(3)));
    assert_eq!(app.invite_n(&acme, &owner, 2, 3).await.status(), 201, "back to Basic's 5 users");
    // Globex is untouched.
    let other: Value = app.get_as(&format!("/api/v1/companies/{globex}"), &hank).await.json().await.unwrap();
    assert_eq!(other["entitlements"]["limits"]["users"], 25);
    assert_eq!(other["entitlements"]["overrides"]["users"], Value::Null);
}

#[tokio::test]
async fn the_issue_limit_of_each_tier_holds_at_its_boundary() {
    let app = spawn_app().await;
    for (tier, max) in [("Basic", Some(1000)), ("Premium", Some(10000)), ("Platinum", None::<i64>)] {
        let (company, owner) = app.company_on(tier, tier, &format!("owner@{}.test", tier.to_lowercase())).await;
        // Fill up to one below the limit directly (Platinum: a large number), then cross it through the API.
        let below = max.unwrap_or(20_000) - 1;
        app.store.seed_issues(&tenant_of(&company), below, 365).await.unwrap();
        let bug = json!({"title": "Edge", "issue_type": "Bug", "priority": "Low"});
        app.issue(&company, &owner, bug.clone()).await;
        let next = app.call(Method::POST, &format!("/api/v1/companies/{company}/issues"), &owner, Some(bug)).await;
        match max {
            Some(max) => {
                let error = api_error(next, 403, "tier_limit_reached").await;
                assert_eq!((error["max"].as_i64(), error["current"].as_i64()), (Some(max), Some(max)), "{tier}");
            }
            None => assert_eq!(next.status(), 201, "{tier} has no issue limit"),
        }
    }
}
