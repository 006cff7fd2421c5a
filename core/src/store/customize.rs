//! Applies a customize plan: new settings, and every issue that used a value that went moved to
//! its new one, rollups included, all in one transaction.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use uuid::Uuid;

use super::audit::record_audit;
use super::issues::{ISSUE_COLUMNS, IssueRow, changed_fields, record_activity, update_issue};
use super::rollups::apply_rollups;
use super::scope::{begin_tenant, lock_clause};
use super::{Store, with_db};
use crate::audit::AuditEvent;
use crate::customize::{Customized, FieldFate, Plan};
use crate::identity::Tenant;
use crate::issues::rollup::Delta;
use crate::issues::{Issue, now};
use crate::settings::CompanySettings;
use crate::{Error, Result};

/// Issues per setting and value that stand in the way.
type InUse = BTreeMap<String, BTreeMap<String, i64>>;

impl Store {
    #[tracing::instrument(skip_all, fields(company_id = %tenant.company_id()))]
    pub async fn customize(&self, tenant: &Tenant, plan: &Plan, actor: Uuid, event: &AuditEvent) -> Result<Customized> {
        let company_id = tenant.company_id();
        let at = now();
        let settings_json =
            serde_json::to_string(&plan.settings).map_err(|e| Error::Internal(format!("settings: {e}")))?;
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            let (stored, slug): (String, String) = sqlx::query_as(&format!(
                "SELECT settings, slug FROM companies WHERE id = $1{}",
                lock_clause(&*tx)
            ))
            .bind(company_id)
            .fetch_one(&mut *tx)
            .await?;
            let current: CompanySettings =
                serde_json::from_str(&stored).map_err(|e| Error::Internal(format!("stored settings: {e}")))?;
            if current != plan.before {
                return Err(Error::conflict(
                    "config_updates",
                    "The settings changed while you were editing them; reload and try again.",
                ));
            }
            if let Some(name) = &plan.name {
                let taken: bool =
                    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM companies WHERE name_key = $1 AND id <> $2)")
                        .bind(name.key())
                        .bind(company_id)
                        .fetch_one(&mut *tx)
                        .await?;
                if taken {
                    return Err(Error::conflict(
                        "general.company_name",
                        format!("A company named \"{}\" already exists.", name.as_str()),
                    ));
                }
            }
            if let Some(new_slug) = &plan.slug {
                let taken: bool = sqlx::query_scalar(
                    "SELECT EXISTS (SELECT 1 FROM companies WHERE slug_key = $1 AND id <> $2) \
                     OR EXISTS (SELECT 1 FROM company_slugs WHERE slug_key = $1 AND company_id <> $2)",
                )
                .bind(new_slug.as_str())
                .bind(company_id)
                .fetch_one(&mut *tx)
                .await?;
                if taken {
                    return Err(Error::conflict("general.slug", format!("The address /c/{} is taken.", new_slug.as_str())));
                }
            }
            let mut in_use = InUse::new();
            for (key, column, moves) in [
                ("issue_statuses", "status", &plan.statuses),
                ("priority_levels", "priority", &plan.priorities),
                ("issue_types", "issue_type", &plan.types),
            ] {
                if moves.values().all(Option::is_some) {
                    continue;
                }
                let counts: Vec<(String, i64)> = sqlx::query_as(&format!(
                    "SELECT {column}, COUNT(*) FROM issues WHERE company_id = $1 GROUP BY {column}"
                ))
                .bind(company_id)
                .fetch_all(&mut *tx)
                .await?;
                for (value, count) in counts {
                    if matches!(moves.get(&value), Some(None)) {
                        in_use.entry(key.to_owned()).or_default().insert(value, count);
                    }
                }
            }
            if !plan.fields.is_empty() || !plan.removed_options.is_empty() {
                let values: Vec<(String,)> =
                    sqlx::query_as("SELECT custom_fields FROM issues WHERE company_id = $1 AND custom_fields <> '{}'")
                        .bind(company_id)
                        .fetch_all(&mut *tx)
                        .await?;
                count_field_values(plan, values.iter().map(|(json,)| json.as_str()), &mut in_use);
            }
            if !in_use.is_empty() {
                return Err(Error::InUse {
                    message: "Issues still use values this change removes. Say where they go (mappings), \
                              or confirm that their custom field values go."
                        .into(),
                    in_use,
                });
            }
            let mut moved = 0_i64;
            if plan.moves_issues() {
                let (sql, values) = affected_issues(plan);
                let mut query = sqlx::query_as::<_, IssueRow>(&sql).bind(company_id);
                for value in &values {
                    query = query.bind(value);
                }
                let rows = query.fetch_all(&mut *tx).await?;
                let mut delta = Delta::default();
                for row in rows {
                    let before = row.into_issue(&slug);
                    let after = moved_issue(plan, &before, at);
                    if after == before {
                        continue;
                    }
                    let rank = plan.settings.priority(&after.priority).map(|(rank, _)| rank);
                    update_issue!(&mut *tx, company_id, &after, rank)?;
                    for (field, old, new) in changed_fields(&before, &after) {
                        record_activity!(&mut *tx, company_id, after.id, actor, at, field, old, new)?;
                    }
                    delta.add(Delta::change(Some(&before.facts()), Some(&after.facts())));
                    moved += 1;
                }
                apply_rollups!(&mut *tx, company_id, &delta);
            }
            if plan.priorities_changed() {
                // Sorting by priority follows the new order.
                let cases: String = (0..plan.settings.priority_levels.len())
                    .map(|rank| format!(" WHEN ${} THEN {rank}", rank + 2))
                    .collect();
                let sql = format!(
                    "UPDATE issues SET priority_rank = CASE priority{cases} ELSE priority_rank END WHERE company_id = $1"
                );
                let mut query = sqlx::query(&sql).bind(company_id);
                for name in &plan.settings.priority_levels {
                    query = query.bind(name);
                }
                query.execute(&mut *tx).await?;
            }
            sqlx::query(
                "UPDATE companies SET settings = $1, name = COALESCE($2, name), name_key = COALESCE($3, name_key), \
                 slug = COALESCE($4, slug), slug_key = COALESCE($4, slug_key), time_zone = COALESCE($5, time_zone), \
                 updated_at = $6 WHERE id = $7",
            )
            .bind(&settings_json)
            .bind(plan.name.as_ref().map(|name| name.as_str()))
            .bind(plan.name.as_ref().map(|name| name.key()))
            .bind(plan.slug.as_ref().map(|slug| slug.as_str()))
            .bind(plan.time_zone.as_deref())
            .bind(at)
            .bind(company_id)
            .execute(&mut *tx)
            .await?;
            if let Some(new_slug) = &plan.slug {
                sqlx::query(
                    "INSERT INTO company_slugs (slug_key, company_id, created_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (slug_key) DO NOTHING",
                )
                .bind(&slug)
                .bind(company_id)
                .bind(at)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM company_slugs WHERE slug_key = $1 AND company_id = $2")
                    .bind(new_slug.as_str())
                    .bind(company_id)
                    .execute(&mut *tx)
                    .await?;
            }
            if plan.before.branding.logo.is_some() && plan.settings.branding.logo.is_none() {
                sqlx::query("DELETE FROM company_logos WHERE company_id = $1").bind(company_id).execute(&mut *tx).await?;
            }
            let mut event = event.clone();
            event.details = serde_json::json!({ "updated": plan.updated, "issues_moved": moved });
            record_audit!(&mut *tx, &event)?;
            tx.commit().await?;
            Ok::<_, Error>(Customized {
                company_id,
                updated_configs: plan.updated.clone(),
                updated_at: at,
                issues_moved: moved,
            })
        })
    }

    /// The company's current slug when `old` is one it used before.
    pub async fn slug_redirect(&self, old: &str) -> Result<Option<String>> {
        Ok(with_db!(self, pool => {
            sqlx::query_scalar(
                "SELECT c.slug FROM company_slugs s JOIN companies c ON c.id = s.company_id WHERE s.slug_key = $1",
            )
            .bind(old.trim().to_lowercase())
            .fetch_optional(pool)
            .await
        })?)
    }
}

/// Counts values of removed fields nobody confirmed dropping, and of removed select options.
fn count_field_values<'a>(plan: &Plan, stored: impl Iterator<Item = &'a str>, in_use: &mut InUse) {
    for json in stored {
        let values: Map<String, Value> = serde_json::from_str(json).unwrap_or_default();
        for (name, fate) in &plan.fields {
            if *fate == FieldFate::Unconfirmed && values.contains_key(name) {
                *in_use.entry("custom_fields".into()).or_default().entry(name.clone()).or_default() += 1;
            }
        }
        for (name, options) in &plan.removed_options {
            if let Some(option) = values.get(name).and_then(Value::as_str).filter(|v| options.iter().any(|o| o == v)) {
                let key = format!("{name}: {option}");
                *in_use.entry("custom_field_options".into()).or_default().entry(key).or_default() += 1;
            }
        }
    }
}

/// The query for the issues a plan may rewrite (`$1` the company, then the values to bind).
fn affected_issues(plan: &Plan) -> (String, Vec<String>) {
    let mut values: Vec<String> = Vec::new();
    let mut conditions: Vec<String> = Vec::new();
    let flipped = plan.done_changes().map(|status| status.name.clone());
    for (column, names) in [
        ("status", plan.statuses.keys().cloned().chain(flipped).collect::<Vec<_>>()),
        ("priority", plan.priorities.keys().cloned().collect()),
        ("issue_type", plan.types.keys().cloned().collect()),
    ] {
        if names.is_empty() {
            continue;
        }
        let placeholders: Vec<String> = names
            .into_iter()
            .map(|name| {
                values.push(name);
                format!("${}", values.len() + 1)
            })
            .collect();
        conditions.push(format!("{column} IN ({})", placeholders.join(", ")));
    }
    if !plan.fields.is_empty() {
        conditions.push("custom_fields <> '{}'".into());
    }
    let sql = format!("SELECT {ISSUE_COLUMNS} FROM issues WHERE company_id = $1 AND ({})", conditions.join(" OR "));
    (sql, values)
}

/// The issue as the new settings have it: values moved, resolution following its status.
fn moved_issue(plan: &Plan, before: &Issue, at: chrono::DateTime<chrono::Utc>) -> Issue {
    let mut after = before.clone();
    let destination = |moves: &crate::customize::Moves, value: &str| moves.get(value).cloned().flatten();
    if let Some(status) = destination(&plan.statuses, &before.status) {
        after.status = status;
    }
    if let Some(priority) = destination(&plan.priorities, &before.priority) {
        after.priority = priority;
    }
    if let Some(issue_type) = destination(&plan.types, &before.issue_type) {
        after.issue_type = issue_type;
    }
    for (name, fate) in &plan.fields {
        if let Some(value) = after.custom_fields.remove(name)
            && let FieldFate::MovedTo(to) = fate
        {
            after.custom_fields.entry(to.clone()).or_insert(value);
        }
    }
    match (plan.settings.is_done(&after.status), before.resolved_at) {
        (true, None) => after.resolved_at = Some(at),
        (false, Some(_)) => after.resolved_at = None,
        _ => {}
    }
    if after != *before {
        after.updated_at = at;
    }
    after
}
