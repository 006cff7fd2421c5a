use leptos::server_fn::ServerFn;
use reqwest::header::COOKIE;
use serde_json::{Value, json};

use crate::helpers::{TestApp, api_error, spawn_app};

const PASSWORD: &str = "correct horse battery";

impl TestApp {
    pub async fn invite(&self, company_id: &str, cookie: &str, body: Value) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/v1/companies/{company_id}/users")))
            .header(COOKIE, cookie)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// The one-time link in the newest mail to `to`.
    pub async fn link_mailed_to(&self, to: &str) -> String {
        let outbox = self.store.outbox_page(None, 100).await.unwrap();
        let mail = outbox.iter().find(|mail| mail.to_address == to).expect("a mail to them");
        let start = mail.body.find("token=").expect("a link") + "token=".len();
        mail.body[start..].split_whitespace().next().unwrap().to_owned()
    }

    /// Calls the set-password server function as the page's form does.
    pub async fn set_password(&self, token: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url(tenantry_app::auth::SetPassword::PATH))
            .header("accept", "application/json")
            .form(&[("token", token), ("password", password), ("confirmation", password)])
            .send()
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn an_invited_person_sets_a_password_from_the_mailed_link_once() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;

    let invited = app.invite(&acme, &owner, json!({"email": "Bob@Acme.test", "name": "Bob", "role": "member"})).await;
    assert_eq!(invited.status(), 201);
    let person: Value = invited.json().await.unwrap();
    assert_eq!(person["status"], "invited");
    assert_eq!(person["role"], "member");
    assert_eq!(person["email"], "Bob@Acme.test");
    api_error(app.login("bob@acme.test", "anything at all").await, 401, "unauthenticated").await;

    let link = app.link_mailed_to("Bob@Acme.test").await;
    let outbox = app.store.outbox_page(None, 10).await.unwrap();
    assert!(!outbox[0].body.contains(PASSWORD), "no password is ever mailed");
    let weak = app.set_password(&link, "short").await;
    assert_eq!(weak.status(), 400);
    let set = app.set_password(&link, "bobs own passphrase").await;
    assert!(set.status().is_success() || set.status().is_redirection(), "{}", set.status());
    assert_eq!(app.login("bob@acme.test", "bobs own passphrase").await.status(), 200);

    let reused = app.set_password(&link, "another passphrase").await;
    assert_eq!(reused.status(), 400);
    let body: Value = reused.json().await.unwrap();
    assert!(body["fields"]["token"].as_str().unwrap().contains("expired or was already used"));
    assert_eq!(app.count_rows("audit_events WHERE action = 'invitation.accepted'").await, 1);
}

#[tokio::test]
async fn an_expired_invitation_link_does_nothing() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    app.invite(&acme, &owner, json!({"email": "bob@acme.test", "name": "Bob", "role": "viewer"})).await;
    let link = app.link_mailed_to("bob@acme.test").await;
    app.execute_raw("UPDATE password_links SET expires_at = created_at").await;
    assert_eq!(app.set_password(&link, "bobs own passphrase").await.status(), 400);
    api_error(app.login("bob@acme.test", "bobs own passphrase").await, 401, "unauthenticated").await;
}

#[tokio::test]
async fn invitations_are_checked_like_every_other_input() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let globex = app.company("Globex", "hank@globex.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;

    let error = api_error(app.invite(&acme, &owner, json!({})).await, 400, "validation_failed").await;
    for field in ["email", "name", "role"] {
        assert!(error["fields"][field].is_string(), "{field}: {error}");
    }
    let bad_role = app.invite(&acme, &owner, json!({"email": "x@acme.test", "name": "X", "role": "root"})).await;
    api_error(bad_role, 400, "validation_failed").await;
    let taken = app.invite(&acme, &owner, json!({"email": "HANK@globex.test", "name": "Hank", "role": "member"})).await;
    let error = api_error(taken, 409, "conflict").await;
    assert!(!error["error"].as_str().unwrap().contains("Globex"), "the other company is not named");
    let foreign = app.invite(&globex, &owner, json!({"email": "y@acme.test", "name": "Y", "role": "member"})).await;
    api_error(foreign, 404, "not_found").await;

    // An admin may invite admins, never owners; a member may not invite at all.
    app.invite(&acme, &owner, json!({"email": "carol@acme.test", "name": "Carol", "role": "admin"})).await;
    app.set_password(&app.link_mailed_to("carol@acme.test").await, "carols passphrase").await;
    let admin = app.session_cookie("carol@acme.test", "carols passphrase").await;
    let owner_by_admin = app.invite(&acme, &admin, json!({"email": "o@acme.test", "name": "O", "role": "owner"})).await;
    api_error(owner_by_admin, 400, "validation_failed").await;
    assert_eq!(
        app.invite(&acme, &admin, json!({"email": "dan@acme.test", "name": "Dan", "role": "member"})).await.status(),
        201
    );
    app.set_password(&app.link_mailed_to("dan@acme.test").await, "dans passphrase").await;
    let member = app.session_cookie("dan@acme.test", "dans passphrase").await;
    let by_member = app.invite(&acme, &member, json!({"email": "e@acme.test", "name": "E", "role": "viewer"})).await;
    api_error(by_member, 403, "forbidden").await;
}

#[tokio::test]
async fn a_password_reset_answers_the_same_for_everyone_and_ends_old_sessions() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let old_session = app.session_cookie("ada@acme.test", PASSWORD).await;
    let ask = |email: &'static str| {
        app.client.post(app.url("/api/v1/auth/password-reset")).json(&json!({ "email": email })).send()
    };
    assert_eq!(ask("nobody@acme.test").await.unwrap().status(), 202);
    assert_eq!(app.count_rows("outbox").await, 0, "nothing to send to nobody");
    assert_eq!(ask("ada@acme.test").await.unwrap().status(), 202);
    api_error(ask("not an email").await.unwrap(), 400, "validation_failed").await;

    let link = app.link_mailed_to("ada@acme.test").await;
    app.set_password(&link, "a brand new passphrase").await;
    api_error(app.login("ada@acme.test", PASSWORD).await, 401, "unauthenticated").await;
    assert_eq!(app.login("ada@acme.test", "a brand new passphrase").await.status(), 200);
    let path = format!("/api/v1/companies/{acme}");
    api_error(app.get_with(&path, &old_session).await, 401, "unauthenticated").await;
}
