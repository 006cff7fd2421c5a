//! Company settings through `POST …/customize`: round trips, validation, tier gating, mappings that
//! move issues (rollups included), custom field values, and the plan-change violations they cause.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, api_error, spawn_app, tenant_of};
use crate::rollups::recount;

impl TestApp {
    pub async fn customize(&self, company_id: &str, who: &str, updates: Value) -> reqwest::Response {
        let body = json!({ "config_updates": updates });
        self.call(Method::POST, &format!("/api/v1/companies/{company_id}/customize"), who, Some(body)).await
    }

    pub async fn settings(&self, company_id: &str, who: &str) -> Value {
        let company: Value = self.get_as(&format!("/api/v1/companies/{company_id}"), who).await.json().await.unwrap();
        company["settings"].clone()
    }

    /// Every issue of the company, archived ones included.
    async fn all_issues(&self, company_id: &str, who: &str) -> Vec<Value> {
        let mut all = Vec::new();
        for archived in [false, true] {
            let page = self.list_issues(company_id, who, &format!("archived={archived}&limit=200")).await;
            all.extend(page["items"].as_array().unwrap().iter().cloned());
        }
        all
    }
}

fn issue(title: &str, status: &str) -> Value {
    json!({"title": title, "issue_type": "Bug", "priority": "High", "status": status})
}

#[tokio::test]
async fn each_setting_round_trips_and_is_audited() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Platinum", "ada@acme.test").await;
    let response = app
        .customize(
            &acme,
            &owner,
            json!({
                "general": {"company_name": "Acme Rockets", "time_zone": "Europe/Paris", "slug": "acme-rockets"},
                "issue_statuses": ["Todo", "Doing", "Done"],
                "priority_levels": ["P3", "P2", "P1"],
                "issue_types": ["Bug", "Story"],
                "custom_fields": [
                    {"name": "Severity", "type": "select", "options": ["S1", "S2"], "required": true},
                    {"name": "Due", "type": "date"}
                ],
                "notifications": {"email": false, "events": ["issue.resolved"]},
                "branding": {"accent_color": "#0F766E", "product_name": "Rocket Tracker"},
                "mappings": {"issue_statuses": {"Open": "Todo", "In Progress": "Doing", "In Review": "Doing", "Closed": "Done"},
                             "priority_levels": {"Low": "P3", "Medium": "P2", "High": "P1", "Critical": "P1"},
                             "issue_types": {"Feature": "Story", "Task": "Story", "Epic": "Story"}}
            }),
        )
        .await;
    assert_eq!(response.status(), 200);
    let done: Value = response.json().await.unwrap();
    assert_eq!(done["company_id"], acme.as_str());
    assert_eq!(
        done["updated_configs"],
        json!([
            "general",
            "issue_statuses",
            "priority_levels",
            "issue_types",
            "custom_fields",
            "notifications",
            "branding"
        ])
    );
    assert!(done["updated_at"].is_string());

    let company: Value = app.get_as(&format!("/api/v1/companies/{acme}"), &owner).await.json().await.unwrap();
    assert_eq!(
        (company["company_name"].as_str(), company["slug"].as_str()),
        (Some("Acme Rockets"), Some("acme-rockets"))
    );
    let settings = &company["settings"];
    assert_eq!(settings["time_zone"], "Europe/Paris");
    assert_eq!(
        settings["issue_statuses"],
        json!([{"name": "Todo", "done": false}, {"name": "Doing", "done": false}, {"name": "Done", "done": true}])
    );
    assert_eq!(settings["priority_levels"], json!(["P3", "P2", "P1"]));
    assert_eq!(settings["issue_types"], json!(["Bug", "Story"]));
    assert_eq!(
        settings["custom_fields"][0],
        json!({"name": "Severity", "type": "select", "options": ["S1", "S2"], "required": true})
    );
    assert_eq!(settings["custom_fields"][1], json!({"name": "Due", "type": "date", "required": false}));
    assert_eq!(settings["notifications"], json!({"email": false, "events": ["issue.resolved"]}));
    assert_eq!(settings["branding"], json!({"accent_color": "#0f766e", "product_name": "Rocket Tracker"}));
    let usage: Value = app.get_as(&format!("/api/v1/companies/{acme}/usage"), &owner).await.json().await.unwrap();
    assert_eq!(usage["usage"]["custom_fields"], 2, "custom fields count against the limit");
    assert_eq!(app.count_rows("audit_events WHERE action = 'company.customized'").await, 1);

    // Old links keep working, and the old slug stays the company's: nobody else may take it.
    let old_link = app.get("/c/acme/issues?status=Todo").await;
    assert_eq!(old_link.status(), 308);
    assert_eq!(old_link.headers()["location"], "/c/acme-rockets/issues?status=Todo");
    assert_eq!(app.get("/c/acme").await.headers()["location"], "/c/acme-rockets");
    let taken = json!({"company_name": "Other", "admin_email": "o@other.test", "admin_name": "O", "slug": "acme"});
    api_error(app.provision(&taken).await, 409, "conflict").await;
    // A time zone change alone names only what it changed.
    let response = app.customize(&acme, &owner, json!({"general": {"time_zone": "America/New_York"}})).await;
    assert_eq!(response.json::<Value>().await.unwrap()["updated_configs"], json!(["general"]));
}

#[tokio::test]
async fn removing_a_value_in_use_needs_a_mapping_that_moves_issues_and_their_rollups() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Premium", "ada@acme.test").await;
    for (title, status) in [("a", "In Progress"), ("b", "In Progress"), ("c", "Closed"), ("d", "Open")] {
        app.issue(&acme, &owner, issue(title, status)).await;
    }
    let archived = app.issue(&acme, &owner, issue("e", "Closed")).await;
    assert_eq!(app.patch_issue(&acme, &archived, &owner, json!({"archived": true})).await.status(), 200);
    let new_statuses =
        json!([{"name": "Open", "done": false}, {"name": "Doing", "done": false}, {"name": "Done", "done": true}]);

    let refused = app.customize(&acme, &owner, json!({"issue_statuses": new_statuses})).await;
    let body = api_error(refused, 409, "conflict").await;
    assert_eq!(body["in_use"], json!({"issue_statuses": {"In Progress": 2, "Closed": 2}}), "archived issues count too");
    assert_eq!(app.settings(&acme, &owner).await["issue_statuses"][1]["name"], "In Progress", "nothing changed");

    let bad_target = json!({"issue_statuses": new_statuses, "mappings": {"issue_statuses": {"In Progress": "Nope"}}});
    let body = api_error(app.customize(&acme, &owner, bad_target).await, 400, "validation_failed").await;
    assert!(body["fields"]["mappings.issue_statuses"].is_string(), "{body}");

    let mapped = json!({"issue_statuses": new_statuses,
        "mappings": {"issue_statuses": {"In Progress": "Doing", "Closed": "Done", "In Review": "Doing"}}});
    let done: Value = app.customize(&acme, &owner, mapped).await.json().await.unwrap();
    assert_eq!(done["issues_moved"], 4, "{done}");
    let issues = app.all_issues(&acme, &owner).await;
    let statuses: Vec<&str> = issues.iter().map(|i| i["status"].as_str().unwrap()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == "Doing").count(), 2);
    assert_eq!(statuses.iter().filter(|s| **s == "Done").count(), 2);
    assert!(issues.iter().filter(|i| i["status"] == "Done").all(|i| i["resolved_at"].is_string()));

    // Making a status done resolves its issues; the rollups follow every move.
    let doing_done = json!({"issue_statuses": [{"name": "Open", "done": false}, {"name": "Doing", "done": true}, {"name": "Done", "done": true}]});
    let done: Value = app.customize(&acme, &owner, doing_done).await.json().await.unwrap();
    assert_eq!(done["issues_moved"], 2);
    let issues = app.all_issues(&acme, &owner).await;
    assert!(issues.iter().filter(|i| i["status"] == "Doing").all(|i| i["resolved_at"].is_string()));
    let moved_issue = issues.iter().find(|i| i["status"] == "Doing").unwrap();
    let rollups = app.store.rollups(&tenant_of(&acme)).await.unwrap();
    assert_eq!(rollups.flows, recount(&issues));
    let open_now: std::collections::BTreeMap<String, i64> =
        [("Doing".to_owned(), 2), ("Done".to_owned(), 1), ("Open".to_owned(), 1)].into();
    assert_eq!(rollups.statuses, open_now, "status counts moved (the archived issue does not count)");
    let history: Value = app
        .get_as(
            &format!("/api/v1/companies/{acme}/issues/{}/activity", moved_issue["issue_id"].as_str().unwrap()),
            &owner,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(history["items"].as_array().unwrap().iter().any(|line| line["field"] == "status"), "{history}");

    // Reordering priorities re-sorts: "High" issues now rank lowest.
    app.issue(&acme, &owner, json!({"title": "low", "issue_type": "Bug", "priority": "Low"})).await;
    let reorder = json!({"priority_levels": ["Critical", "High", "Medium", "Low"]});
    assert_eq!(app.customize(&acme, &owner, reorder).await.status(), 200);
    let by_priority = app.list_issues(&acme, &owner, "sort=-priority&limit=1").await;
    assert_eq!(by_priority["items"][0]["title"], "low");
}

#[tokio::test]
async fn bad_settings_are_400_naming_each_field() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Platinum", "ada@acme.test").await;
    let (_, _) = app.company_on("Globex", "Basic", "hank@globex.test").await;
    let cases = [
        (json!({"colour": "red"}), "colour"),
        (json!({"issue_statuses": []}), "issue_statuses"),
        (json!({"issue_statuses": [{"name": "A", "done": false}]}), "issue_statuses"),
        (json!({"issue_statuses": ["A", "a"]}), "issue_statuses"),
        (json!({"issue_statuses": ["x".repeat(51)]}), "issue_statuses"),
        (json!({"priority_levels": ["", "High"]}), "priority_levels"),
        (json!({"issue_types": "Bug"}), "issue_types"),
        (json!({"general": {"time_zone": "Mars/Olympus"}}), "general.time_zone"),
        (json!({"general": {"slug": "Not A Slug!"}}), "general.slug"),
        (json!({"general": {"company_name": ""}}), "general.company_name"),
        (json!({"branding": {"accent_color": "blue"}}), "branding.accent_color"),
        (json!({"custom_fields": [{"name": "X", "type": "colour"}]}), "custom_fields"),
        (
            json!({"integrations": {"webhooks": [{"url": "http://example.com/h", "secret": "0123456789abcdef"}]}}),
            "integrations.webhooks[0]",
        ),
        (
            json!({"integrations": {"webhooks": [{"url": "https://127.0.0.1/h", "secret": "0123456789abcdef"}]}}),
            "integrations.webhooks[0]",
        ),
        (
            json!({"integrations": {"webhooks": [{"url": "https://10.0.0.8/h", "secret": "0123456789abcdef"}]}}),
            "integrations.webhooks[0]",
        ),
        (json!({"integrations": {"slack": {"webhook_url": "https://169.254.169.254/latest"}}}), "integrations.slack"),
        (json!({"notifications": {"events": ["issue.deleted"]}}), "notifications"),
        (json!({"mappings": {"issue_statuses": ["Open"]}}), "mappings.issue_statuses"),
    ];
    for (updates, field) in cases {
        let body = api_error(app.customize(&acme, &owner, updates.clone()).await, 400, "validation_failed").await;
        assert!(body["fields"][field].is_string(), "{updates} should name {field}: {body}");
    }
    for body in [json!({}), json!({"config_updates": {}}), json!({"config_updates": [1]})] {
        let response = app.call(Method::POST, &format!("/api/v1/companies/{acme}/customize"), &owner, Some(body)).await;
        api_error(response, 400, "validation_failed").await;
    }
    let taken = json!({"general": {"company_name": "GLOBEX"}});
    api_error(app.customize(&acme, &owner, taken).await, 409, "conflict").await;
    api_error(app.customize(&acme, &owner, json!({"general": {"slug": "globex"}})).await, 409, "conflict").await;
    assert_eq!(app.count_rows("audit_events WHERE action = 'company.customized'").await, 0, "nothing half-written");
}

#[tokio::test]
async fn features_the_tier_lacks_are_refused_with_where_to_get_them() {
    let app = spawn_app().await;
    let (basic, basic_owner) = app.company_on("Acme", "Basic", "ada@acme.test").await;
    let (premium, premium_owner) = app.company_on("Globex", "Premium", "hank@globex.test").await;
    let custom = json!({"issue_statuses": ["Open", "Blocked", "Closed"], "mappings": {"issue_statuses": {"In Progress": "Open", "In Review": "Open"}}});
    let body = api_error(app.customize(&basic, &basic_owner, custom.clone()).await, 403, "feature_not_in_tier").await;
    assert_eq!((body["feature"].as_str(), body["tier"].as_str()), (Some("custom_workflows"), Some("Basic")));
    assert_eq!(body["available_in"], json!(["Premium", "Platinum"]));
    let slack = json!({"integrations": {"slack": {"webhook_url": "https://hooks.slack.com/services/T/B/x"}}});
    let body = api_error(app.customize(&basic, &basic_owner, slack).await, 403, "feature_not_in_tier").await;
    assert_eq!(body["feature"], "slack");
    let branding = json!({"branding": {"product_name": "Globex Desk"}});
    let body = api_error(app.customize(&premium, &premium_owner, branding).await, 403, "feature_not_in_tier").await;
    assert_eq!((body["feature"].as_str(), body["available_in"].clone()), (Some("white_label"), json!(["Platinum"])));
    assert_eq!(app.customize(&premium, &premium_owner, custom).await.status(), 200, "Premium has custom workflows");
    // Basic may still rename priorities and types, and go back to the standard statuses.
    assert_eq!(app.customize(&basic, &basic_owner, json!({"issue_types": ["Bug", "Chore"], "mappings": {"issue_types": {"Feature": "Chore", "Task": "Chore", "Epic": "Chore"}}})).await.status(), 200);

    let field = |n: usize| json!({"name": format!("F{n}"), "type": "text"});
    let five: Vec<Value> = (0..5).map(field).collect();
    assert_eq!(app.customize(&basic, &basic_owner, json!({"custom_fields": five})).await.status(), 200);
    let six: Vec<Value> = (0..6).map(field).collect();
    let body =
        api_error(app.customize(&basic, &basic_owner, json!({"custom_fields": six})).await, 403, "tier_limit_reached")
            .await;
    assert_eq!((body["limit"].as_str(), body["max"].as_i64()), (Some("custom_fields"), Some(5)));
}

#[tokio::test]
async fn custom_field_values_are_typed_required_merged_and_removed_only_when_confirmed() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Premium", "ada@acme.test").await;
    let fields = json!({"custom_fields": [
        {"name": "Severity", "type": "select", "options": ["S1", "S2"], "required": true},
        {"name": "Estimate", "type": "number"},
        {"name": "Due", "type": "date"},
        {"name": "Customer", "type": "text"},
        {"name": "Regression", "type": "checkbox"}
    ]});
    assert_eq!(app.customize(&acme, &owner, fields).await.status(), 200);
    let path = format!("/api/v1/companies/{acme}/issues");
    let bad = json!({"title": "t", "issue_type": "Bug", "priority": "Low",
        "custom_fields": {"Severity": "S9", "Estimate": "lots", "Due": "2026-13-01", "Regression": "yes", "Colour": 1}});
    let body = api_error(app.call(Method::POST, &path, &owner, Some(bad)).await, 400, "validation_failed").await;
    for field in [
        "custom_fields.Severity",
        "custom_fields.Estimate",
        "custom_fields.Due",
        "custom_fields.Regression",
        "custom_fields",
    ] {
        assert!(body["fields"][field].is_string(), "{field}: {body}");
    }
    let missing = json!({"title": "t", "issue_type": "Bug", "priority": "Low"});
    let body = api_error(app.call(Method::POST, &path, &owner, Some(missing)).await, 400, "validation_failed").await;
    assert!(body["fields"]["custom_fields.Severity"].as_str().unwrap().contains("required"), "{body}");

    let created = app
        .issue(&acme, &owner, json!({"title": "t", "issue_type": "Bug", "priority": "Low",
            "custom_fields": {"Severity": "s1", "Estimate": "2.5", "Due": "2026-12-31", "Customer": " Initech ", "Regression": true}}))
        .await;
    assert_eq!(
        created["custom_fields"],
        json!({"Severity": "S1", "Estimate": 2.5, "Due": "2026-12-31", "Customer": "Initech", "Regression": true})
    );
    let patched: Value = app
        .patch_issue(&acme, &created, &owner, json!({"custom_fields": {"Estimate": 3, "Customer": null}}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        patched["custom_fields"],
        json!({"Severity": "S1", "Estimate": 3, "Due": "2026-12-31", "Regression": true})
    );
    let clear_required = app.patch_issue(&acme, &created, &owner, json!({"custom_fields": {"Severity": null}})).await;
    api_error(clear_required, 400, "validation_failed").await;

    // Removing a field with values asks first; a mapping to a new field of its type carries them over.
    let fewer = json!({"custom_fields": [
        {"name": "Severity", "type": "select", "options": ["S1", "S2"], "required": true},
        {"name": "Deadline", "type": "date"},
        {"name": "Regression", "type": "checkbox"}
    ]});
    let body = api_error(app.customize(&acme, &owner, fewer.clone()).await, 409, "conflict").await;
    assert_eq!(body["in_use"], json!({"custom_fields": {"Due": 1, "Estimate": 1}}), "{body}");
    let mut confirmed = fewer.clone();
    confirmed["mappings"] = json!({"custom_fields": {"Due": "Deadline", "Estimate": null}});
    let done: Value = app.customize(&acme, &owner, confirmed).await.json().await.unwrap();
    assert_eq!(done["issues_moved"], 1);
    let path = format!("/api/v1/companies/{acme}/issues/{}", created["issue_id"].as_str().unwrap());
    let now: Value = app.get_as(&path, &owner).await.json().await.unwrap();
    assert_eq!(now["custom_fields"], json!({"Severity": "S1", "Deadline": "2026-12-31", "Regression": true}));
    // An option in use cannot silently go.
    let drop_option = json!({"custom_fields": [{"name": "Severity", "type": "select", "options": ["S2"]}, {"name": "Deadline", "type": "date"}, {"name": "Regression", "type": "checkbox"}]});
    let body = api_error(app.customize(&acme, &owner, drop_option).await, 409, "conflict").await;
    assert_eq!(body["in_use"], json!({"custom_field_options": {"Severity: S1": 1}}));
}

#[tokio::test]
async fn webhook_secrets_are_write_only_and_kept_by_id() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Premium", "ada@acme.test").await;
    let hook = json!({"integrations": {"webhooks": [{"url": "https://93.184.216.34/hook", "secret": "a-very-secret-value"}],
        "slack": {"webhook_url": "https://93.184.216.34/services/T1/B2/slackSecretXY12"}}});
    let response = app.customize(&acme, &owner, hook).await;
    let text = response.text().await.unwrap();
    assert!(!text.contains("a-very-secret-value"), "{text}");
    let settings = app.settings(&acme, &owner).await;
    let shown = settings["integrations"].to_string();
    assert!(!shown.contains("a-very-secret-value") && !shown.contains("slackSecretXY12"), "{shown}");
    assert_eq!(settings["integrations"]["slack"]["webhook_url_hint"], "https://93.184.216.34/…XY12");
    let hook = &settings["integrations"]["webhooks"][0];
    assert_eq!((hook["url"].as_str(), hook["active"].as_bool()), (Some("https://93.184.216.34/hook"), Some(true)));
    assert_eq!(hook["events"], json!(["issue.created", "issue.updated", "issue.resolved"]));

    // Sent back by id without a secret, it keeps the stored one; a new one needs its own.
    let id = hook["id"].as_str().unwrap();
    let again = json!({"integrations": {"webhooks": [{"id": id, "url": "https://93.184.216.34/hook", "events": ["issue.resolved"]}]}});
    assert_eq!(app.customize(&acme, &owner, again).await.status(), 200);
    let stored = app.store.company(acme.parse().unwrap()).await.unwrap().settings.integrations.webhooks;
    assert_eq!((stored[0].secret.as_str(), stored[0].events.len()), ("a-very-secret-value", 1));
    let unknown = json!({"integrations": {"webhooks": [{"id": uuid::Uuid::now_v7().to_string(), "url": "https://example.com/h"}]}});
    api_error(app.customize(&acme, &owner, unknown).await, 400, "validation_failed").await;
}

#[tokio::test]
async fn features_in_use_block_a_move_to_a_plan_without_them() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Platinum", "ada@acme.test").await;
    let using = json!({
        "issue_statuses": ["Open", "Blocked", "In Progress", "In Review", "Closed"],
        "integrations": {"webhooks": [{"url": "https://93.184.216.34/hook", "secret": "a-very-secret-value"}]},
        "branding": {"accent_color": "#112233"}
    });
    assert_eq!(app.customize(&acme, &owner, using).await.status(), 200);
    let path = format!("/api/v1/companies/{acme}/upgrade");
    let run: Value = app
        .call(Method::PUT, &path, &owner, Some(json!({"new_tier": "Basic", "dry_run": true})))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(run["allowed"], false);
    let limits: Vec<&str> =
        run["violations"].as_array().unwrap().iter().map(|v| v["limit"].as_str().unwrap()).collect();
    assert_eq!(limits, ["custom_workflows", "webhooks", "white_label"], "{run}");
    assert!(run["violations"][0]["message"].as_str().unwrap().contains("Settings"), "says what to change");
    let refused = app.call(Method::PUT, &path, &owner, Some(json!({"new_tier": "Premium"}))).await;
    let body = api_error(refused, 409, "downgrade_blocked").await;
    assert_eq!(body["violations"][0]["limit"], "white_label");

    let undo = json!({
        "issue_statuses": [{"name": "Open", "done": false}, {"name": "In Progress", "done": false},
                           {"name": "In Review", "done": false}, {"name": "Closed", "done": true}],
        "integrations": {"webhooks": []},
        "branding": {"accent_color": null}
    });
    assert_eq!(app.customize(&acme, &owner, undo).await.status(), 200);
    let moved = app.call(Method::PUT, &path, &owner, Some(json!({"new_tier": "Basic"}))).await;
    assert_eq!(moved.status(), 200, "fits once the features are no longer used");
}
