use clap::Parser;
use reqwest::header::{AUTHORIZATION, COOKIE};
use reqwest::{Client, Method, Response};
use tenantry::Server;
use tenantry::cli::Cli;
use tenantry_core::Store;
use tenantry_core::testing::TestDatabase;
use tokio::sync::oneshot;

/// The product, started for real, with a database of its own.
pub struct TestApp {
    pub address: String,
    pub client: Client,
    pub store: Store,
    pub database_url: String,
    shutdown: Option<oneshot::Sender<()>>,
    running: Option<tokio::task::JoinHandle<()>>,
    // Last: the database outlives the server that uses it (another instance owns none).
    _database: Option<TestDatabase>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// The app with extra command-line settings.
pub async fn spawn_app_with(extra: &[&str]) -> TestApp {
    let database = TestDatabase::new().await;
    let url = database.url.clone();
    start(&url, extra, Some(database)).await
}

impl TestApp {
    /// A second server instance on this one's database, as when several serve one PostgreSQL.
    pub async fn another_instance(&self) -> TestApp {
        start(&self.database_url, &[], None).await
    }

    /// Stops the server as SIGTERM would, and waits until it has finished.
    pub async fn stop(mut self) -> Option<TestDatabase> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(running) = self.running.take() {
            running.await.expect("the server task ends");
        }
        self._database.take()
    }
}

/// A server on the database at `url`; the test's database travels with it when it owns one.
pub async fn start(url: &str, extra: &[&str], database: Option<TestDatabase>) -> TestApp {
    let site_root = std::env::temp_dir().join("tenantry-test-no-site");
    let mut args =
        vec!["tenantry", "--addr", "127.0.0.1:0", "--database-url", url, "--site-root", site_root.to_str().unwrap()];
    // Tests provision many companies from one address: no signup limit unless a test sets one.
    if !extra.contains(&"--signup-limit-per-hour") {
        args.extend_from_slice(&["--signup-limit-per-hour", "0"]);
    }
    args.extend_from_slice(extra);
    let cli = Cli::parse_from(args);
    let server = Server::start(&cli.config).await.expect("the server starts");
    let address = format!("http://{}", server.local_addr());
    let store = server.store().clone();
    let (shutdown, stopped) = oneshot::channel::<()>();
    let running = tokio::spawn(async move {
        server
            .run_until(async {
                let _ = stopped.await;
            })
            .await
            .expect("the server runs");
    });
    TestApp {
        address,
        // A request that never ends fails its test instead of hanging the whole run.
        client: Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .unwrap(),
        store,
        database_url: url.to_owned(),
        shutdown: Some(shutdown),
        running: Some(running),
        _database: database,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("request sent")
    }

    pub async fn post_raw(&self, path: &str, content_type: &str, body: impl Into<reqwest::Body>) -> Response {
        self.client
            .post(self.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request sent")
    }
}

impl TestApp {
    /// Calls the API as `cookie_or_bearer`, with a JSON body when given.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        cookie_or_bearer: &str,
        body: Option<serde_json::Value>,
    ) -> Response {
        let request = credentials(self.client.request(method, self.url(path)), cookie_or_bearer);
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        request.send().await.expect("request sent")
    }
}

/// A session cookie (`tenantry_session=…`) or a bare token.
pub fn credentials(request: reqwest::RequestBuilder, cookie_or_bearer: &str) -> reqwest::RequestBuilder {
    if cookie_or_bearer.starts_with("tenantry_session=") {
        request.header(COOKIE, cookie_or_bearer)
    } else {
        request.header(AUTHORIZATION, format!("Bearer {cookie_or_bearer}"))
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// The JSON body of an API error, checked against the contract's shape.
pub async fn api_error(response: Response, status: u16, code: &str) -> serde_json::Value {
    assert_eq!(response.status().as_u16(), status, "status");
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"), "errors are JSON");
    let body: serde_json::Value = response.json().await.expect("a JSON body");
    assert_eq!(body["code"], code, "{body}");
    assert!(body["error"].as_str().is_some_and(|s| !s.is_empty()), "a sentence for a person: {body}");
    body
}

/// The key to a company's tenant data, as the platform operator holds it (for reading the store directly).
pub fn tenant_of(company_id: &str) -> tenantry_core::identity::Tenant {
    use tenantry_core::identity::{Action, Caller, Role};
    let root = Caller {
        user_id: uuid::Uuid::nil(),
        email: "root@test".into(),
        name: "Root".into(),
        role: Role::Root,
        company_id: None,
        company_slug: None,
    };
    root.authorize(Action::ReadCompany, company_id.parse().expect("a company id")).expect("root may read")
}
