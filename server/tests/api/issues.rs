use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, api_error, spawn_app};

const PASSWORD: &str = "correct horse battery";

impl TestApp {
    /// Creates an issue and returns it (asserting 201).
    pub async fn issue(&self, company_id: &str, who: &str, body: Value) -> Value {
        let response =
            self.call(Method::POST, &format!("/api/v1/companies/{company_id}/issues"), who, Some(body)).await;
        assert_eq!(response.status(), 201, "create issue");
        response.json().await.unwrap()
    }

    pub async fn patch_issue(&self, company_id: &str, issue: &Value, who: &str, body: Value) -> reqwest::Response {
        let path = format!("/api/v1/companies/{company_id}/issues/{}", issue["issue_id"].as_str().unwrap());
        self.call(Method::PATCH, &path, who, Some(body)).await
    }

    pub async fn count_issues(&self, company_id: &str, who: &str, query: String) -> usize {
        self.list_issues(company_id, who, &format!("{query}&limit=200")).await["items"].as_array().unwrap().len()
    }

    pub async fn list_issues(&self, company_id: &str, who: &str, query: &str) -> Value {
        let response =
            self.call(Method::GET, &format!("/api/v1/companies/{company_id}/issues?{query}"), who, None).await;
        assert_eq!(response.status(), 200, "list {query}");
        response.json().await.unwrap()
    }
}

fn bug(title: &str) -> Value {
    json!({"title": title, "issue_type": "Bug", "priority": "High"})
}

#[tokio::test]
async fn an_issue_lives_from_creation_to_resolution_archive_and_deletion() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;

    let first = app.issue(&acme, &owner, bug("Login fails on Safari")).await;
    assert_eq!((first["key"].as_str(), first["number"].as_i64()), (Some("ACME-1"), Some(1)));
    assert_eq!(first["status"], "Open", "the first status is the default");
    assert_eq!(first["resolved_at"], Value::Null);
    assert_eq!(first["custom_fields"], json!({}));
    assert_eq!(first["archived"], false);
    let second = app.issue(&acme, &owner, json!({"title": "Export", "issue_type": "feature", "priority": "low"})).await;
    assert_eq!((second["number"].as_i64(), second["issue_type"].as_str()), (Some(2), Some("Feature")));

    // Into a done status: resolved; out of it: reopened.
    let closed: Value = app.patch_issue(&acme, &first, &owner, json!({"status": "Closed"})).await.json().await.unwrap();
    assert!(closed["resolved_at"].is_string(), "{closed}");
    assert_eq!(closed["title"], "Login fails on Safari", "fields not sent stay");
    let reopened: Value =
        app.patch_issue(&acme, &first, &owner, json!({"status": "In Progress"})).await.json().await.unwrap();
    assert_eq!(reopened["resolved_at"], Value::Null);

    // Only resolved issues can be archived; archived ones are read-only and hidden.
    api_error(app.patch_issue(&acme, &first, &owner, json!({"archived": true})).await, 409, "conflict").await;
    app.patch_issue(&acme, &first, &owner, json!({"status": "Closed"})).await;
    let archived: Value = app.patch_issue(&acme, &first, &owner, json!({"archived": true})).await.json().await.unwrap();
    assert_eq!(archived["archived"], true);
    api_error(app.patch_issue(&acme, &first, &owner, json!({"title": "Edited"})).await, 409, "conflict").await;
    let comments = format!("/api/v1/companies/{acme}/issues/{}/comments", first["issue_id"].as_str().unwrap());
    api_error(app.call(Method::POST, &comments, &owner, Some(json!({"body": "late"}))).await, 409, "conflict").await;
    let listed = app.list_issues(&acme, &owner, "").await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "archived issues are hidden by default");
    let archived_list = app.list_issues(&acme, &owner, "archived=true").await;
    assert_eq!(archived_list["items"][0]["key"], "ACME-1");
    assert_eq!(app.store.company(acme.parse().unwrap()).await.unwrap().issue_count, 1, "archived issues do not count");

    let restored: Value = app
        .patch_issue(&acme, &first, &owner, json!({"archived": false, "title": "Login fails"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((restored["archived"].as_bool(), restored["title"].as_str()), (Some(false), Some("Login fails")));
    assert_eq!(app.store.company(acme.parse().unwrap()).await.unwrap().issue_count, 2);

    let path = format!("/api/v1/companies/{acme}/issues/{}", first["issue_id"].as_str().unwrap());
    assert_eq!(app.call(Method::DELETE, &path, &owner, None).await.status(), 204);
    api_error(app.call(Method::GET, &path, &owner, None).await, 404, "not_found").await;
    let third = app.issue(&acme, &owner, bug("After a deletion")).await;
    assert_eq!(third["number"], 3, "numbers are never reused");
    assert_eq!(app.store.company(acme.parse().unwrap()).await.unwrap().issue_count, 2);
}

#[tokio::test]
async fn bad_input_gets_400_naming_the_field_and_malformed_ids_404() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let globex = app.company("Globex", "hank@globex.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let hank = app.session_cookie("hank@globex.test", PASSWORD).await;
    let globex_team = app.call(Method::GET, &format!("/api/v1/companies/{globex}/teams"), &hank, None).await;
    let globex_team = globex_team.json::<Value>().await.unwrap()["items"][0]["team_id"].as_str().unwrap().to_owned();
    let globex_people = app.call(Method::GET, &format!("/api/v1/companies/{globex}/users"), &hank, None).await;
    let globex_owner = globex_people.json::<Value>().await.unwrap()["items"][0]["user_id"].as_str().unwrap().to_owned();
    let issues = format!("/api/v1/companies/{acme}/issues");

    let cases = [
        (json!({"issue_type": "Bug", "priority": "High"}), "title"),
        (json!({"title": "x".repeat(201), "issue_type": "Bug", "priority": "High"}), "title"),
        (
            json!({"title": "t", "description": "d".repeat(20_001), "issue_type": "Bug", "priority": "High"}),
            "description",
        ),
        (json!({"title": "t", "issue_type": "Saga", "priority": "High"}), "issue_type"),
        (json!({"title": "t", "issue_type": "Bug", "priority": "Urgent"}), "priority"),
        (json!({"title": "t", "issue_type": "Bug", "priority": "High", "status": "Done-ish"}), "status"),
        (json!({"title": "t", "issue_type": "Bug", "priority": "High", "assignee_id": "nope"}), "assignee_id"),
        (json!({"title": "t", "issue_type": "Bug", "priority": "High", "assignee_id": globex_owner}), "assignee_id"),
        (json!({"title": "t", "issue_type": "Bug", "priority": "High", "team_id": globex_team}), "team_id"),
        (
            json!({"title": "t", "issue_type": "Bug", "priority": "High", "custom_fields": {"Sprint": 3}}),
            "custom_fields",
        ),
        (json!({"title": 42, "issue_type": "Bug", "priority": "High"}), "title"),
    ];
    for (body, field) in cases {
        let error =
            api_error(app.call(Method::POST, &issues, &owner, Some(body.clone())).await, 400, "validation_failed")
                .await;
        assert!(error["fields"][field].is_string(), "{body} → {error}");
    }
    assert_eq!(app.store.company(acme.parse().unwrap()).await.unwrap().issue_count, 0, "nothing half-written");

    let issue = app.issue(&acme, &owner, bug("Valid")).await;
    for (body, field) in [
        (json!({"title": null}), "title"),
        (json!({"status": "Nope"}), "status"),
        (json!({"archived": "yes"}), "archived"),
        (json!({"priority": null}), "priority"),
    ] {
        let error =
            api_error(app.patch_issue(&acme, &issue, &owner, body.clone()).await, 400, "validation_failed").await;
        assert!(error["fields"][field].is_string(), "{body} → {error}");
    }
    for query in [
        "status=Nope",
        "priority=x",
        "issue_type=x",
        "limit=0",
        "limit=201",
        "limit=ten",
        "cursor=garbage",
        "sort=title",
        "assignee_id=42",
        "archived=maybe",
    ] {
        let response = app.call(Method::GET, &format!("{issues}?{query}"), &owner, None).await;
        api_error(response, 400, "validation_failed").await;
    }
    // A cursor of one sort is not a cursor of another.
    for _ in 0..2 {
        app.issue(&acme, &owner, bug("More")).await;
    }
    let page = app.list_issues(&acme, &owner, "limit=1").await;
    let cursor = page["next_cursor"].as_str().unwrap();
    api_error(
        app.call(Method::GET, &format!("{issues}?sort=updated&cursor={cursor}"), &owner, None).await,
        400,
        "validation_failed",
    )
    .await;

    for path in [
        format!("{issues}/not-a-uuid"),
        "/api/v1/companies/nope/issues".to_owned(),
        format!("{issues}/{}", uuid::Uuid::now_v7()),
    ] {
        api_error(app.call(Method::GET, &path, &owner, None).await, 404, "not_found").await;
    }
}

#[tokio::test]
async fn another_companys_issues_are_not_found_under_either_path() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let globex = app.company("Globex", "hank@globex.test").await;
    let ada = app.session_cookie("ada@acme.test", PASSWORD).await;
    let hank = app.session_cookie("hank@globex.test", PASSWORD).await;
    let secret = app.issue(&globex, &hank, bug("Globex secret")).await;
    let id = secret["issue_id"].as_str().unwrap();
    for base in [format!("/api/v1/companies/{acme}/issues/{id}"), format!("/api/v1/companies/{globex}/issues/{id}")] {
        for (method, suffix, body) in [
            (Method::GET, "", None),
            (Method::PATCH, "", Some(json!({"title": "pwned"}))),
            (Method::DELETE, "", None),
            (Method::GET, "/comments", None),
            (Method::POST, "/comments", Some(json!({"body": "hi"}))),
            (Method::GET, "/activity", None),
        ] {
            let response = app.call(method.clone(), &format!("{base}{suffix}"), &ada, body).await;
            api_error(response, 404, "not_found").await;
        }
    }
    assert_eq!(app.list_issues(&acme, &ada, "").await["items"], json!([]), "lists never show another company's");
    let unchanged = app.call(Method::GET, &format!("/api/v1/companies/{globex}/issues/{id}"), &hank, None).await;
    assert_eq!(unchanged.json::<Value>().await.unwrap()["title"], "Globex secret");
}

#[tokio::test]
async fn lists_filter_search_sort_and_page_without_gaps_or_repeats() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let people: Value =
        app.call(Method::GET, &format!("/api/v1/companies/{acme}/users"), &owner, None).await.json().await.unwrap();
    let ada = people["items"][0]["user_id"].as_str().unwrap().to_owned();
    let teams: Value =
        app.call(Method::GET, &format!("/api/v1/companies/{acme}/teams"), &owner, None).await.json().await.unwrap();
    let general = teams["items"][0]["team_id"].as_str().unwrap().to_owned();

    let priorities = ["Low", "Medium", "High", "Critical"];
    let types = ["Bug", "Feature", "Task"];
    for n in 0..23 {
        let mut body = json!({
            "title": if n % 5 == 0 { format!("Checkout crash {n}") } else { format!("Routine work {n}") },
            "issue_type": types[n % 3],
            "priority": priorities[n % 4],
            "status": if n % 4 == 0 { "In Progress" } else { "Open" },
        });
        if n % 2 == 0 {
            body["assignee_id"] = json!(ada);
        }
        if n % 3 == 0 {
            body["team_id"] = json!(general);
        }
        app.issue(&acme, &owner, body).await;
    }
    let count = |query: String| app.count_issues(&acme, &owner, query);
    assert_eq!(count("status=in%20progress".into()).await, 6);
    assert_eq!(count("priority=Critical".into()).await, 5);
    assert_eq!(count("issue_type=Task".into()).await, 7);
    assert_eq!(count(format!("assignee_id={ada}")).await, 12);
    assert_eq!(count("assignee_id=none".into()).await, 11);
    assert_eq!(count(format!("team_id={general}")).await, 8);
    assert_eq!(count("q=CHECKOUT".into()).await, 5);
    assert_eq!(count("q=checkout&priority=Low".into()).await, 2);
    assert_eq!(count("q=100%25".into()).await, 0, "% is a character, not a wildcard");

    // Every sort pages through everything once, in order.
    for sort in ["-created", "created", "-updated", "updated", "-priority", "priority"] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let query = match &cursor {
                Some(c) => format!("sort={sort}&limit=5&cursor={c}"),
                None => format!("sort={sort}&limit=5"),
            };
            let page = app.list_issues(&acme, &owner, &query).await;
            seen.extend(page["items"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
        }
        let numbers: Vec<i64> = seen.iter().map(|i| i["number"].as_i64().unwrap()).collect();
        let mut unique = numbers.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 23, "{sort}: every issue once: {numbers:?}");
        let rank = |issue: &Value| priorities.iter().position(|p| *p == issue["priority"]).unwrap() as i64;
        let keys: Vec<(i64, i64)> = match sort.trim_start_matches('-') {
            "priority" => seen.iter().map(|i| (rank(i), i["number"].as_i64().unwrap())).collect(),
            _ => numbers.iter().map(|n| (0, *n)).collect(),
        };
        let mut ordered = keys.clone();
        ordered.sort();
        if sort.starts_with('-') {
            ordered.reverse();
        }
        assert_eq!(keys, ordered, "{sort} is ordered");
    }
}

#[tokio::test]
async fn comments_and_history_say_who_changed_what() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let member = app.member(&acme, &owner, "mo@acme.test", "member", "member passphrase").await;
    let mo = app.session_cookie("mo@acme.test", "member passphrase").await;
    let issue = app.issue(&acme, &mo, bug("Flaky test")).await;
    app.patch_issue(&acme, &issue, &mo, json!({"status": "In Review", "assignee_id": member})).await;
    app.patch_issue(&acme, &issue, &mo, json!({"description": "Fails one run in ten."})).await;
    let base = format!("/api/v1/companies/{acme}/issues/{}", issue["issue_id"].as_str().unwrap());
    let posted = app.call(Method::POST, &format!("{base}/comments"), &mo, Some(json!({"body": "  On it.  "}))).await;
    assert_eq!(posted.status(), 201);
    api_error(
        app.call(Method::POST, &format!("{base}/comments"), &mo, Some(json!({"body": " "}))).await,
        400,
        "validation_failed",
    )
    .await;
    let comments: Value = app.call(Method::GET, &format!("{base}/comments"), &owner, None).await.json().await.unwrap();
    assert_eq!(comments["items"][0]["body"], "On it.");
    assert_eq!(comments["items"][0]["author_name"], "mo@acme.test");

    let history: Value = app.call(Method::GET, &format!("{base}/activity"), &owner, None).await.json().await.unwrap();
    let lines: Vec<(String, Value, Value)> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["field"].as_str().unwrap().to_owned(), l["old_value"].clone(), l["new_value"].clone()))
        .collect();
    assert_eq!(lines[0], ("created".into(), Value::Null, json!("ACME-1")));
    assert!(lines.contains(&("status".into(), json!("Open"), json!("In Review"))), "{lines:?}");
    assert!(lines.contains(&("assignee_id".into(), Value::Null, json!(member))), "{lines:?}");
    assert!(lines.contains(&("description".into(), Value::Null, Value::Null)), "{lines:?}");
    assert!(history["items"].as_array().unwrap().iter().all(|l| l["actor_name"] == "mo@acme.test"));
}

#[tokio::test]
async fn tokens_act_with_their_role_viewers_only_read() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let viewer = app.token(&acme, &owner, "viewer").await;
    let member = app.token(&acme, &owner, "member").await;
    let created = app.issue(&acme, &member, bug("From CI")).await;
    assert_eq!(app.list_issues(&acme, &viewer, "").await["items"][0]["issue_id"], created["issue_id"]);
    let issues = format!("/api/v1/companies/{acme}/issues");
    api_error(app.call(Method::POST, &issues, &viewer, Some(bug("Nope"))).await, 403, "forbidden").await;
    api_error(app.patch_issue(&acme, &created, &viewer, json!({"title": "Nope"})).await, 403, "forbidden").await;
    let path = format!("{issues}/{}", created["issue_id"].as_str().unwrap());
    api_error(app.call(Method::DELETE, &path, &member, None).await, 403, "forbidden").await;
}
