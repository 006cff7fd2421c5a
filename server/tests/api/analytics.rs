//! Company analytics: every figure equals what the test counts from the issues themselves.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, api_error, spawn_app};

const PASSWORD: &str = "correct horse battery";

impl TestApp {
    async fn analytics(&self, company_id: &str, who: &str, query: &str) -> reqwest::Response {
        self.call(Method::GET, &format!("/api/v1/analytics/company/{company_id}{query}"), who, None).await
    }

    /// A company with the sample issues (four weeks of history), its id and its owner's session.
    async fn seeded(&self, name: &str, tier: &str, email: &str) -> (String, String) {
        let body = json!({"company_name": name, "admin_email": email, "admin_name": "Owner",
            "admin_password": PASSWORD, "subscription_tier": tier, "sample_data": true});
        let created: Value = self.provision(&body).await.json().await.unwrap();
        (created["company_id"].as_str().unwrap().to_owned(), self.session_cookie(email, PASSWORD).await)
    }
}

fn time(value: &Value) -> Option<DateTime<Utc>> {
    value.as_str().map(|s| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
}

fn hours(seconds: i64, n: i64) -> Value {
    if n == 0 { Value::Null } else { json!(((seconds as f64 / n as f64 / 3600.0) * 10.0).round() / 10.0) }
}

fn percent(part: i64, whole: i64) -> Value {
    if whole == 0 { Value::Null } else { json!(((part as f64 * 100.0 / whole as f64) * 10.0).round() / 10.0) }
}

/// What the analytics of the last `days` days should say, counted from `issues`.
struct Expected {
    created: i64,
    resolved: i64,
    seconds: i64,
    within: [i64; 3],
    daily: BTreeMap<NaiveDate, (i64, i64)>,
}

fn expect(issues: &[Value], from: NaiveDate, to: NaiveDate, team: Option<&str>) -> Expected {
    let mut e = Expected { created: 0, resolved: 0, seconds: 0, within: [0; 3], daily: BTreeMap::new() };
    for issue in issues.iter().filter(|i| team.is_none() || i["team_id"].as_str() == team) {
        let created = time(&issue["created_at"]).unwrap();
        if (from..=to).contains(&created.date_naive()) {
            e.created += 1;
            e.daily.entry(created.date_naive()).or_default().0 += 1;
        }
        if let Some(resolved) = time(&issue["resolved_at"])
            && (from..=to).contains(&resolved.date_naive())
        {
            let seconds = (resolved - created).num_seconds();
            e.resolved += 1;
            e.seconds += seconds;
            for (slot, limit) in [1, 7, 30].into_iter().enumerate() {
                e.within[slot] += i64::from(seconds <= limit * 86_400);
            }
            e.daily.entry(resolved.date_naive()).or_default().1 += 1;
        }
    }
    e
}

#[tokio::test]
async fn every_figure_matches_a_count_of_the_issues() {
    let app = spawn_app().await;
    let (acme, owner) = app.seeded("Acme", "Premium", "ada@acme.test").await;
    // Noise in another company must not show.
    app.seeded("Globex", "Premium", "hank@globex.test").await;
    let issues_path = format!("/api/v1/companies/{acme}/issues");
    // Today's work on top of the seed: one issue resolved now, one left open in another team.
    let team: Value = app
        .call(Method::POST, &format!("/api/v1/companies/{acme}/teams"), &owner, Some(json!({"name": "Platform"})))
        .await
        .json()
        .await
        .unwrap();
    let fresh = json!({"title": "Today", "issue_type": "Task", "priority": "Low", "team_id": team["team_id"]});
    let done = app.issue(&acme, &owner, fresh.clone()).await;
    let path = format!("{issues_path}/{}", done["issue_id"].as_str().unwrap());
    assert_eq!(app.call(Method::PATCH, &path, &owner, Some(json!({"status": "Closed"}))).await.status(), 200);
    app.issue(&acme, &owner, fresh).await;

    let mut issues = Vec::new();
    for archived in [false, true] {
        let page: Value =
            app.get_as(&format!("{issues_path}?archived={archived}&limit=200"), &owner).await.json().await.unwrap();
        issues.extend(page["items"].as_array().unwrap().iter().cloned());
    }
    assert!(issues.len() >= 12, "the seed is there: {}", issues.len());

    let response = app.analytics(&acme, &owner, "?days=30").await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    let got: Value = serde_json::from_str(&text).unwrap();
    let today = Utc::now().date_naive();
    let from = today - Duration::days(29);
    assert_eq!(got["period"]["days"], 30);
    assert_eq!(got["period"]["capped"], false);
    assert_eq!(got["period"]["from"], from.to_string());

    let a = &got["issue_analytics"];
    let open: Vec<&Value> = issues.iter().filter(|i| i["resolved_at"].is_null()).collect();
    assert_eq!(a["total_issues"], issues.len());
    assert_eq!(a["open_issues"], open.len());
    assert_eq!(a["resolved_issues"], issues.len() - open.len());
    let e = expect(&issues, from, today, None);
    assert_eq!(
        (a["created_in_period"].as_i64(), a["resolved_in_period"].as_i64()),
        (Some(e.created), Some(e.resolved))
    );
    assert_eq!(a["average_resolution_hours"], hours(e.seconds, e.resolved));
    assert_eq!(a["resolved_within"]["day"], percent(e.within[0], e.resolved));
    assert_eq!(a["resolved_within"]["week"], percent(e.within[1], e.resolved));
    assert_eq!(a["resolved_within"]["month"], percent(e.within[2], e.resolved));
    let stale = (today - Duration::days(30)).to_string();
    let older = open.iter().filter(|i| time(&i["created_at"]).unwrap().date_naive().to_string() < stale).count();
    assert_eq!(a["open_older_than_30_days"], older);

    for (key, field) in [("by_type", "issue_type"), ("by_priority", "priority"), ("by_status", "status")] {
        let mut counted: BTreeMap<String, i64> = BTreeMap::new();
        for issue in &open {
            *counted.entry(issue[field].as_str().unwrap().to_owned()).or_default() += 1;
        }
        let shown: BTreeMap<String, i64> = a[key]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_i64().unwrap()))
            .filter(|(_, n)| *n > 0)
            .collect();
        assert_eq!(shown, counted, "{key}");
    }
    assert_eq!(a["by_status"].as_object().unwrap().len(), 3, "the statuses not done");
    assert!(text.contains(r#""by_status":{"Open":"#), "in the company's order: {text}");

    let daily = got["trends"]["daily"].as_array().unwrap();
    assert_eq!(daily.len(), 30);
    assert_eq!(daily[29]["day"], today.to_string());
    for day in daily {
        let date: NaiveDate = day["day"].as_str().unwrap().parse().unwrap();
        let (created, resolved) = e.daily.get(&date).copied().unwrap_or_default();
        assert_eq!((day["created"].as_i64(), day["resolved"].as_i64()), (Some(created), Some(resolved)), "{date}");
    }
    assert_eq!(daily[29]["active_users"], 1, "the owner today, and nobody of Globex");
    assert!(daily[..29].iter().all(|day| day["active_users"] == 0));
    let before = expect(&issues, from - Duration::days(30), from - Duration::days(1), None);
    assert_eq!(got["trends"]["compared_with_previous"]["created"]["previous"], json!(before.created as f64));

    let teams = got["team_performance"]["teams"].as_array().unwrap();
    assert_eq!(got["team_performance"]["available"], true);
    for figures in teams {
        let id = figures["team_id"].as_str().unwrap();
        let e = expect(&issues, from, today, Some(id));
        let open = open.iter().filter(|i| i["team_id"].as_str() == Some(id)).count();
        assert_eq!(figures["open_issues"], open, "{figures}");
        assert_eq!(
            (figures["created_in_period"].as_i64(), figures["resolved_in_period"].as_i64()),
            (Some(e.created), Some(e.resolved))
        );
        assert_eq!(figures["average_resolution_hours"], hours(e.seconds, e.resolved));
    }
    assert_eq!(teams.len(), 2, "General and Platform");

    assert_eq!(got["current_usage"]["issues"]["used"], issues.iter().filter(|i| i["archived"] == false).count());
    let kinds: Vec<&str> =
        got["recommendations"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"integrations"), "no Slack or webhook yet: {kinds:?}");
    assert_eq!(kinds.contains(&"triage"), older > 0, "{kinds:?}");
    for recommendation in got["recommendations"].as_array().unwrap() {
        assert!(!recommendation["reason"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn the_period_is_capped_by_the_tier_history_and_bad_periods_are_400() {
    let app = spawn_app().await;
    let (acme, owner) = app.seeded("Acme", "Basic", "ada@acme.test").await;
    let got: Value = app.analytics(&acme, &owner, "?days=90").await.json().await.unwrap();
    assert_eq!(
        (&got["period"]["days"], &got["period"]["days_requested"], &got["period"]["capped"]),
        (&json!(7), &json!(90), &json!(true))
    );
    assert_eq!(got["trends"]["daily"].as_array().unwrap().len(), 7);
    assert_eq!(got["team_performance"], json!({"available": false, "teams": []}), "Basic has no team analytics");
    let near: Value = app.analytics(&acme, &owner, "").await.json().await.unwrap();
    assert_eq!(near["period"]["days"], 7, "the default 30 days is capped too");

    let (premium, premium_owner) = app.seeded("Initech", "Premium", "bill@initech.test").await;
    let got: Value = app.analytics(&premium, &premium_owner, "?days=365").await.json().await.unwrap();
    assert_eq!((&got["period"]["days"], &got["period"]["capped"]), (&json!(90), &json!(true)));

    for bad in ["?days=0", "?days=-3", "?days=abc", "?days=100000"] {
        api_error(app.analytics(&acme, &owner, bad).await, 400, "validation_failed").await;
    }
}

#[tokio::test]
async fn members_and_viewers_are_refused_and_other_companies_see_nothing() {
    let app = spawn_app().await;
    let (acme, owner) = app.seeded("Acme", "Premium", "ada@acme.test").await;
    let (_, hank) = app.seeded("Globex", "Premium", "hank@globex.test").await;
    for role in ["member", "viewer"] {
        let email = format!("{role}@acme.test");
        app.member(&acme, &owner, &email, role, "role passphrase").await;
        let cookie = app.session_cookie(&email, "role passphrase").await;
        api_error(app.analytics(&acme, &cookie, "").await, 403, "forbidden").await;
    }
    api_error(app.analytics(&acme, &hank, "").await, 404, "not_found").await;
    let root = app.root_cookie().await;
    assert_eq!(app.analytics(&acme, &root, "").await.status(), 200);
}
