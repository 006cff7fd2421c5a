use serde_json::{Value, json};
use tenantry_core::store::Engine;

use crate::helpers::{TestApp, api_error, spawn_app};

fn acme() -> Value {
    json!({
        "company_name": "Acme Widgets",
        "admin_email": "Ada@Acme.test",
        "admin_name": "Ada Lovelace",
        "admin_password": "correct horse battery",
    })
}

impl TestApp {
    pub async fn provision(&self, body: &Value) -> reqwest::Response {
        self.client.post(self.url("/api/v1/companies/provision")).json(body).send().await.expect("request sent")
    }

    /// Rows in a table, counted behind the application's back.
    pub async fn count_rows(&self, table: &str) -> i64 {
        sqlx::any::install_default_drivers();
        let mut db = <sqlx::AnyConnection as sqlx::Connection>::connect(&self.database_url).await.unwrap();
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut db).await.unwrap()
    }

    pub async fn execute_raw(&self, sql: &str) {
        sqlx::any::install_default_drivers();
        let mut db = <sqlx::AnyConnection as sqlx::Connection>::connect(&self.database_url).await.unwrap();
        sqlx::raw_sql(sql).execute(&mut db).await.unwrap();
    }
}

#[tokio::test]
async fn provisioning_creates_an_active_company_with_its_owner_and_defaults() {
    let app = spawn_app().await;
    let response = app.provision(&acme()).await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["company_name"], "Acme Widgets");
    assert_eq!(body["slug"], "acme-widgets");
    assert_eq!(body["admin_email"], "Ada@Acme.test");
    assert_eq!(body["subscription_tier"], "Basic", "the default tier");
    assert_eq!(body["status"], "active");
    assert!(body["next_steps"].as_array().unwrap().len() >= 2);

    let id = body["company_id"].as_str().unwrap().parse().unwrap();
    let company = app.store.company(id).await.unwrap();
    let statuses: Vec<_> = company.settings.issue_statuses.iter().map(|s| (s.name.as_str(), s.done)).collect();
    assert_eq!(statuses, [("Open", false), ("In Progress", false), ("In Review", false), ("Closed", true)]);
    assert_eq!(company.settings.priority_levels, ["Low", "Medium", "High", "Critical"]);
    assert_eq!(company.settings.issue_types, ["Bug", "Feature", "Task", "Epic"]);
    assert!(company.settings.custom_fields.is_empty());
    assert!(company.settings.notifications.email);
    assert_eq!(app.count_rows("users WHERE role = 'owner'").await, 1);
    assert_eq!(app.count_rows("audit_events WHERE action = 'company.provisioned'").await, 1);
}

#[tokio::test]
async fn a_named_tier_and_slug_are_used() {
    let app = spawn_app().await;
    let mut body = acme();
    body["subscription_tier"] = json!("Platinum");
    body["slug"] = json!("acme");
    let created: Value = app.provision(&body).await.json().await.unwrap();
    assert_eq!(created["subscription_tier"], "Platinum");
    assert_eq!(created["slug"], "acme");
}

#[tokio::test]
async fn the_three_required_fields_are_named_when_missing() {
    let app = spawn_app().await;
    let error = api_error(app.provision(&json!({})).await, 400, "validation_failed").await;
    for field in ["company_name", "admin_email", "admin_name"] {
        assert!(error["fields"][field].is_string(), "{field} named: {error}");
    }
    let blank = json!({"company_name": "  ", "admin_email": "", "admin_name": " "});
    let error = api_error(app.provision(&blank).await, 400, "validation_failed").await;
    assert_eq!(error["fields"].as_object().unwrap().len(), 3, "{error}");
}

#[tokio::test]
async fn each_bad_value_gets_a_message_beside_its_field() {
    let app = spawn_app().await;
    let cases = [
        ("admin_email", json!("not-an-email")),
        ("subscription_tier", json!("Gold")),
        ("company_name", json!("x".repeat(101))),
        ("admin_name", json!("y".repeat(101))),
        ("admin_password", json!("short")),
        ("admin_password", json!("password123")),
        ("slug", json!("Not A Slug")),
        ("slug", json!("admin")),
        ("slug", json!("api")),
    ];
    for (field, value) in cases {
        let mut body = acme();
        body[field] = value.clone();
        let error = api_error(app.provision(&body).await, 400, "validation_failed").await;
        assert!(error["fields"][field].is_string(), "{field} = {value}: {error}");
    }
    let mut reserved_name = acme();
    reserved_name["company_name"] = json!("Signup");
    let error = api_error(app.provision(&reserved_name).await, 400, "validation_failed").await;
    assert!(error["fields"]["slug"].as_str().unwrap().contains("reserved"), "{error}");
    assert_eq!(app.count_rows("companies").await, 0, "nothing was written");
}

#[tokio::test]
async fn wrong_types_and_malformed_json_are_400_never_500() {
    let app = spawn_app().await;
    let mut body = acme();
    body["company_name"] = json!(42);
    let error = api_error(app.provision(&body).await, 400, "validation_failed").await;
    assert!(error["fields"]["company_name"].is_string(), "{error}");
    api_error(app.provision(&json!([1, 2])).await, 400, "validation_failed").await;
    let malformed = app.post_raw("/api/v1/companies/provision", "application/json", "{\"company_name\": ").await;
    api_error(malformed, 400, "validation_failed").await;
    let form = app.post_raw("/api/v1/companies/provision", "application/x-www-form-urlencoded", "a=b").await;
    api_error(form, 415, "unsupported_media_type").await;
}

#[tokio::test]
async fn names_slugs_and_emails_are_unique_whatever_their_case() {
    let app = spawn_app().await;
    assert_eq!(app.provision(&acme()).await.status(), 201);

    let mut same_name = acme();
    same_name["company_name"] = json!("ACME widgets");
    same_name["slug"] = json!("other-slug");
    same_name["admin_email"] = json!("bob@acme.test");
    let error = api_error(app.provision(&same_name).await, 409, "conflict").await;
    assert!(error["fields"]["company_name"].is_string(), "{error}");

    let mut same_slug = acme();
    same_slug["company_name"] = json!("Acme Widgets Two");
    same_slug["slug"] = json!("acme-widgets");
    same_slug["admin_email"] = json!("carol@acme.test");
    let error = api_error(app.provision(&same_slug).await, 409, "conflict").await;
    assert!(error["fields"]["slug"].is_string(), "{error}");

    let mut same_email = acme();
    same_email["company_name"] = json!("Globex");
    same_email["admin_email"] = json!("ADA@acme.TEST");
    let error = api_error(app.provision(&same_email).await, 409, "conflict").await;
    assert!(error["fields"]["admin_email"].is_string(), "{error}");
    assert_eq!(app.count_rows("companies").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_signups_for_one_slug_give_one_company_and_conflicts() {
    let app = spawn_app().await;
    let bodies: Vec<Value> = (0..4)
        .map(|i| {
            json!({
                "company_name": format!("Racer {i}"),
                "slug": "racer",
                "admin_email": format!("racer{i}@race.test"),
                "admin_name": "Racer",
            })
        })
        .collect();
    let requests: Vec<_> = bodies
        .into_iter()
        .map(|body| {
            let (client, url) = (app.client.clone(), app.url("/api/v1/companies/provision"));
            tokio::spawn(async move { client.post(url).json(&body).send().await.unwrap().status().as_u16() })
        })
        .collect();
    let mut statuses = Vec::new();
    for request in requests {
        statuses.push(request.await.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses, [201, 409, 409, 409]);
    assert_eq!(app.count_rows("companies").await, 1);
    assert_eq!(app.count_rows("users").await, 1);
}

#[tokio::test]
async fn a_failure_midway_leaves_nothing_behind() {
    let app = spawn_app().await;
    // Inject the failure at the last step: the welcome mail.
    let trigger = match app.store.engine() {
        Engine::Sqlite => {
            "CREATE TRIGGER fail_mail BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'injected'); END;"
        }
        Engine::Postgres => {
            "CREATE FUNCTION fail_mail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected'; END $$; \
             CREATE TRIGGER fail_mail BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION fail_mail();"
        }
    };
    app.execute_raw(trigger).await;
    let mut body = acme();
    body["sample_data"] = json!(true);
    let response = app
        .client
        .post(app.url("/api/v1/companies/provision"))
        .header("Idempotency-Key", "midway-1")
        .json(&body)
        .send()
        .await
        .unwrap();
    let error = api_error(response, 500, "internal").await;
    assert!(!error["error"].as_str().unwrap().contains("injected"), "internal causes stay in the log");
    let tables = ["companies", "users", "teams", "team_members", "audit_events", "idempotency_keys", "issues"];
    for table in tables.into_iter().chain(["issue_activity", "issue_daily_rollups", "issue_status_counts"]) {
        assert_eq!(app.count_rows(table).await, 0, "{table}");
    }
}

#[tokio::test]
async fn an_owner_without_a_password_gets_a_one_time_link_by_mail() {
    let app = spawn_app().await;
    let mut body = acme();
    body.as_object_mut().unwrap().remove("admin_password");
    let created: Value = app.provision(&body).await.json().await.unwrap();
    assert!(created["next_steps"][0].as_str().unwrap().contains("link mailed to"), "{created}");
    api_error(app.login("ada@acme.test", "anything at all").await, 401, "unauthenticated").await;
    let link = app.link_mailed_to("Ada@Acme.test").await;
    let set = app.set_password(&link, "adas own passphrase").await;
    assert!(set.status().is_success() || set.status().is_redirection());
    assert_eq!(app.login("ada@acme.test", "adas own passphrase").await.status(), 200);
}
