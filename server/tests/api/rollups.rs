//! The rollups analytics read must equal a recount from the issues, whatever happened to them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde_json::{Value, json};
use tenantry_core::issues::rollup::{FlowCounts, FlowKey};

use crate::helpers::{spawn_app, tenant_of};

const PASSWORD: &str = "correct horse battery";

/// A tiny deterministic generator: the same sequence on every run, so a failure reproduces.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % sides as u64) as usize
    }
}

fn time(value: &Value) -> Option<DateTime<Utc>> {
    value.as_str().map(|s| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
}

/// What the rollups should hold, counted from the issues themselves.
pub fn recount(issues: &[Value]) -> BTreeMap<FlowKey, FlowCounts> {
    let mut flows: BTreeMap<FlowKey, FlowCounts> = BTreeMap::new();
    for issue in issues {
        let created = time(&issue["created_at"]).unwrap();
        let keys = |day: chrono::NaiveDate| {
            let mut keys = vec![
                FlowKey { day, dimension: "all", value: String::new() },
                FlowKey { day, dimension: "type", value: issue["issue_type"].as_str().unwrap().to_owned() },
                FlowKey { day, dimension: "priority", value: issue["priority"].as_str().unwrap().to_owned() },
            ];
            if let Some(team) = issue["team_id"].as_str() {
                keys.push(FlowKey { day, dimension: "team", value: team.to_owned() });
            }
            keys
        };
        for key in keys(created.date_naive()) {
            flows.entry(key).or_default().created += 1;
        }
        if let Some(resolved) = time(&issue["resolved_at"]) {
            let seconds = (resolved - created).num_seconds();
            for key in keys(resolved.date_naive()) {
                let counts = flows.entry(key).or_default();
                counts.resolved += 1;
                counts.resolution_seconds += seconds;
                counts.resolved_within_day += i64::from(seconds <= 86_400);
                counts.resolved_within_week += i64::from(seconds <= 7 * 86_400);
                counts.resolved_within_month += i64::from(seconds <= 30 * 86_400);
            }
        }
    }
    flows
}

/// Open issues by type, priority, team and creation day, counted from the issues.
fn recount_open(issues: &[Value]) -> BTreeMap<(&'static str, String), i64> {
    let mut open = BTreeMap::new();
    for issue in issues.iter().filter(|issue| issue["resolved_at"].is_null()) {
        let created = time(&issue["created_at"]).unwrap().date_naive().to_string();
        *open.entry(("created", created)).or_default() += 1;
        for (dimension, field) in [("type", "issue_type"), ("priority", "priority"), ("team", "team_id")] {
            if let Some(value) = issue[field].as_str() {
                *open.entry((dimension, value.to_owned())).or_default() += 1;
            }
        }
    }
    open
}

#[tokio::test]
async fn rollups_equal_a_recount_after_random_creates_moves_archives_and_deletes() {
    let app = spawn_app().await;
    let acme = app.company("Acme", "ada@acme.test").await;
    let globex = app.company("Globex", "hank@globex.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let hank = app.session_cookie("hank@globex.test", PASSWORD).await;
    let statuses = ["Open", "In Progress", "In Review", "Closed"];
    let types = ["Bug", "Feature", "Task", "Epic"];
    let priorities = ["Low", "Medium", "High", "Critical"];
    let teams_path = format!("/api/v1/companies/{acme}/teams");
    let general =
        app.call(Method::GET, &teams_path, &owner, None).await.json::<Value>().await.unwrap()["items"][0]["team_id"]
            .clone();
    let created = app.call(Method::POST, &teams_path, &owner, Some(json!({"name": "Platform"}))).await;
    let teams = [Value::Null, general, created.json::<Value>().await.unwrap()["team_id"].clone()];
    let mut dice = Dice(42);
    let mut alive: Vec<Value> = Vec::new();
    let mut deleted = 0;

    for _ in 0..140 {
        let action = if alive.is_empty() { 0 } else { dice.roll(7) };
        if action == 0 {
            let body = json!({
                "title": "Random issue",
                "issue_type": types[dice.roll(4)],
                "priority": priorities[dice.roll(4)],
                "status": statuses[dice.roll(4)],
                "team_id": teams[dice.roll(3)],
            });
            alive.push(app.issue(&acme, &owner, body).await);
            continue;
        }
        let index = dice.roll(alive.len());
        let issue = alive[index].clone();
        let change = match action {
            1 | 2 => json!({"status": statuses[dice.roll(4)]}),
            3 => json!({"issue_type": types[dice.roll(4)], "priority": priorities[dice.roll(4)]}),
            4 => json!({"archived": issue["archived"] == false}),
            5 => json!({"team_id": teams[dice.roll(3)]}),
            _ => {
                let path = format!("/api/v1/companies/{acme}/issues/{}", issue["issue_id"].as_str().unwrap());
                assert_eq!(app.call(Method::DELETE, &path, &owner, None).await.status(), 204);
                alive.remove(index);
                deleted += 1;
                continue;
            }
        };
        let response = app.patch_issue(&acme, &issue, &owner, change).await;
        match response.status().as_u16() {
            200 => alive[index] = response.json().await.unwrap(),
            409 => {} // archiving an unresolved issue, or editing an archived one: refused, nothing moves
            other => panic!("unexpected {other}"),
        }
    }
    // Another company's writes never touch these rollups.
    app.issue(&globex, &hank, json!({"title": "Noise", "issue_type": "Bug", "priority": "Low"})).await;

    let tenant = tenant_of(&acme);
    let stored = app.store.rollups(&tenant).await.unwrap();
    assert_eq!(stored.flows, recount(&alive), "created/resolved rollups (deleted issues take their share away)");
    assert_eq!(stored.open, recount_open(&alive), "open issues by type, priority, team and creation day");

    let mut by_status: BTreeMap<String, i64> = BTreeMap::new();
    for issue in alive.iter().filter(|i| i["archived"] == false) {
        *by_status.entry(issue["status"].as_str().unwrap().to_owned()).or_default() += 1;
    }
    assert_eq!(stored.statuses, by_status, "issues by status, archived and deleted ones excluded");
    let today = Utc::now().date_naive();
    for (status, count) in &by_status {
        assert_eq!(stored.daily_statuses.get(&(today, status.clone())), Some(count), "today's {status}");
    }
    let company = app.store.company(acme.parse().unwrap()).await.unwrap();
    assert_eq!(company.issue_count, by_status.values().sum::<i64>(), "the cheap issue count is exact");
    assert!(
        deleted > 3 && alive.iter().any(|i| i["archived"] == true) && alive.iter().any(|i| i["team_id"].is_null()),
        "the sequence exercised deletes, archives and team changes"
    );

    // A rebuild from the issues gives exactly what the writes kept, and leaves Globex alone.
    let globex_before = app.store.rollups(&tenant_of(&globex)).await.unwrap();
    assert_eq!(app.store.rebuild_rollups(&tenant).await.unwrap(), alive.len() as u64);
    assert_eq!(app.store.rollups(&tenant).await.unwrap(), stored, "rebuilt equals incrementally kept");
    assert_eq!(app.store.rollups(&tenant_of(&globex)).await.unwrap(), globex_before);
}
