use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::{Value, json};
use tenantry_core::domain::Email;
use tenantry_core::password::Password;
use tenantry_core::root_admin;

use crate::helpers::{TestApp, api_error, spawn_app, spawn_app_with};

const PASSWORD: &str = "correct horse battery";

impl TestApp {
    /// Provisions a company whose owner has `PASSWORD`; returns its id.
    pub async fn company(&self, name: &str, owner_email: &str) -> String {
        let body = json!({
            "company_name": name,
            "admin_email": owner_email,
            "admin_name": "Owner",
            "admin_password": PASSWORD,
        });
        let created: Value = self.provision(&body).await.json().await.unwrap();
        created["company_id"].as_str().expect("provisioned").to_owned()
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap()
    }

    /// Logs in and returns the session cookie (`name=value`).
    pub async fn session_cookie(&self, email: &str, password: &str) -> String {
        let response = self.login(email, password).await;
        assert_eq!(response.status(), 200, "login of {email}");
        cookie_of(&response).expect("a session cookie")
    }

    pub async fn get_with(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client.get(self.url(path)).header(COOKIE, cookie).send().await.unwrap()
    }

    pub async fn root_cookie(&self) -> String {
        let email = Email::parse("root@platform.test").unwrap();
        root_admin::create_or_reset(&self.store, &email, &Password::parse(PASSWORD).unwrap()).await.unwrap();
        self.session_cookie("root@platform.test", PASSWORD).await
    }
}

fn set_cookie_header(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("tenantry_session="))
        .map(str::to_owned)
}

fn cookie_of(response: &reqwest::Response) -> Option<String> {
    set_cookie_header(response).map(|header| header.split(';').next().unwrap().to_owned())
}

#[tokio::test]
async fn login_answers_who_you_are_and_sets_a_safe_cookie() {
    let app = spawn_app().await;
    let company_id = app.company("Acme", "ada@acme.test").await;
    let response = app.login("ADA@acme.test", PASSWORD).await;
    assert_eq!(response.status(), 200);
    let header = set_cookie_header(&response).expect("cookie set");
    assert!(header.contains("HttpOnly"), "{header}");
    assert!(header.contains("SameSite=Lax"), "{header}");
    assert!(!header.contains("Secure"), "plain http: {header}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["email"], "ada@acme.test");
    assert_eq!(body["role"], "owner");
    assert_eq!(body["company_id"], company_id.as_str());
    assert_eq!(body["company_slug"], "acme");
}

#[tokio::test]
async fn cookies_are_secure_behind_https() {
    let app = spawn_app_with(&["--public-url", "https://tenantry.example.com"]).await;
    app.company("Acme", "ada@acme.test").await;
    let header = set_cookie_header(&app.login("ada@acme.test", PASSWORD).await).unwrap();
    assert!(header.contains("Secure"), "{header}");
}

#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_identical_answer() {
    let app = spawn_app().await;
    app.company("Acme", "ada@acme.test").await;
    let wrong = api_error(app.login("ada@acme.test", "not the password").await, 401, "unauthenticated").await;
    let unknown = api_error(app.login("nobody@acme.test", "not the password").await, 401, "unauthenticated").await;
    assert_eq!(wrong, unknown);
    api_error(app.login("", "").await, 400, "validation_failed").await;
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while_even_for_the_right_password() {
    let app = spawn_app().await;
    app.company("Acme", "ada@acme.test").await;
    for _ in 0..10 {
        assert_eq!(app.login("ada@acme.test", "wrong password!").await.status(), 401);
    }
    let locked = app.login("ada@acme.test", PASSWORD).await;
    let retry_after: u64 = locked.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry_after > 0 && retry_after <= 15 * 60, "{retry_after}");
    api_error(locked, 429, "rate_limited").await;
    // Unknown accounts are throttled alike, so locking tells nothing either.
    for _ in 0..10 {
        app.login("ghost@acme.test", "wrong password!").await;
    }
    api_error(app.login("ghost@acme.test", "wrong password!").await, 429, "rate_limited").await;
}

#[tokio::test]
async fn the_session_id_changes_at_login_and_the_old_one_is_worthless() {
    let app = spawn_app().await;
    let company_id = app.company("Acme", "ada@acme.test").await;
    let first = app.session_cookie("ada@acme.test", PASSWORD).await;
    // Log in again presenting the first cookie, as a fixated victim would.
    let again = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header(COOKIE, &first)
        .json(&json!({"email": "ada@acme.test", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let second = cookie_of(&again).expect("a new cookie");
    assert_ne!(first, second);
    let path = format!("/api/v1/companies/{company_id}");
    assert_eq!(app.get_with(&path, &second).await.status(), 200);
    api_error(app.get_with(&path, &first).await, 401, "unauthenticated").await;
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = spawn_app().await;
    let company_id = app.company("Acme", "ada@acme.test").await;
    let cookie = app.session_cookie("ada@acme.test", PASSWORD).await;
    let response = app.client.post(app.url("/api/v1/auth/logout")).header(COOKIE, &cookie).send().await.unwrap();
    assert_eq!(response.status(), 204);
    let path = format!("/api/v1/companies/{company_id}");
    api_error(app.get_with(&path, &cookie).await, 401, "unauthenticated").await;
    assert_eq!(app.count_rows("audit_events WHERE action = 'logout'").await, 1);
}

#[tokio::test]
async fn bumping_the_session_epoch_ends_every_session_of_that_account() {
    let app = spawn_app().await;
    let company_id = app.company("Acme", "ada@acme.test").await;
    let root = app.root_cookie().await;
    let path = format!("/api/v1/companies/{company_id}");
    assert_eq!(app.get_with(&path, &root).await.status(), 200);
    // Resetting the root password bumps its epoch.
    let email = Email::parse("root@platform.test").unwrap();
    let password = Password::parse("another long passphrase").unwrap();
    root_admin::create_or_reset(&app.store, &email, &password).await.unwrap();
    api_error(app.get_with(&path, &root).await, 401, "unauthenticated").await;
}

#[tokio::test]
async fn a_suspended_companys_people_are_refused_with_the_reason() {
    let app = spawn_app().await;
    let company_id = app.company("Acme", "ada@acme.test").await;
    let cookie = app.session_cookie("ada@acme.test", PASSWORD).await;
    app.execute_raw("UPDATE companies SET status = 'suspended'").await;
    let path = format!("/api/v1/companies/{company_id}");
    let refused = api_error(app.get_with(&path, &cookie).await, 403, "company_suspended").await;
    assert!(refused["reason"].is_string(), "{refused}");
    api_error(app.login("ada@acme.test", PASSWORD).await, 403, "company_suspended").await;
    api_error(app.login("ada@acme.test", "wrong password!").await, 401, "unauthenticated").await;
}

#[tokio::test]
async fn a_company_is_read_by_its_people_and_root_and_hidden_from_everyone_else() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let globex = app.company("Globex", "hank@globex.test").await;
    let ada = app.session_cookie("ada@acme.test", PASSWORD).await;
    let root = app.root_cookie().await;
    let path = format!("/api/v1/companies/{acme}");

    let company: Value = app.get_with(&path, &ada).await.json().await.unwrap();
    assert_eq!(company["company_name"], "Acme");
    assert_eq!(company["subscription_tier"], "Basic");
    assert_eq!(company["status"], "active");
    assert_eq!(company["settings"]["issue_statuses"][3], json!({"name": "Closed", "done": true}));
    assert_eq!(company["settings"]["time_zone"], "UTC");
    assert!(company["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(app.get_with(&path, &root).await.status(), 200);

    api_error(app.get(&path).await, 401, "unauthenticated").await;
    api_error(app.get_with(&format!("/api/v1/companies/{globex}"), &ada).await, 404, "not_found").await;
    api_error(app.get_with("/api/v1/companies/not-an-id", &ada).await, 404, "not_found").await;
    let absent = uuid::Uuid::now_v7();
    api_error(app.get_with(&format!("/api/v1/companies/{absent}"), &root).await, 404, "not_found").await;
}

#[tokio::test]
async fn the_login_server_function_answers_with_the_status_of_its_error() {
    use leptos::server_fn::ServerFn;
    let app = spawn_app().await;
    app.company("Acme", "ada@acme.test").await;
    let call = |password: &'static str| {
        app.client
            .post(app.url(tenantry_app::auth::Login::PATH))
            .header("accept", "application/json")
            .form(&[("email", "ada@acme.test"), ("password", password)])
            .send()
    };
    let refused = call("not the password").await.unwrap();
    assert_eq!(refused.status(), 401);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "unauthenticated");
    let accepted = call(PASSWORD).await.unwrap();
    assert!(accepted.status().is_success() || accepted.status().is_redirection(), "{}", accepted.status());
    assert!(cookie_of(&accepted).is_some(), "the session starts");
}

#[tokio::test]
async fn browser_writes_from_another_site_are_refused_and_scripts_pass() {
    let app = spawn_app().await;
    app.company("Acme", "ada@acme.test").await;
    let body = json!({"email": "ada@acme.test", "password": PASSWORD});
    let post = |headers: &[(&str, String)]| {
        let mut request = app.client.post(app.url("/api/v1/auth/login")).json(&body);
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        request.send()
    };
    api_error(post(&[("origin", "https://evil.example".into())]).await.unwrap(), 403, "forbidden").await;
    api_error(post(&[("sec-fetch-site", "cross-site".into())]).await.unwrap(), 403, "forbidden").await;
    assert_eq!(post(&[("origin", app.address.clone())]).await.unwrap().status(), 200);
    assert_eq!(post(&[("sec-fetch-site", "same-origin".into())]).await.unwrap().status(), 200);
    assert_eq!(post(&[]).await.unwrap().status(), 200, "scripts send neither header");
}

#[tokio::test]
async fn changing_the_password_checks_the_old_one_and_ends_other_sessions() {
    use leptos::server_fn::ServerFn;
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let here = app.session_cookie("ada@acme.test", PASSWORD).await;
    let elsewhere = app.session_cookie("ada@acme.test", PASSWORD).await;
    let change = |current: &'static str| {
        app.client
            .post(app.url(tenantry_app::auth::ChangePassword::PATH))
            .header(COOKIE, &here)
            .header("accept", "application/json")
            .form(&[
                ("current_password", current),
                ("password", "a new passphrase"),
                ("confirmation", "a new passphrase"),
            ])
            .send()
    };
    let wrong = change("not my password").await.unwrap();
    assert_eq!(wrong.status(), 400);
    assert!(wrong.json::<Value>().await.unwrap()["fields"]["current_password"].is_string());
    let changed = change(PASSWORD).await.unwrap();
    assert_eq!(changed.status(), 200);
    let renewed = cookie_of(&changed).unwrap_or(here.clone());
    let path = format!("/api/v1/companies/{acme}");
    assert_eq!(app.get_with(&path, &renewed).await.status(), 200, "this session goes on");
    api_error(app.get_with(&path, &elsewhere).await, 401, "unauthenticated").await;
    assert_eq!(app.login("ada@acme.test", "a new passphrase").await.status(), 200);
}

#[tokio::test]
async fn log_out_everywhere_ends_every_session() {
    use leptos::server_fn::ServerFn;
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let here = app.session_cookie("ada@acme.test", PASSWORD).await;
    let elsewhere = app.session_cookie("ada@acme.test", PASSWORD).await;
    let ended = app
        .client
        .post(app.url(tenantry_app::auth::LogOutEverywhere::PATH))
        .header(COOKIE, &here)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert!(ended.status().is_success() || ended.status().is_redirection(), "{}", ended.status());
    let path = format!("/api/v1/companies/{acme}");
    api_error(app.get_with(&path, &here).await, 401, "unauthenticated").await;
    api_error(app.get_with(&path, &elsewhere).await, 401, "unauthenticated").await;
    assert_eq!(app.count_rows("audit_events WHERE action = 'sessions.ended'").await, 1);
}
