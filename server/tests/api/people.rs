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
    assert_eq!(app.count_rows("outbox").await, 1, "the welcome mail only: nothing to send to nobody");
    assert_eq!(ask("ada@acme.test").await.unwrap().status(), 202);
    api_error(ask("not an email").await.unwrap(), 400, "validation_failed").await;

    let link = app.link_mailed_to("ada@acme.test").await;
    app.set_password(&link, "a brand new passphrase").await;
    api_error(app.login("ada@acme.test", PASSWORD).await, 401, "unauthenticated").await;
    assert_eq!(app.login("ada@acme.test", "a brand new passphrase").await.status(), 200);
    let path = format!("/api/v1/companies/{acme}");
    api_error(app.get_with(&path, &old_session).await, 401, "unauthenticated").await;
}

impl TestApp {
    /// Invites `email` with `role` and has them set `password`; returns their user id.
    pub async fn member(&self, company_id: &str, owner: &str, email: &str, role: &str, password: &str) -> String {
        let invited: Value = self
            .invite(company_id, owner, json!({"email": email, "name": email, "role": role}))
            .await
            .json()
            .await
            .unwrap();
        self.set_password(&self.link_mailed_to(email).await, password).await;
        invited["user_id"].as_str().unwrap().to_owned()
    }

    pub async fn patch_person(&self, company_id: &str, user_id: &str, cookie: &str, body: Value) -> reqwest::Response {
        let path = format!("/api/v1/companies/{company_id}/users/{user_id}");
        self.client.patch(self.url(&path)).header(COOKIE, cookie).json(&body).send().await.unwrap()
    }

    pub async fn deactivate(&self, company_id: &str, user_id: &str, cookie: &str) -> reqwest::Response {
        let path = format!("/api/v1/companies/{company_id}/users/{user_id}");
        self.client.delete(self.url(&path)).header(COOKIE, cookie).send().await.unwrap()
    }
}

#[tokio::test]
async fn the_last_owner_can_be_neither_demoted_nor_deactivated() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let people: Value = app.get_with(&format!("/api/v1/companies/{acme}/users"), &owner).await.json().await.unwrap();
    let ada = people["items"][0]["user_id"].as_str().unwrap().to_owned();

    let error = api_error(app.patch_person(&acme, &ada, &owner, json!({"role": "admin"})).await, 409, "conflict").await;
    assert!(error["error"].as_str().unwrap().contains("at least one owner"));
    api_error(app.deactivate(&acme, &ada, &owner).await, 409, "conflict").await;

    // With a second owner, the first may step down.
    let bob = app.member(&acme, &owner, "bob@acme.test", "owner", "bobs passphrase").await;
    let stepped_down = app.patch_person(&acme, &ada, &owner, json!({"role": "admin"})).await;
    assert_eq!(stepped_down.status(), 200);
    assert_eq!(stepped_down.json::<Value>().await.unwrap()["role"], "admin");
    let bob_session = app.session_cookie("bob@acme.test", "bobs passphrase").await;
    api_error(app.deactivate(&acme, &bob, &bob_session).await, 409, "conflict").await;
}

#[tokio::test]
async fn a_role_change_or_deactivation_ends_sessions_and_revokes_tokens() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let carol = app.member(&acme, &owner, "carol@acme.test", "admin", "carols passphrase").await;
    let carol_session = app.session_cookie("carol@acme.test", "carols passphrase").await;
    let carol_token = app.token(&acme, &carol_session, "member").await;
    let company = format!("/api/v1/companies/{acme}");
    assert_eq!(app.get_as(&company, &carol_token).await.status(), 200);

    let renamed = app.patch_person(&acme, &carol, &owner, json!({"name": "Carol C."})).await;
    assert_eq!(renamed.json::<Value>().await.unwrap()["name"], "Carol C.");
    assert_eq!(app.get_with(&company, &carol_session).await.status(), 200, "a rename keeps sessions");

    app.patch_person(&acme, &carol, &owner, json!({"role": "member"})).await;
    api_error(app.get_with(&company, &carol_session).await, 401, "unauthenticated").await;
    assert_eq!(app.get_as(&company, &carol_token).await.status(), 200, "her token keeps its own role");

    assert_eq!(app.deactivate(&acme, &carol, &owner).await.status(), 204);
    api_error(app.get_as(&company, &carol_token).await, 401, "unauthenticated").await;
    api_error(app.login("carol@acme.test", "carols passphrase").await, 401, "unauthenticated").await;
    let people: Value = app.get_with(&format!("{company}/users"), &owner).await.json().await.unwrap();
    let carol_row =
        people["items"].as_array().unwrap().iter().find(|p| p["user_id"] == carol.as_str()).unwrap().clone();
    assert_eq!(carol_row["status"], "deactivated", "nothing is deleted");
}

#[tokio::test]
async fn nobody_changes_someone_above_them_or_in_another_company() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let globex = app.company("Globex", "hank@globex.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let hank = app.session_cookie("hank@globex.test", PASSWORD).await;
    let people: Value = app.get_with(&format!("/api/v1/companies/{acme}/users"), &owner).await.json().await.unwrap();
    let ada = people["items"][0]["user_id"].as_str().unwrap().to_owned();
    app.member(&acme, &owner, "carol@acme.test", "admin", "carols passphrase").await;
    let admin = app.session_cookie("carol@acme.test", "carols passphrase").await;

    api_error(app.patch_person(&acme, &ada, &admin, json!({"role": "viewer"})).await, 403, "forbidden").await;
    api_error(app.deactivate(&acme, &ada, &admin).await, 403, "forbidden").await;
    api_error(app.patch_person(&acme, &ada, &hank, json!({"name": "x"})).await, 404, "not_found").await;
    api_error(app.patch_person(&globex, &ada, &hank, json!({"name": "x"})).await, 404, "not_found").await;
    api_error(app.get_with(&format!("/api/v1/companies/{acme}/users"), &hank).await, 404, "not_found").await;
    api_error(app.patch_person(&acme, "not-an-id", &owner, json!({})).await, 404, "not_found").await;
    let bad = app.patch_person(&acme, &ada, &owner, json!({"role": "emperor", "name": ""})).await;
    let error = api_error(bad, 400, "validation_failed").await;
    assert!(error["fields"]["role"].is_string() && error["fields"]["name"].is_string(), "{error}");
}
