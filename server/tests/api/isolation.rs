//! Tenant isolation: the store's scoping, and on PostgreSQL the database's own wall.

use sqlx::{Connection, PgConnection, Row};
use tenantry_core::store::Engine;

use crate::helpers::spawn_app;

#[tokio::test]
async fn on_postgres_the_app_queries_as_a_role_that_row_level_security_binds() {
    let app = spawn_app().await;
    let ready: serde_json::Value = app.get("/readyz").await.json().await.unwrap();
    match app.store.engine() {
        Engine::Postgres => assert_eq!(ready["role"], "tenantry_app", "{ready}"),
        Engine::Sqlite => assert!(ready["role"].is_null()),
    }
}

#[tokio::test]
async fn an_unscoped_query_through_the_application_role_sees_no_tenants_rows() {
    let app = spawn_app().await;
    if app.store.engine() != Engine::Postgres {
        return; // SQLite has no row-level security; the store's scoping is its only wall.
    }
    let acme = app.company("Acme", "ada@acme.test").await;
    let globex = app.company("Globex", "hank@globex.test").await;
    // The test's URL is a superuser's, as in CI: RLS must hold anyway once the role is set.
    let mut db = PgConnection::connect(&app.database_url).await.unwrap();
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(&mut db).await.unwrap();
    assert_eq!(total, 2, "one provisioning event each");

    sqlx::query("SET ROLE tenantry_app").execute(&mut db).await.unwrap();
    let unscoped: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(&mut db).await.unwrap();
    assert_eq!(unscoped, 0, "a query that forgot its tenant sees nothing");

    let mut tx = db.begin().await.unwrap();
    sqlx::query("SELECT set_config('app.company_id', $1, true)").bind(&acme).execute(&mut *tx).await.unwrap();
    let rows = sqlx::query("SELECT company_id::text AS company FROM audit_events").fetch_all(&mut *tx).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get::<String, _>("company"), acme);
    let smuggled = sqlx::query(
        "INSERT INTO audit_events (company_id, id, action, target, created_at) \
         VALUES ($1::uuid, gen_random_uuid(), 'x', 'y', now())",
    )
    .bind(&globex)
    .execute(&mut *tx)
    .await;
    assert!(smuggled.is_err(), "writing into another tenant is refused");
}

#[tokio::test]
async fn every_tenant_table_of_issue_tracking_is_behind_row_level_security() {
    let app = spawn_app().await;
    if app.store.engine() != Engine::Postgres {
        return;
    }
    let acme = app.company("Acme", "ada@acme.test").await;
    let globex = app.company("Globex", "hank@globex.test").await;
    for (company, email) in [(&acme, "ada@acme.test"), (&globex, "hank@globex.test")] {
        let owner = app.session_cookie(email, "correct horse battery").await;
        let body = serde_json::json!({"title": "Secret", "issue_type": "Bug", "priority": "High"});
        let issue = app.issue(company, &owner, body).await;
        let path = format!("/api/v1/companies/{company}/issues/{}/comments", issue["issue_id"].as_str().unwrap());
        let comment = serde_json::json!({"body": "private"});
        assert_eq!(app.call(reqwest::Method::POST, &path, &owner, Some(comment)).await.status(), 201);
    }
    let tables = [
        "teams",
        "team_members",
        "issues",
        "issue_comments",
        "issue_activity",
        "issue_daily_rollups",
        "issue_status_counts",
        "issue_status_daily",
        "issue_open_counts",
        "api_usage_daily",
        "user_activity_daily",
    ];
    // API calls reach their table at the meter's next flush, within about a second.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let mut db = PgConnection::connect(&app.database_url).await.unwrap();
    sqlx::query("SET ROLE tenantry_app").execute(&mut db).await.unwrap();
    for table in tables {
        let count = format!("SELECT COUNT(*) FROM {table}");
        let unscoped: i64 = sqlx::query_scalar(&count).fetch_one(&mut db).await.unwrap();
        assert_eq!(unscoped, 0, "{table}: a query that forgot its tenant sees nothing");
        let mut tx = db.begin().await.unwrap();
        sqlx::query("SELECT set_config('app.company_id', $1, true)").bind(&acme).execute(&mut *tx).await.unwrap();
        let foreign: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE company_id <> $1::uuid"))
            .bind(&acme)
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        let own: i64 = sqlx::query_scalar(&count).fetch_one(&mut *tx).await.unwrap();
        assert_eq!((foreign, own > 0), (0, true), "{table}: scoped to Acme, only Acme's rows");
        tx.rollback().await.unwrap();
    }
}
