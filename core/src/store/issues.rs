//! Issues, their comments and history. Every write moves the rollups and the company's counts
//! in the same transaction.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::audit::record_audit;
use super::entitlements::usage_of;
use super::params::{ListQuery, Param, bind_params, contains_pattern};
use super::rollups::apply_rollups;
use super::scope::{begin_tenant, lock_clause};
use super::webhooks::{queue_deliveries, settings_of};
use super::{Store, with_db};
use crate::audit::AuditEvent;
use crate::entitlements::Limit;
use crate::identity::Tenant;
use crate::issues::query::{Cursor, IssueFilter, Reference, SortKey};
use crate::issues::rollup::Delta;
use crate::issues::{Activity, Comment, Issue, IssueChange, IssuePage, NewIssue, now};
use crate::settings::Event;
use crate::webhooks;
use crate::{Error, Result};

pub(super) const ISSUE_COLUMNS: &str = "id, number, title, description, issue_type, priority, priority_rank, status, \
     assignee_id, team_id, custom_fields, archived, created_at, updated_at, resolved_at";

#[derive(sqlx::FromRow)]
pub(super) struct IssueRow {
    pub(super) id: Uuid,
    pub(super) number: i64,
    pub(super) title: String,
    pub(super) description: Option<String>,
    pub(super) issue_type: String,
    pub(super) priority: String,
    pub(super) priority_rank: i64,
    pub(super) status: String,
    pub(super) assignee_id: Option<Uuid>,
    pub(super) team_id: Option<Uuid>,
    pub(super) custom_fields: String,
    pub(super) archived: bool,
    pub(super) created_at: DateTime<Utc>,
    pub(super) updated_at: DateTime<Utc>,
    pub(super) resolved_at: Option<DateTime<Utc>>,
}

impl IssueRow {
    /// A row for a sample issue of a new company: numbered, dated in the past, in its default team.
    pub(super) fn sample(
        number: i64,
        planned: &crate::sample_data::PlannedIssue,
        team_id: Uuid,
        owner_id: Uuid,
    ) -> IssueRow {
        IssueRow {
            id: Uuid::now_v7(),
            number,
            title: planned.title.to_owned(),
            description: Some(planned.description.to_owned()),
            issue_type: planned.issue_type.to_owned(),
            priority: planned.priority.to_owned(),
            priority_rank: planned.priority_rank,
            status: planned.status.to_owned(),
            assignee_id: planned.assigned_to_owner.then_some(owner_id),
            team_id: Some(team_id),
            custom_fields: "{}".to_owned(),
            archived: false,
            created_at: planned.created_at,
            updated_at: planned.resolved_at.unwrap_or(planned.created_at),
            resolved_at: planned.resolved_at,
        }
    }

    pub(super) fn into_issue(self, slug: &str) -> Issue {
        let custom_fields: Map<String, Value> = serde_json::from_str(&self.custom_fields).unwrap_or_default();
        Issue {
            id: self.id,
            number: self.number,
            key: format!("{}-{}", slug.to_uppercase(), self.number),
            title: self.title,
            description: self.description,
            issue_type: self.issue_type,
            priority: self.priority,
            status: self.status,
            assignee_id: self.assignee_id,
            team_id: self.team_id,
            custom_fields,
            archived: self.archived,
            created_at: self.created_at,
            updated_at: self.updated_at,
            resolved_at: self.resolved_at,
        }
    }
}

/// The list query for `filter`: only the clauses it needs, so each shape has an index to use.
fn list_sql(company_id: Uuid, filter: &IssueFilter) -> (String, Vec<Param>) {
    let mut query = ListQuery {
        sql: format!("SELECT {ISSUE_COLUMNS} FROM issues WHERE company_id = $1 AND archived = $2"),
        params: vec![Param::Uuid(company_id), Param::Bool(filter.archived)],
    };
    for (column, value) in
        [("status", &filter.status), ("priority", &filter.priority), ("issue_type", &filter.issue_type)]
    {
        if let Some(value) = value {
            let p = query.bind(Param::Text(value.clone()));
            query.sql.push_str(&format!(" AND {column} = {p}"));
        }
    }
    for (column, reference) in [("assignee_id", filter.assignee), ("team_id", filter.team)] {
        match reference {
            Some(Reference::Is(id)) => {
                let p = query.bind(Param::Uuid(id));
                query.sql.push_str(&format!(" AND {column} = {p}"));
            }
            Some(Reference::Unset) => query.sql.push_str(&format!(" AND {column} IS NULL")),
            None => {}
        }
    }
    if let Some(words) = &filter.search {
        let p = query.bind(Param::Text(contains_pattern(words)));
        query.sql.push_str(&format!(" AND title_key LIKE {p} ESCAPE '\\'"));
    }
    let (order, comparison) = if filter.sort.descending { ("DESC", "<") } else { ("ASC", ">") };
    let keyset = match filter.after {
        Some(Cursor::Created { number }) => Some(("number".to_owned(), vec![Param::Int(number)])),
        Some(Cursor::Updated { at, number }) => {
            Some(("(updated_at, number)".to_owned(), vec![Param::Time(at), Param::Int(number)]))
        }
        Some(Cursor::Priority { rank, number }) => {
            Some(("(priority_rank, number)".to_owned(), vec![Param::Int(rank), Param::Int(number)]))
        }
        None => None,
    };
    if let Some((columns, values)) = keyset {
        let placeholders: Vec<String> = values.into_iter().map(|value| query.bind(value)).collect();
        let values = match placeholders.as_slice() {
            [one] => one.clone(),
            many => format!("({})", many.join(", ")),
        };
        query.sql.push_str(&format!(" AND {columns} {comparison} {values}"));
    }
    let order_by = match filter.sort.key {
        SortKey::Created => format!("number {order}"),
        SortKey::Updated => format!("updated_at {order}, number {order}"),
        SortKey::Priority => format!("priority_rank {order}, number {order}"),
    };
    // One more than a page tells whether another page follows.
    let limit = query.bind(Param::Int(filter.limit + 1));
    query.sql.push_str(&format!(" ORDER BY {order_by} LIMIT {limit}"));
    (query.sql, query.params)
}

/// The readable prefix of the company's issue keys, read inside the transaction.
macro_rules! slug_of {
    ($conn:expr, $company_id:expr) => {
        sqlx::query_scalar::<_, String>("SELECT slug FROM companies WHERE id = $1").bind($company_id).fetch_one($conn)
    };
}

/// Whether the company has the row `$exists` asks about (`SELECT EXISTS`, `$1` the company, `$2` the id);
/// if not, returns `$refusal` from the enclosing function.
macro_rules! ensure_exists {
    ($conn:expr, $exists:expr, $company_id:expr, $id:expr, $refusal:expr) => {{
        let found: bool = sqlx::query_scalar($exists).bind($company_id).bind($id).fetch_one($conn).await?;
        if !found {
            return Err($refusal);
        }
    }};
}

const CURRENT_PERSON: &str =
    "SELECT EXISTS (SELECT 1 FROM users WHERE company_id = $1 AND id = $2 AND status <> 'deactivated')";
const TEAM: &str = "SELECT EXISTS (SELECT 1 FROM teams WHERE company_id = $1 AND id = $2)";
const ISSUE: &str = "SELECT EXISTS (SELECT 1 FROM issues WHERE company_id = $1 AND id = $2)";

fn no_assignee() -> Error {
    Error::invalid("assignee_id", "No active person of this company has this id.")
}

fn no_team() -> Error {
    Error::invalid("team_id", "This company has no team with this id.")
}

/// The issue's row, locked for the rest of the write transaction `$tx`; another company's is not found.
macro_rules! lock_issue {
    ($tx:ident, $company_id:expr, $issue_id:expr) => {{
        let sql = format!("SELECT {ISSUE_COLUMNS} FROM issues WHERE company_id = $1 AND id = $2{}", lock_clause(&*$tx));
        sqlx::query_as::<_, IssueRow>(&sql)
            .bind($company_id)
            .bind($issue_id)
            .fetch_optional(&mut *$tx)
            .await?
            .ok_or(Error::NotFound)?
    }};
}

/// Writes every field of `$issue` (an `&Issue`) to its row on `$conn`; `$rank` is the priority's new
/// place when it changed (`Option<i64>`).
macro_rules! update_issue {
    ($conn:expr, $company_id:expr, $issue:expr, $rank:expr) => {{
        let issue: &$crate::issues::Issue = $issue;
        let rank: Option<i64> = $rank;
        sqlx::query(
            "UPDATE issues SET title = $1, title_key = $2, description = $3, issue_type = $4, priority = $5, \
             priority_rank = COALESCE($6, priority_rank), status = $7, assignee_id = $8, team_id = $9, \
             custom_fields = $10, archived = $11, updated_at = $12, resolved_at = $13 \
             WHERE company_id = $14 AND id = $15",
        )
        .bind(&issue.title)
        .bind(issue.title.to_lowercase())
        .bind(&issue.description)
        .bind(&issue.issue_type)
        .bind(&issue.priority)
        .bind(rank)
        .bind(&issue.status)
        .bind(issue.assignee_id)
        .bind(issue.team_id)
        .bind(serde_json::Value::Object(issue.custom_fields.clone()).to_string())
        .bind(issue.archived)
        .bind(issue.updated_at)
        .bind(issue.resolved_at)
        .bind($company_id)
        .bind(issue.id)
        .execute($conn)
        .await
    }};
}
pub(crate) use update_issue;

/// Writes a new issue (`$row`, numbered already) with its first line of history and its share
/// of the rollups, on `$conn`; evaluates to the `Issue`. `$actor` is `None` for sample data.
macro_rules! insert_issue {
    ($conn:expr, $company_id:expr, $row:expr, $slug:expr, $actor:expr) => {{
        let row: $crate::store::issues::IssueRow = $row;
        let actor: Option<uuid::Uuid> = $actor;
        sqlx::query(&format!(
            "INSERT INTO issues ({}, company_id, title_key, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
            $crate::store::issues::ISSUE_COLUMNS
        ))
        .bind(row.id)
        .bind(row.number)
        .bind(&row.title)
        .bind(&row.description)
        .bind(&row.issue_type)
        .bind(&row.priority)
        .bind(row.priority_rank)
        .bind(&row.status)
        .bind(row.assignee_id)
        .bind(row.team_id)
        .bind(&row.custom_fields)
        .bind(row.archived)
        .bind(row.created_at)
        .bind(row.updated_at)
        .bind(row.resolved_at)
        .bind($company_id)
        .bind(row.title.to_lowercase())
        .bind(actor)
        .execute($conn)
        .await?;
        let issue = row.into_issue($slug);
        $crate::store::issues::record_activity!(
            $conn,
            $company_id,
            issue.id,
            actor,
            issue.created_at,
            "created",
            None::<String>,
            Some(issue.key.clone())
        )?;
        $crate::store::rollups::apply_rollups!(
            $conn,
            $company_id,
            &$crate::issues::rollup::Delta::change(None, Some(&issue.facts()))
        );
        issue
    }};
}
pub(crate) use insert_issue;

/// One line of history, written with the change it records.
macro_rules! record_activity {
    ($conn:expr, $company_id:expr, $issue_id:expr, $actor:expr, $at:expr, $field:expr, $old:expr, $new:expr) => {
        sqlx::query(
            "INSERT INTO issue_activity (company_id, id, issue_id, actor_id, field, old_value, new_value, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind($company_id)
        .bind(Uuid::now_v7())
        .bind($issue_id)
        .bind($actor)
        .bind($field)
        .bind($old)
        .bind($new)
        .bind($at)
        .execute($conn)
        .await
    };
}
pub(crate) use record_activity;

impl Store {
    #[tracing::instrument(skip_all, fields(company_id = %tenant.company_id()))]
    pub async fn create_issue(&self, tenant: &Tenant, new: &NewIssue, actor: Uuid) -> Result<Issue> {
        let company_id = tenant.company_id();
        let at = now();
        let issue = with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            if let Some(assignee) = new.assignee_id {
                ensure_exists!(&mut *tx, CURRENT_PERSON, company_id, assignee, no_assignee());
            }
            if let Some(team) = new.team_id {
                ensure_exists!(&mut *tx, TEAM, company_id, team, no_team());
            }
            let (entitlements, usage) = usage_of!(tx, company_id, lock_clause(&*tx));
            entitlements.allow(Limit::Issues, usage.issues, 1)?;
            let (number, slug): (i64, String) = sqlx::query_as(
                "UPDATE companies SET last_issue_number = last_issue_number + 1, issue_count = issue_count + 1 \
                 WHERE id = $1 RETURNING last_issue_number, slug",
            )
            .bind(company_id)
            .fetch_one(&mut *tx)
            .await?;
            let row = IssueRow {
                id: Uuid::now_v7(),
                number,
                title: new.title.as_str().to_owned(),
                description: new.description.clone(),
                issue_type: new.issue_type.clone(),
                priority: new.priority.clone(),
                priority_rank: new.priority_rank,
                status: new.status.name.clone(),
                assignee_id: new.assignee_id,
                team_id: new.team_id,
                custom_fields: Value::Object(new.custom_fields.clone()).to_string(),
                archived: false,
                created_at: at,
                updated_at: at,
                resolved_at: new.status.done.then_some(at),
            };
            let issue = insert_issue!(&mut *tx, company_id, row, &slug, Some(actor));
            let settings = settings_of!(tx, company_id);
            queue_deliveries!(tx, company_id, &webhooks::deliveries(&settings, company_id, &[Event::IssueCreated], &issue, actor))?;
            tx.commit().await?;
            Ok::<_, Error>(issue)
        })?;
        Ok(issue)
    }

    pub async fn issue(&self, tenant: &Tenant, issue_id: Uuid) -> Result<Issue> {
        self.find_issue(tenant, "id = $2", IssueKey::Id(issue_id)).await
    }

    pub async fn issue_by_number(&self, tenant: &Tenant, number: i64) -> Result<Issue> {
        self.find_issue(tenant, "number = $2", IssueKey::Number(number)).await
    }

    async fn find_issue(&self, tenant: &Tenant, condition: &str, key: IssueKey) -> Result<Issue> {
        let sql = format!("SELECT {ISSUE_COLUMNS} FROM issues WHERE company_id = $1 AND {condition}");
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            let query = sqlx::query_as::<_, IssueRow>(&sql).bind(tenant.company_id());
            let query = match key {
                IssueKey::Id(id) => query.bind(id),
                IssueKey::Number(number) => query.bind(number),
            };
            let row = query.fetch_optional(&mut *tx).await?.ok_or(Error::NotFound)?;
            let slug = slug_of!(&mut *tx, tenant.company_id()).await?;
            tx.commit().await?;
            Ok(row.into_issue(&slug))
        })
    }

    /// One page of the company's issues, in the filter's order.
    pub async fn issues(&self, tenant: &Tenant, filter: &IssueFilter) -> Result<IssuePage> {
        let (sql, params) = list_sql(tenant.company_id(), filter);
        let (mut rows, slug): (Vec<IssueRow>, String) = with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            let rows = bind_params!(sqlx::query_as::<_, IssueRow>(&sql), params).fetch_all(&mut *tx).await?;
            let slug = slug_of!(&mut *tx, tenant.company_id()).await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>((rows, slug))
        })?;
        let more = rows.len() as i64 > filter.limit;
        rows.truncate(filter.limit as usize);
        let next_cursor = match rows.last() {
            Some(last) if more => Some(
                match filter.sort.key {
                    SortKey::Created => Cursor::Created { number: last.number },
                    SortKey::Updated => Cursor::Updated { at: last.updated_at, number: last.number },
                    SortKey::Priority => Cursor::Priority { rank: last.priority_rank, number: last.number },
                }
                .encode(filter.sort),
            ),
            _ => None,
        };
        Ok(IssuePage { items: rows.into_iter().map(|row| row.into_issue(&slug)).collect(), next_cursor })
    }

    /// Applies a change; moving into a done status resolves the issue, moving out reopens it.
    #[tracing::instrument(skip_all, fields(company_id = %tenant.company_id(), %issue_id))]
    pub async fn change_issue(
        &self,
        tenant: &Tenant,
        issue_id: Uuid,
        change: &IssueChange,
        actor: Uuid,
    ) -> Result<Issue> {
        let company_id = tenant.company_id();
        let at = now();
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            let row = lock_issue!(tx, company_id, issue_id);
            let slug = slug_of!(&mut *tx, company_id).await?;
            let before = row.into_issue(&slug);
            let mut after = before.clone();
            let mut rank = None;
            apply(&mut after, &mut rank, change, at)?;
            if after == before {
                tx.commit().await?;
                return Ok(before);
            }
            if let Some(assignee) = after.assignee_id.filter(|_| after.assignee_id != before.assignee_id) {
                ensure_exists!(&mut *tx, CURRENT_PERSON, company_id, assignee, no_assignee());
            }
            if let Some(team) = after.team_id.filter(|_| after.team_id != before.team_id) {
                ensure_exists!(&mut *tx, TEAM, company_id, team, no_team());
            }
            if before.archived && !after.archived {
                let (entitlements, usage) = usage_of!(tx, company_id, lock_clause(&*tx));
                entitlements.allow(Limit::Issues, usage.issues, 1)?;
            }
            after.updated_at = at;
            update_issue!(&mut *tx, company_id, &after, rank)?;
            for (field, old, new) in changed_fields(&before, &after) {
                record_activity!(&mut *tx, company_id, issue_id, actor, at, field, old, new)?;
            }
            if before.archived != after.archived {
                sqlx::query("UPDATE companies SET issue_count = issue_count + $1 WHERE id = $2")
                    .bind(if after.archived { -1_i64 } else { 1 })
                    .bind(company_id)
                    .execute(&mut *tx)
                    .await?;
            }
            apply_rollups!(&mut *tx, company_id, &Delta::change(Some(&before.facts()), Some(&after.facts())));
            let settings = settings_of!(tx, company_id);
            let events = webhooks::events_of_change(&before, &after);
            queue_deliveries!(tx, company_id, &webhooks::deliveries(&settings, company_id, &events, &after, actor))?;
            tx.commit().await?;
            Ok::<_, Error>(after)
        })
    }

    /// Deletes an issue with its comments and history, and its share of the rollups.
    pub async fn delete_issue(&self, tenant: &Tenant, issue_id: Uuid, event: &AuditEvent) -> Result<()> {
        let company_id = tenant.company_id();
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            let row = lock_issue!(tx, company_id, issue_id);
            let issue = row.into_issue("");
            sqlx::query("DELETE FROM issues WHERE company_id = $1 AND id = $2")
                .bind(company_id)
                .bind(issue_id)
                .execute(&mut *tx)
                .await?;
            if !issue.archived {
                sqlx::query("UPDATE companies SET issue_count = issue_count - 1 WHERE id = $1")
                    .bind(company_id)
                    .execute(&mut *tx)
                    .await?;
            }
            apply_rollups!(&mut *tx, company_id, &Delta::change(Some(&issue.facts()), None));
            let mut event = event.clone();
            event.details = serde_json::json!({ "number": issue.number, "title": issue.title });
            record_audit!(&mut *tx, &event)?;
            tx.commit().await?;
            Ok::<_, Error>(())
        })
    }

    pub async fn add_comment(&self, tenant: &Tenant, issue_id: Uuid, author: Uuid, body: &str) -> Result<Comment> {
        let company_id = tenant.company_id();
        let at = now();
        let id = Uuid::now_v7();
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            let archived: bool =
                sqlx::query_scalar(&format!("SELECT archived FROM issues WHERE company_id = $1 AND id = $2{}", lock_clause(&*tx)))
                    .bind(company_id)
                    .bind(issue_id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(Error::NotFound)?;
            if archived {
                return Err(read_only());
            }
            sqlx::query(
                "INSERT INTO issue_comments (company_id, id, issue_id, author_id, body, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(company_id)
            .bind(id)
            .bind(issue_id)
            .bind(author)
            .bind(body)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE issues SET updated_at = $1 WHERE company_id = $2 AND id = $3")
                .bind(at)
                .bind(company_id)
                .bind(issue_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, Error>(())
        })?;
        let author_name = self.account_by_id(author).await?.map(|account| account.name);
        Ok(Comment { id, author_id: Some(author), author_name, body: body.to_owned(), created_at: at })
    }

    /// An issue's comments, oldest first.
    pub async fn comments(&self, tenant: &Tenant, issue_id: Uuid) -> Result<Vec<Comment>> {
        type Row = (Uuid, Option<Uuid>, Option<String>, String, DateTime<Utc>);
        let rows: Vec<Row> = with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            ensure_exists!(&mut *tx, ISSUE, tenant.company_id(), issue_id, Error::NotFound);
            let rows = sqlx::query_as(
                "SELECT c.id, c.author_id, u.name, c.body, c.created_at FROM issue_comments c \
                 LEFT JOIN users u ON u.id = c.author_id WHERE c.company_id = $1 AND c.issue_id = $2 ORDER BY c.id",
            )
            .bind(tenant.company_id())
            .bind(issue_id)
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, Error>(rows)
        })?;
        Ok(rows
            .into_iter()
            .map(|(id, author_id, author_name, body, created_at)| Comment {
                id,
                author_id,
                author_name,
                body,
                created_at,
            })
            .collect())
    }

    /// An issue's history, oldest first.
    pub async fn activity(&self, tenant: &Tenant, issue_id: Uuid) -> Result<Vec<Activity>> {
        type Row = (Uuid, Option<Uuid>, Option<String>, String, Option<String>, Option<String>, DateTime<Utc>);
        let rows: Vec<Row> = with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            ensure_exists!(&mut *tx, ISSUE, tenant.company_id(), issue_id, Error::NotFound);
            let rows = sqlx::query_as(
                "SELECT a.id, a.actor_id, u.name, a.field, a.old_value, a.new_value, a.created_at FROM issue_activity a \
                 LEFT JOIN users u ON u.id = a.actor_id WHERE a.company_id = $1 AND a.issue_id = $2 ORDER BY a.id",
            )
            .bind(tenant.company_id())
            .bind(issue_id)
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, Error>(rows)
        })?;
        Ok(rows
            .into_iter()
            .map(|(id, actor_id, actor_name, field, old_value, new_value, at)| Activity {
                id,
                actor_id,
                actor_name,
                field,
                old_value,
                new_value,
                at,
            })
            .collect())
    }
}

enum IssueKey {
    Id(Uuid),
    Number(i64),
}

fn read_only() -> Error {
    Error::Conflict {
        message: "This issue is archived and read-only: restore it first.".into(),
        fields: BTreeMap::from([("archived".to_owned(), "Archived issues are read-only.".to_owned())]),
    }
}

/// Applies a validated change to `issue`, keeping `resolved_at` in step with the status.
fn apply(issue: &mut Issue, rank: &mut Option<i64>, change: &IssueChange, at: DateTime<Utc>) -> Result<()> {
    let restoring = change.archived == Some(false);
    if issue.archived && !restoring && change.edits_content() {
        return Err(read_only());
    }
    if restoring {
        issue.archived = false;
    }
    if let Some(title) = &change.title {
        issue.title = title.as_str().to_owned();
    }
    if let Some(description) = &change.description {
        issue.description = description.clone();
    }
    if let Some(issue_type) = &change.issue_type {
        issue.issue_type = issue_type.clone();
    }
    if let Some((priority, priority_rank)) = &change.priority {
        issue.priority = priority.clone();
        *rank = Some(*priority_rank);
    }
    if let Some(assignee) = change.assignee_id {
        issue.assignee_id = assignee;
    }
    if let Some(team) = change.team_id {
        issue.team_id = team;
    }
    if let Some(custom_fields) = &change.custom_fields {
        for (name, value) in custom_fields {
            match value {
                Value::Null => issue.custom_fields.remove(name),
                value => issue.custom_fields.insert(name.clone(), value.clone()),
            };
        }
    }
    if let Some(status) = &change.status
        && status.name != issue.status
    {
        issue.status = status.name.clone();
        issue.resolved_at = match (status.done, issue.resolved_at) {
            (true, Some(resolved_at)) => Some(resolved_at),
            (true, None) => Some(at),
            (false, _) => None,
        };
    }
    if change.archived == Some(true) && !issue.archived {
        if issue.resolved_at.is_none() {
            return Err(Error::Conflict {
                message: "Only resolved issues can be archived: move it to a done status first.".into(),
                fields: BTreeMap::from([("archived".to_owned(), "Resolve the issue first.".to_owned())]),
            });
        }
        issue.archived = true;
    }
    Ok(())
}

/// Which fields differ, as history lines `(field, old, new)`; long text is noted, not copied.
pub(super) fn changed_fields(before: &Issue, after: &Issue) -> Vec<(&'static str, Option<String>, Option<String>)> {
    let id = |value: Option<Uuid>| value.map(|id| id.to_string());
    let mut lines = Vec::new();
    let mut differs = |field: &'static str, old: Option<String>, new: Option<String>| {
        if old != new {
            lines.push((field, old, new));
        }
    };
    differs("title", Some(before.title.clone()), Some(after.title.clone()));
    differs("issue_type", Some(before.issue_type.clone()), Some(after.issue_type.clone()));
    differs("priority", Some(before.priority.clone()), Some(after.priority.clone()));
    differs("status", Some(before.status.clone()), Some(after.status.clone()));
    differs("assignee_id", id(before.assignee_id), id(after.assignee_id));
    differs("team_id", id(before.team_id), id(after.team_id));
    differs("archived", Some(before.archived.to_string()), Some(after.archived.to_string()));
    if before.description != after.description {
        lines.push(("description", None, None));
    }
    if before.custom_fields != after.custom_fields {
        lines.push(("custom_fields", None, None));
    }
    lines
}

#[cfg(feature = "test-support")]
impl Store {
    /// The database's plan for a list query, to show which index it uses (benchmarks print it).
    pub async fn explain_issue_list(&self, tenant: &Tenant, filter: &IssueFilter) -> Result<Vec<String>> {
        let (sql, params) = list_sql(tenant.company_id(), filter);
        match &self.db {
            super::Db::Sqlite(pool) => {
                let mut tx = begin_tenant!(pool, tenant, read);
                let explain = format!("EXPLAIN QUERY PLAN {sql}");
                let rows: Vec<(i64, i64, i64, String)> =
                    bind_params!(sqlx::query_as(&explain), params).fetch_all(&mut *tx).await?;
                Ok(rows.into_iter().map(|row| row.3).collect())
            }
            super::Db::Postgres { pool, .. } => {
                let mut tx = begin_tenant!(pool, tenant, read);
                let explain = format!("EXPLAIN {sql}");
                let rows: Vec<(String,)> = bind_params!(sqlx::query_as(&explain), params).fetch_all(&mut *tx).await?;
                Ok(rows.into_iter().map(|row| row.0).collect())
            }
        }
    }

    /// Writes `count` varied issues fast, in batches, for benchmarks, created evenly over the last
    /// `span_days` days (closed ones resolved up to ten days later). The rollups are not kept for
    /// these: `rebuild_rollups` makes them.
    pub async fn seed_issues(&self, tenant: &Tenant, count: i64, span_days: i64) -> Result<()> {
        const BATCH: i64 = 500;
        let types = ["Bug", "Feature", "Task", "Epic"];
        let priorities = ["Low", "Medium", "High", "Critical"];
        let statuses = ["Open", "In Progress", "In Review", "Closed"];
        let words = ["checkout", "login", "export", "billing", "search", "profile", "upload", "report"];
        let company_id = tenant.company_id();
        let start = now() - chrono::Duration::days(span_days);
        let mut number = 0;
        while number < count {
            let batch = BATCH.min(count - number);
            let mut sql = String::from(
                "INSERT INTO issues (company_id, id, number, title, title_key, issue_type, priority, priority_rank, \
                 status, created_at, updated_at, resolved_at) VALUES ",
            );
            let rows: Vec<String> = (0..batch)
                .map(|i| {
                    let p = i * 11;
                    let values: Vec<String> = (1..=10).map(|k| format!("${}", p + k)).collect();
                    // Created and updated at the same moment; closed issues resolved later.
                    format!(
                        "({}, ${}, CASE WHEN ${} = 'Closed' THEN ${} END)",
                        values.join(", "),
                        p + 10,
                        p + 9,
                        p + 11
                    )
                })
                .collect();
            sql.push_str(&rows.join(", "));
            let mut params = Vec::with_capacity((batch * 11) as usize);
            for i in 0..batch {
                let n = number + i + 1;
                let at = start + chrono::Duration::seconds(n * span_days * 86_400 / count.max(1));
                let resolved = (at + chrono::Duration::minutes(n * 7919 % (10 * 24 * 60))).min(now());
                let title = format!("Issue {n} about {}", words[(n % 8) as usize]);
                let status = statuses[(n % 4) as usize];
                params.extend([
                    Param::Uuid(company_id),
                    Param::Uuid(Uuid::now_v7()),
                    Param::Int(n),
                    Param::Text(title.clone()),
                    Param::Text(title.to_lowercase()),
                    Param::Text(types[(n % 4) as usize].to_owned()),
                    Param::Text(priorities[(n / 4 % 4) as usize].to_owned()),
                    Param::Int(n / 4 % 4),
                    Param::Text(status.to_owned()),
                    Param::Time(at),
                    Param::Time(resolved),
                ]);
            }
            with_db!(self, pool => {
                let mut tx = begin_tenant!(pool, tenant, write);
                bind_params!(sqlx::query(&sql), params).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok::<_, Error>(())
            })?;
            number += batch;
        }
        with_db!(self, pool => {
            sqlx::query("UPDATE companies SET last_issue_number = last_issue_number + $1, issue_count = issue_count + $1 WHERE id = $2")
                .bind(count)
                .bind(company_id)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        // Fresh statistics, as autovacuum would gather them in a running system (only the owner may).
        if let super::Db::Postgres { owner, .. } = &self.db {
            use sqlx::Connection;
            let mut connection = sqlx::PgConnection::connect_with(owner).await?;
            sqlx::query("ANALYZE issues").execute(&mut connection).await?;
            connection.close().await?;
        }
        Ok(())
    }
}
