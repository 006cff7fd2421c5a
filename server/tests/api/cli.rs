//! The `tenantry` binary itself, as an operator runs it.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tenantry_core::testing::TestDatabase;

fn tenantry() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tenantry"));
    command.env_remove("DATABASE_URL").env("TENANTRY_LOG", "warn");
    command
}

#[test]
fn migrate_against_an_unreachable_database_fails_with_one_clear_line() {
    let output = tenantry().args(["migrate", "--database-url", "postgres://nobody@127.0.0.1:1/x"]).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: cannot connect to PostgreSQL at 127.0.0.1:1"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn migrate_creates_a_missing_sqlite_folder() {
    let folder = std::env::temp_dir().join(format!("tenantry-cli-{}", std::process::id()));
    let file = folder.join("deeper/still/tenantry.db");
    let output =
        tenantry().args(["migrate", "--database-url", &format!("sqlite:{}", file.display())]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(file.exists());
    std::fs::remove_dir_all(folder).unwrap();
}

#[test]
fn a_sqlite_path_that_cannot_be_a_folder_is_refused_clearly() {
    let output = tenantry().args(["migrate", "--database-url", "sqlite:/proc/version/x/tenantry.db"]).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("error: cannot create the database folder /proc/version/x"), "{stderr}");
}

#[tokio::test]
async fn create_root_admin_reads_the_password_from_stdin_and_refuses_weak_ones() {
    let database = TestDatabase::new().await;
    let run = |password: &str| {
        let mut child = tenantry()
            .args(["create-root-admin", "--email", "ops@example.com", "--database-url", &database.url])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(password.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let weak = run("short\n");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("at least 8 characters"));
    let created = run("a fine long passphrase\n");
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    assert!(String::from_utf8_lossy(&created.stdout).contains("Root admin ops@example.com created"));
    let reset = run("another fine passphrase\n");
    assert!(String::from_utf8_lossy(&reset.stdout).contains("password reset"));
}

#[tokio::test]
async fn serve_announces_a_first_root_admin_and_stops_cleanly_on_sigterm() {
    let database = TestDatabase::new().await;
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let mut child = tenantry()
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--database-url", &database.url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut announcement = String::new();
    while !announcement.contains("tenantry create-root-admin") {
        let mut line = String::new();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "stdout ended: {announcement}");
        announcement.push_str(&line);
    }
    assert!(announcement.contains("email:    root@tenantry.local"), "{announcement}");
    assert!(announcement.contains("password: "), "{announcement}");

    let health = format!("http://127.0.0.1:{port}/healthz");
    let deadline = Instant::now() + Duration::from_secs(20);
    while reqwest::get(&health).await.map(|r| r.status() != 200).unwrap_or(true) {
        assert!(Instant::now() < deadline, "the server never became healthy");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "a graceful stop exits 0: {status:?}");
}

#[tokio::test]
async fn rebuild_rollups_recomputes_them_from_the_issues_and_reports_progress() {
    let app = crate::helpers::spawn_app().await;
    let body = serde_json::json!({"company_name": "Acme", "admin_email": "ada@acme.test", "admin_name": "Ada",
        "admin_password": "correct horse battery", "sample_data": true});
    let created: serde_json::Value = app.provision(&body).await.json().await.unwrap();
    let tenant = crate::helpers::tenant_of(created["company_id"].as_str().unwrap());
    let kept = app.store.rollups(&tenant).await.unwrap();
    assert!(!kept.open.is_empty() && !kept.flows.is_empty(), "{kept:?}");
    // A migration that changes the rollups marks companies stale; the next start rebuilds them.
    run_sql(&app.database_url, &[WIPE[0], WIPE[1], "INSERT INTO rollups_stale (company_id) SELECT id FROM companies"])
        .await;
    assert!(app.store.rollups(&tenant).await.unwrap().flows.is_empty());
    let migrated = tenantry().args(["migrate", "--database-url", &app.database_url]).output().unwrap();
    assert!(migrated.status.success(), "{}", String::from_utf8_lossy(&migrated.stderr));
    assert_eq!(app.store.rollups(&tenant).await.unwrap(), kept, "rebuilt at migration");
    assert!(app.store.stale_rollups().await.unwrap().is_empty());

    run_sql(&app.database_url, &WIPE).await;
    let output = tenantry().args(["rebuild-rollups", "--database-url", &app.database_url]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("[1/1] company ") && stdout.contains("Rebuilt the rollups of 1 companies"), "{stdout}");
    assert_eq!(app.store.rollups(&tenant).await.unwrap(), kept, "rebuilt equals what the writes kept");

    let args = ["rebuild-rollups", "--company", "nope", "--database-url", &app.database_url];
    let unknown = tenantry().args(args).output().unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no company \"nope\""));
}

/// Empties the rollup tables behind the application's back, as a bug or a bad restore might.
const WIPE: [&str; 2] = ["DELETE FROM issue_daily_rollups", "DELETE FROM issue_open_counts"];

/// Runs statements as the database's owner, behind the application's back.
async fn run_sql(database_url: &str, statements: &[&str]) {
    use sqlx::Connection;
    if database_url.starts_with("postgres") {
        let mut db = sqlx::PgConnection::connect(database_url).await.unwrap();
        for sql in statements {
            sqlx::query(sql).execute(&mut db).await.unwrap();
        }
    } else {
        let mut db = sqlx::SqliteConnection::connect(database_url).await.unwrap();
        for sql in statements {
            sqlx::query(sql).execute(&mut db).await.unwrap();
        }
    }
}
