//! The authorization matrix: every route and server function, for every kind of caller.
//! Each later feature adds its rows here.

use leptos::server_fn::ServerFn;
use reqwest::Method;
use reqwest::header::COOKIE;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

const PASSWORD: &str = "correct horse battery";

/// Who calls, in the column order of every row.
const CALLERS: [&str; 7] = ["anonymous", "viewer", "member", "admin", "owner", "other owner", "root"];

/// A row: what is called, how to call it afresh, and the status each caller must get.
type Row<'a> = (&'a str, Box<dyn Fn() -> Call + 'a>, [u16; 7]);

enum Call {
    Api { method: Method, path: String, body: Option<Value> },
    ServerFn { path: &'static str, form: Vec<(&'static str, String)> },
}

impl TestApp {
    async fn status_of(&self, call: &Call, cookie: Option<&str>) -> u16 {
        let request = match call {
            Call::Api { method, path, body } => {
                let request = self.client.request(method.clone(), self.url(path));
                match body {
                    Some(body) => request.json(body),
                    None => request,
                }
            }
            Call::ServerFn { path, form } => {
                self.client.post(self.url(path)).header("accept", "application/json").form(form)
            }
        };
        let request = match cookie {
            Some(cookie) => request.header(COOKIE, cookie),
            None => request,
        };
        request.send().await.unwrap().status().as_u16()
    }
}

#[tokio::test]
async fn every_caller_gets_exactly_the_expected_status_everywhere() {
    let app = spawn_app().await;
    // Platinum: the rows invite many people, and no plan limit may answer for a missing right.
    let (acme, _) = app.company_on("Acme", "Platinum", "ada@acme.test").await;
    let globex_id = app.company("Globex", "hank@globex.test").await;
    let owner = app.session_cookie("ada@acme.test", PASSWORD).await;
    let target = app.member(&acme, &owner, "target@acme.test", "viewer", "target passphrase").await;
    let mut cookies = vec![None];
    for role in ["viewer", "member", "admin"] {
        let email = format!("{role}@acme.test");
        app.member(&acme, &owner, &email, role, "role passphrase").await;
        cookies.push(Some(app.session_cookie(&email, "role passphrase").await));
    }
    cookies.push(Some(owner.clone()));
    cookies.push(Some(app.session_cookie("hank@globex.test", PASSWORD).await));
    cookies.push(Some(app.root_cookie().await));

    let company = format!("/api/v1/companies/{acme}");
    let globex = globex_id;
    let bug = json!({"title": "Matrix", "issue_type": "Bug", "priority": "Low"});
    let issue = app.issue(&acme, &owner, bug.clone()).await["issue_id"].as_str().unwrap().to_owned();
    let mut doomed = Vec::new();
    for _ in CALLERS {
        doomed.push(app.issue(&acme, &owner, bug.clone()).await["issue_id"].as_str().unwrap().to_owned());
    }
    let next_doomed = std::cell::Cell::new(0);
    let mut doomed_by_fn = Vec::new();
    for _ in CALLERS {
        doomed_by_fn.push(app.issue(&acme, &owner, bug.clone()).await["issue_id"].as_str().unwrap().to_owned());
    }
    let next_doomed_by_fn = std::cell::Cell::new(0);
    let team =
        app.call(Method::GET, &format!("{company}/teams"), &owner, None).await.json::<Value>().await.unwrap()["items"]
            [0]["team_id"]
            .as_str()
            .unwrap()
            .to_owned();
    let fresh_name = || json!({"name": format!("Team {}", uuid::Uuid::now_v7().simple())});
    let api = |method: Method, path: String, body: Option<Value>| Call::Api { method, path, body };
    let unique = || json!({"email": format!("new-{}@acme.test", uuid::Uuid::now_v7().simple()), "name": "New", "role": "viewer"});
    let rows: Vec<Row> = vec![
        ("GET company", Box::new(|| api(Method::GET, company.clone(), None)), [401, 200, 200, 200, 200, 404, 200]),
        (
            "GET webhook-deliveries",
            Box::new(|| api(Method::GET, format!("{company}/webhook-deliveries"), None)),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "POST integrations test (no Slack set up: 404 once allowed)",
            Box::new(|| api(Method::POST, format!("{company}/integrations/slack/test"), None)),
            [401, 403, 403, 404, 404, 404, 404],
        ),
        (
            "POST customize",
            Box::new(|| {
                api(
                    Method::POST,
                    format!("{company}/customize"),
                    Some(json!({"config_updates": {"general": {"time_zone": "Europe/Oslo"}}})),
                )
            }),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "DELETE branding logo (none uploaded: still 204)",
            Box::new(|| api(Method::DELETE, format!("{company}/branding/logo"), None)),
            [401, 403, 403, 204, 204, 404, 204],
        ),
        (
            "GET analytics",
            Box::new(|| api(Method::GET, format!("/api/v1/analytics/company/{acme}"), None)),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "GET users",
            Box::new(|| api(Method::GET, format!("{company}/users"), None)),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            "POST users",
            Box::new(|| api(Method::POST, format!("{company}/users"), Some(unique()))),
            [401, 403, 403, 201, 201, 404, 201],
        ),
        (
            "PATCH user",
            Box::new(|| api(Method::PATCH, format!("{company}/users/{target}"), Some(json!({"name": "Renamed"})))),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "GET api-tokens",
            Box::new(|| api(Method::GET, format!("{company}/api-tokens"), None)),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "POST api-tokens",
            Box::new(|| {
                api(Method::POST, format!("{company}/api-tokens"), Some(json!({"name": "m", "role": "viewer"})))
            }),
            [401, 403, 403, 201, 201, 404, 201],
        ),
        (
            "GET audit-events",
            Box::new(|| api(Method::GET, format!("{company}/audit-events"), None)),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "POST admin/api-tokens",
            Box::new(|| api(Method::POST, "/api/v1/admin/api-tokens".into(), Some(json!({"name": "ops"})))),
            [401, 403, 403, 403, 403, 403, 201],
        ),
        (
            "GET admin/audit-events",
            Box::new(|| api(Method::GET, "/api/v1/admin/audit-events".into(), None)),
            [401, 404, 404, 404, 404, 404, 200],
        ),
        (
            "GET issues",
            Box::new(|| api(Method::GET, format!("{company}/issues"), None)),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            "POST issues",
            Box::new(|| api(Method::POST, format!("{company}/issues"), Some(bug.clone()))),
            [401, 403, 201, 201, 201, 404, 201],
        ),
        (
            "GET issue",
            Box::new(|| api(Method::GET, format!("{company}/issues/{issue}"), None)),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            "PATCH issue",
            Box::new(|| api(Method::PATCH, format!("{company}/issues/{issue}"), Some(json!({"priority": "High"})))),
            [401, 403, 200, 200, 200, 404, 200],
        ),
        (
            "DELETE issue",
            Box::new(|| {
                let index = next_doomed.replace(next_doomed.get() + 1);
                api(Method::DELETE, format!("{company}/issues/{}", doomed[index]), None)
            }),
            [401, 403, 403, 204, 204, 404, 204],
        ),
        (
            "GET another company's issue under one's own path",
            Box::new(|| api(Method::GET, format!("/api/v1/companies/{globex}/issues/{issue}"), None)),
            [401, 404, 404, 404, 404, 404, 404],
        ),
        (
            "GET comments",
            Box::new(|| api(Method::GET, format!("{company}/issues/{issue}/comments"), None)),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            "POST comments",
            Box::new(|| api(Method::POST, format!("{company}/issues/{issue}/comments"), Some(json!({"body": "hi"})))),
            [401, 403, 201, 201, 201, 404, 201],
        ),
        (
            "GET activity",
            Box::new(|| api(Method::GET, format!("{company}/issues/{issue}/activity"), None)),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            "GET teams",
            Box::new(|| api(Method::GET, format!("{company}/teams"), None)),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            "POST teams",
            Box::new(|| api(Method::POST, format!("{company}/teams"), Some(fresh_name()))),
            [401, 403, 403, 201, 201, 404, 201],
        ),
        (
            "PATCH team",
            Box::new(|| api(Method::PATCH, format!("{company}/teams/{team}"), Some(fresh_name()))),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "PUT team members",
            Box::new(|| {
                api(Method::PUT, format!("{company}/teams/{team}/members"), Some(json!({"user_ids": [target]})))
            }),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "fn workspace summary",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::workspace::GetWorkspaceSummary::PATH,
                form: vec![("slug", "acme".into())],
            }),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            "fn list tokens",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::settings::ListTokens::PATH,
                form: vec![("slug", "acme".into())],
            }),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "fn create token",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::settings::CreateToken::PATH,
                form: vec![("slug", "acme".into()), ("name", "m".into()), ("role", "viewer".into())],
            }),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "fn audit page",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::settings::GetAuditPage::PATH,
                form: vec![("slug", "acme".into())],
            }),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "fn tracker",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::tracker::GetTracker::PATH,
                form: vec![("slug", "acme".into())],
            }),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            "fn issue list",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::issues::ListIssuePage::PATH,
                form: vec![("slug", "acme".into()), ("sort", "-priority".into())],
            }),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            "fn create issue",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::issues::CreateIssue::PATH,
                form: vec![
                    ("slug", "acme".into()),
                    ("title", "From a form".into()),
                    ("issue_type", "Task".into()),
                    ("priority", "Low".into()),
                ],
            }),
            [401, 403, 200, 200, 200, 404, 200],
        ),
        (
            "fn move issue",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::issues::MoveIssue::PATH,
                form: vec![("slug", "acme".into()), ("issue_id", issue.clone()), ("status", "In Review".into())],
            }),
            [401, 403, 200, 200, 200, 404, 200],
        ),
        (
            "fn delete issue",
            Box::new(|| {
                let index = next_doomed_by_fn.replace(next_doomed_by_fn.get() + 1);
                Call::ServerFn {
                    path: tenantry_app::issues::DeleteIssue::PATH,
                    form: vec![("slug", "acme".into()), ("issue_id", doomed_by_fn[index].clone())],
                }
            }),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "fn create team",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::tracker::CreateTeam::PATH,
                form: vec![("slug", "acme".into()), ("name", format!("Team {}", uuid::Uuid::now_v7().simple()))],
            }),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "fn invite member",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::tracker::InviteMember::PATH,
                form: vec![
                    ("slug", "acme".into()),
                    ("email", format!("fn-{}@acme.test", uuid::Uuid::now_v7().simple())),
                    ("name", "New".into()),
                    ("role", "viewer".into()),
                ],
            }),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "fn billing",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::billing::GetBilling::PATH,
                form: vec![("slug", "acme".into())],
            }),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            "fn plan preview",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::billing::PreviewPlanChange::PATH,
                form: vec![("slug", "acme".into()), ("new_tier", "Premium".into())],
            }),
            [401, 403, 403, 403, 200, 404, 200],
        ),
        (
            "fn settings",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::customization::GetSettings::PATH,
                form: vec![("slug", "acme".into())],
            }),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            "fn save settings",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::customization::SaveSettings::PATH,
                form: vec![("slug", "acme".into()), ("updates", r#"{"general": {"time_zone": "Europe/Oslo"}}"#.into())],
            }),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "fn integrations",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::customization::GetIntegrations::PATH,
                form: vec![("slug", "acme".into())],
            }),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "fn send test (no Slack set up: 404 once allowed)",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::customization::SendTest::PATH,
                form: vec![("slug", "acme".into()), ("target", "slack".into())],
            }),
            [401, 403, 403, 404, 404, 404, 404],
        ),
        (
            "fn deliveries",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::customization::GetDeliveries::PATH,
                form: vec![("slug", "acme".into())],
            }),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "fn branding",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::customization::GetBranding::PATH,
                form: vec![("slug", "acme".into())],
            }),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "fn analytics",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::analytics::GetAnalytics::PATH,
                form: vec![("slug", "acme".into()), ("days", "30".into())],
            }),
            [401, 403, 403, 200, 200, 404, 200],
        ),
        (
            "fn overview",
            Box::new(|| Call::ServerFn { path: tenantry_app::console::GetOverview::PATH, form: vec![] }),
            [401, 403, 403, 403, 403, 403, 200],
        ),
        (
            "fn companies",
            Box::new(|| Call::ServerFn { path: tenantry_app::console::ListCompanies::PATH, form: vec![] }),
            [401, 403, 403, 403, 403, 403, 200],
        ),
        (
            "fn company page",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::console::GetCompanyAdmin::PATH,
                form: vec![("id", acme.clone())],
            }),
            [401, 403, 403, 403, 403, 404, 200],
        ),
        (
            "fn set limits",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::console::SetCompanyLimits::PATH,
                form: ["users", "issues", "api_calls_daily", "custom_fields", "history_days"]
                    .map(|name| (name, String::new()))
                    .into_iter()
                    .chain([("id", acme.clone())])
                    .collect(),
            }),
            [401, 403, 403, 403, 403, 404, 200],
        ),
        (
            "fn outbox",
            Box::new(|| Call::ServerFn { path: tenantry_app::admin::GetOutbox::PATH, form: vec![] }),
            [401, 404, 404, 404, 404, 404, 200],
        ),
        (
            "GET system-overview",
            Box::new(|| api(Method::GET, "/api/v1/analytics/system-overview".into(), None)),
            [401, 403, 403, 403, 403, 403, 200],
        ),
        (
            "GET admin/companies",
            Box::new(|| api(Method::GET, "/api/v1/admin/companies".into(), None)),
            [401, 403, 403, 403, 403, 403, 200],
        ),
        // Last: root's call suspends Acme, whose people then get 403 `company_suspended` until reactivated.
        (
            "PUT suspend",
            Box::new(|| api(Method::PUT, format!("{company}/suspend"), Some(json!({"reason_code": "other"})))),
            [401, 403, 403, 403, 403, 404, 200],
        ),
        (
            "PUT reactivate",
            Box::new(|| api(Method::PUT, format!("{company}/reactivate"), None)),
            [401, 403, 403, 403, 403, 404, 200],
        ),
        (
            "fn suspend",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::console::SuspendCompany::PATH,
                form: vec![
                    ("id", acme.clone()),
                    ("reason_code", "other".into()),
                    ("reason", String::new()),
                    ("reactivation_date", String::new()),
                ],
            }),
            [401, 403, 403, 403, 403, 404, 200],
        ),
        (
            "fn reactivate",
            Box::new(|| Call::ServerFn {
                path: tenantry_app::console::ReactivateCompany::PATH,
                form: vec![("id", acme.clone())],
            }),
            [401, 403, 403, 403, 403, 404, 200],
        ),
    ];

    let mut wrong = Vec::new();
    for (name, call, expected) in &rows {
        for (column, cookie) in cookies.iter().enumerate() {
            let status = app.status_of(&call(), cookie.as_deref()).await;
            if status != expected[column] {
                wrong.push(format!("{name} as {}: {status}, expected {}", CALLERS[column], expected[column]));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
