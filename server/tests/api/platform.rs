use tenantry_core::domain::Email;
use tenantry_core::password::Password;
use tenantry_core::root_admin::{self, RootAdminChange};

use crate::helpers::spawn_app;

#[tokio::test]
async fn tiers_are_seeded_exactly_as_the_architecture_says() {
    let app = spawn_app().await;
    let tiers = app.store.tiers().await.unwrap();
    let summary: Vec<_> = tiers
        .iter()
        .map(|t| {
            (
                t.name.as_str(),
                t.price_monthly_usd,
                t.max_users,
                t.max_issues,
                t.max_api_calls_daily,
                t.max_custom_fields,
                t.history_days,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("Basic", 10, Some(5), Some(1_000), Some(1_000), Some(5), Some(7)),
            ("Premium", 50, Some(25), Some(10_000), Some(10_000), Some(25), Some(90)),
            ("Platinum", 200, None, None, None, None, None),
        ]
    );
    let flags: Vec<_> = tiers
        .iter()
        .map(|t| (t.custom_workflows, t.team_analytics, t.advanced_analytics, t.sla_tracking, t.sso, t.white_label))
        .collect();
    assert_eq!(
        flags,
        vec![
            (false, false, false, false, false, false),
            (true, true, true, false, false, false),
            (true, true, true, true, true, true),
        ]
    );
    assert_eq!(tiers[0].integrations, vec!["email"]);
    assert_eq!(tiers[1].integrations, vec!["email", "slack", "webhooks"]);
}

#[tokio::test]
async fn a_root_admin_is_created_once_on_first_start_and_can_be_reset() {
    let app = spawn_app().await;
    assert!(!app.store.root_admin_exists().await.unwrap());
    let (email, password) = root_admin::ensure_exists(&app.store).await.unwrap().expect("created");
    assert_eq!(email.as_str(), root_admin::DEFAULT_EMAIL);
    assert!(Password::parse(password.expose()).is_ok());
    assert!(root_admin::ensure_exists(&app.store).await.unwrap().is_none(), "only once");

    let new_password = Password::parse("a much better passphrase").unwrap();
    let change = root_admin::create_or_reset(&app.store, &email, &new_password).await.unwrap();
    assert_eq!(change, RootAdminChange::PasswordReset);
    let other = Email::parse("Ops@Example.com").unwrap();
    assert_eq!(root_admin::create_or_reset(&app.store, &other, &new_password).await.unwrap(), RootAdminChange::Created);
    let again = Email::parse("ops@example.COM").unwrap();
    assert_eq!(
        root_admin::create_or_reset(&app.store, &again, &new_password).await.unwrap(),
        RootAdminChange::PasswordReset,
        "emails are one account whatever their case"
    );
}
