//! A fresh, private database for each test: a temporary SQLite file by
//! default, or a new PostgreSQL database when `TEST_DATABASE_URL` is set,
//! dropped when the test ends.

use std::path::PathBuf;

use sqlx::{Connection, PgConnection};
use uuid::Uuid;

/// One test's database. Dropping it deletes it.
pub struct TestDatabase {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFolder(PathBuf),
    PostgresDatabase { admin_url: String, name: String },
}

impl TestDatabase {
    pub async fn new() -> TestDatabase {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.trim().is_empty() => Self::postgres(admin_url).await,
            _ => Self::sqlite(),
        }
    }

    pub fn sqlite() -> TestDatabase {
        let folder = std::env::temp_dir().join(format!("tenantry-test-{}", Uuid::now_v7().simple()));
        TestDatabase { url: format!("sqlite:{}/tenantry.db", folder.display()), cleanup: Cleanup::SqliteFolder(folder) }
    }

    pub async fn postgres(admin_url: String) -> TestDatabase {
        let name = format!("tenantry_test_{}", Uuid::now_v7().simple());
        let mut admin = PgConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("TEST_DATABASE_URL does not connect: {e}"));
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create the test database");
        let _ = admin.close().await;
        TestDatabase { url: with_database(&admin_url, &name), cleanup: Cleanup::PostgresDatabase { admin_url, name } }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::SqliteFolder(folder) => {
                let _ = std::fs::remove_dir_all(folder);
            }
            Cleanup::PostgresDatabase { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime, which cannot block: use a thread of its own.
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                    runtime.block_on(async {
                        let mut admin = PgConnection::connect(&admin_url).await?;
                        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .execute(&mut admin)
                            .await?;
                        admin.close().await
                    })?;
                    Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
                })
                .join();
                if let Ok(Err(err)) = dropped {
                    eprintln!("could not drop test database: {err}");
                }
            }
        }
    }
}

/// The same server URL with another database name.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let authority_start = base.find("://").map(|i| i + 3).unwrap_or(0);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    format!("{server}/{name}{query}")
}

/// A Platinum company with no issues yet, for benchmarks, and its owner acting with root's reach
/// (so a bench needs no session).
pub async fn bench_company(store: &crate::Store) -> (Uuid, crate::identity::Caller) {
    use crate::provisioning::{self, ProvisionRequest, Provisioner};
    let mailer = crate::mail::Mailer::new(None, "bench@tenantry.local").expect("mailer");
    let request = ProvisionRequest {
        company_name: Some("Bench Corp".into()),
        admin_email: Some("owner@bench.test".into()),
        admin_name: Some("Owner".into()),
        subscription_tier: Some("Platinum".into()),
        admin_password: None,
        slug: None,
        sample_data: false,
    };
    let limit = crate::signup_limit::SignupLimit::per_hour(0);
    let provisioner = Provisioner { store, mailer: &mailer, public_url: "http://localhost", limit: &limit };
    let provisioned = provisioning::provision(&provisioner, request, crate::audit::RequestMeta::default(), None)
        .await
        .expect("provision");
    let owner = crate::identity::Caller {
        user_id: provisioned.owner_id,
        email: "owner@bench.test".into(),
        name: "Owner".into(),
        role: crate::identity::Role::Root,
        company_id: None,
        company_slug: None,
    };
    (provisioned.company_id, owner)
}

/// The platform operator, for benchmarks that call the core directly.
pub fn root_caller() -> crate::identity::Caller {
    crate::identity::Caller {
        user_id: Uuid::nil(),
        email: "root@bench.test".into(),
        name: "Root".into(),
        role: crate::identity::Role::Root,
        company_id: None,
        company_slug: None,
    }
}

/// Prints one benchmark line: the name, then the p50 and p99 of `timings` (sorted here).
pub fn print_latency(name: &str, timings: &mut [std::time::Duration]) {
    timings.sort();
    let at = |q: f64| timings[((timings.len() as f64 * q) as usize).min(timings.len() - 1)];
    let ms = |d: std::time::Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    println!("{name:<44} {:>9} {:>9}", ms(at(0.50)), ms(at(0.99)));
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn swaps_the_database_name() {
        assert_eq!(with_database("postgres://u@h:5432/postgres", "t1"), "postgres://u@h:5432/t1");
        assert_eq!(with_database("postgres://u@h:5432", "t1"), "postgres://u@h:5432/t1");
        assert_eq!(with_database("postgres://u@h/x?sslmode=disable", "t1"), "postgres://u@h/t1?sslmode=disable");
    }
}
