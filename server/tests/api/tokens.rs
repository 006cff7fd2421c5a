use reqwest::header::{AUTHORIZATION, COOKIE};
use serde_json::{Value, json};

use crate::helpers::{TestApp, api_error, credentials, spawn_app};

const PASSWORD: &str = "correct horse battery";

impl TestApp {
    pub async fn create_token(&self, company_id: &str, cookie_or_bearer: &str, body: Value) -> reqwest::Response {
        let request = self.client.post(self.url(&format!("/api/v1/companies/{company_id}/api-tokens"))).json(&body);
        credentials(request, cookie_or_bearer).send().await.unwrap()
    }

    /// A token of the company with `role`, made by its owner.
    pub async fn token(&self, company_id: &str, owner_cookie: &str, role: &str) -> String {
        let response =
            self.create_token(company_id, owner_cookie, json!({"name": format!("{role} script"), "role": role})).await;
        assert_eq!(response.status(), 201);
        response.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned()
    }

    pub async fn get_as(&self, path: &str, cookie_or_bearer: &str) -> reqwest::Response {
        credentials(self.client.get(self.url(path)), cookie_or_bearer).send().await.unwrap()
    }
}

#[tokio::test]
async fn a_token_is_shown_once_listed_without_its_secret_and_acts_for_its_company() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;

    let created = app.create_token(&acme, &owner, json!({"name": "CI"})).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["role"], "member", "the default role");
    let secret = created["token"].as_str().unwrap();
    assert!(secret.starts_with("tnt_"));

    let company = app.get_as(&format!("/api/v1/companies/{acme}"), secret).await;
    assert_eq!(company.status(), 200);

    let list: Value = app.get_as(&format!("/api/v1/companies/{acme}/api-tokens"), &owner).await.json().await.unwrap();
    assert_eq!(list["next_cursor"], Value::Null);
    let item = &list["items"][0];
    assert_eq!(item["name"], "CI");
    assert!(item["last_used_at"].is_string(), "used once: {item}");
    assert!(item.get("token").is_none() && !list.to_string().contains(secret), "never shown again");
    assert_eq!(app.count_rows("audit_events WHERE action = 'api_token.created'").await, 1);
}

#[tokio::test]
async fn a_token_has_at_most_its_creators_rights() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    for role in ["owner", "root", "superuser"] {
        let refused = app.create_token(&acme, &owner, json!({"name": "x", "role": role})).await;
        let error = api_error(refused, 400, "validation_failed").await;
        assert!(error["fields"]["role"].is_string(), "{role}: {error}");
    }
    api_error(app.create_token(&acme, &owner, json!({"name": ""})).await, 400, "validation_failed").await;
    api_error(app.create_token(&acme, &owner, json!({"name": "n".repeat(101)})).await, 400, "validation_failed").await;

    let admin = app.token(&acme, &owner, "admin").await;
    assert_eq!(app.create_token(&acme, &admin, json!({"name": "from admin", "role": "admin"})).await.status(), 201);
    let member = app.token(&acme, &owner, "member").await;
    api_error(app.create_token(&acme, &member, json!({"name": "x"})).await, 403, "forbidden").await;
    let viewer = app.token(&acme, &owner, "viewer").await;
    api_error(app.get_as(&format!("/api/v1/companies/{acme}/api-tokens"), &viewer).await, 403, "forbidden").await;
}

#[tokio::test]
async fn a_revoked_token_stops_at_once_and_other_companies_cannot_touch_tokens() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let globex = app.company("Globex", "hank@globex.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let hank = app.session_cookie("hank@globex.test", PASSWORD).await;
    let created: Value = app.create_token(&acme, &owner, json!({"name": "CI"})).await.json().await.unwrap();
    let (id, secret) = (created["id"].as_str().unwrap(), created["token"].as_str().unwrap());
    let path = format!("/api/v1/companies/{acme}/api-tokens/{id}");

    api_error(app.get_as(&format!("/api/v1/companies/{acme}/api-tokens"), &hank).await, 404, "not_found").await;
    let foreign = app.client.delete(app.url(&path)).header(COOKIE, &hank).send().await.unwrap();
    api_error(foreign, 404, "not_found").await;
    let wrong_company = app
        .client
        .delete(app.url(&format!("/api/v1/companies/{globex}/api-tokens/{id}")))
        .header(COOKIE, &hank)
        .send()
        .await
        .unwrap();
    api_error(wrong_company, 404, "not_found").await;

    let revoked = app.client.delete(app.url(&path)).header(COOKIE, &owner).send().await.unwrap();
    assert_eq!(revoked.status(), 204);
    api_error(app.get_as(&format!("/api/v1/companies/{acme}"), secret).await, 401, "unauthenticated").await;
    let again = app.client.delete(app.url(&path)).header(COOKIE, &owner).send().await.unwrap();
    api_error(again, 404, "not_found").await;
}

#[tokio::test]
async fn bad_credentials_are_401_and_a_suspended_companys_tokens_403() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let token = app.token(&acme, &owner, "member").await;
    let path = format!("/api/v1/companies/{acme}");
    api_error(app.get_as(&path, "tnt_0000").await, 401, "unauthenticated").await;
    api_error(app.get_as(&path, "not-even-a-token").await, 401, "unauthenticated").await;
    let basic = app.client.get(app.url(&path)).header(AUTHORIZATION, "Basic YTpi").send().await.unwrap();
    api_error(basic, 401, "unauthenticated").await;
    app.execute_raw("UPDATE companies SET status = 'suspended'").await;
    api_error(app.get_as(&path, &token).await, 403, "company_suspended").await;
}

#[tokio::test]
async fn root_makes_platform_tokens_that_read_any_company() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let root = app.root_cookie().await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let make = |credentials: String| {
        app.client
            .post(app.url("/api/v1/admin/api-tokens"))
            .header(COOKIE, credentials)
            .json(&json!({"name": "ops"}))
            .send()
    };
    api_error(make(owner).await.unwrap(), 403, "forbidden").await;
    let created = make(root).await.unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["name"], "ops");
    let token = created["token"].as_str().unwrap();
    assert_eq!(app.get_as(&format!("/api/v1/companies/{acme}"), token).await.status(), 200);
}
