use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::audit::record_audit;
use super::issues::{IssueRow, insert_issue};
use super::outbox::queue_mail;
use super::platform::{CensusChange, census};
use super::tx::BeginWrite;
use super::{Store, with_db};
use crate::audit::{AuditEvent, RequestMeta};
use crate::company::{Company, CompanyStatus};
use crate::provisioning::{IDEMPOTENCY_KEPT, NewCompany};
use crate::settings::CompanySettings;
use crate::suspension::{ReasonCode, Suspension};
use crate::teams::DEFAULT_TEAM;
use crate::{Error, Result};

#[derive(sqlx::FromRow)]
struct CompanyRow {
    id: Uuid,
    name: String,
    slug: String,
    tier_id: String,
    tier_name: String,
    status: String,
    time_zone: String,
    settings: String,
    created_at: DateTime<Utc>,
    user_count: i64,
    issue_count: i64,
    suspension_code: Option<String>,
    suspension_reason: Option<String>,
    suspended_at: Option<DateTime<Utc>>,
    reactivate_at: Option<DateTime<Utc>>,
    last_active_on: Option<chrono::NaiveDate>,
    owner_email: String,
}

impl TryFrom<CompanyRow> for Company {
    type Error = Error;

    fn try_from(row: CompanyRow) -> Result<Self> {
        let settings: CompanySettings = serde_json::from_str(&row.settings)
            .map_err(|e| Error::Internal(format!("company {} has unreadable settings: {e}", row.id)))?;
        Ok(Company {
            id: row.id,
            name: row.name,
            slug: row.slug,
            tier_id: row.tier_id,
            tier_name: row.tier_name,
            status: CompanyStatus::from_db(&row.status),
            time_zone: row.time_zone,
            settings,
            created_at: row.created_at,
            user_count: row.user_count,
            issue_count: row.issue_count,
            suspension: match (row.suspended_at, row.suspension_code) {
                (Some(suspended_at), code) => Some(Suspension {
                    reason_code: code.as_deref().and_then(ReasonCode::parse).unwrap_or(ReasonCode::Other),
                    reason: row.suspension_reason.unwrap_or_else(|| crate::suspension::DEFAULT_REASON.to_owned()),
                    suspended_at,
                    reactivate_at: row.reactivate_at,
                }),
                (None, _) => None,
            },
            last_active_on: row.last_active_on,
            owner_email: row.owner_email,
        })
    }
}

const SELECT_COMPANY: &str = "SELECT c.id, c.name, c.slug, c.tier_id, t.name AS tier_name, c.status, \
     c.time_zone, c.settings, c.created_at, c.user_count, c.issue_count, c.suspension_code, c.suspension_reason, \
     c.suspended_at, c.reactivate_at, c.last_active_on, c.owner_email FROM companies c JOIN tiers t ON t.id = c.tier_id";

/// Companies with this name key (`$1`) or slug (`$2`), a slug a company had before included.
const TAKEN: &str = "SELECT name_key, slug_key FROM companies WHERE name_key = $1 OR slug_key = $2 \
     UNION ALL SELECT '', slug_key FROM company_slugs WHERE slug_key = $2";

impl Store {
    /// Writes the company, its owner, default team, sample issues, welcome mail, audit event and
    /// idempotency record in one transaction: all or nothing. Returns the welcome mail's id.
    #[tracing::instrument(skip_all, fields(slug = new.slug.as_str()))]
    pub async fn create_company(&self, new: &NewCompany, meta: &RequestMeta) -> Result<Uuid> {
        let (company_id, owner_id, team_id) = (new.id, new.owner_id, Uuid::now_v7());
        let now = Utc::now();
        let settings_json = serde_json::to_string(&CompanySettings::default())
            .map_err(|e| Error::Internal(format!("settings do not serialise: {e}")))?;
        let owner_status = if new.owner_password_hash.is_some() { "active" } else { "invited" };
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some((key, answer)) = &new.idempotency {
                sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
                    .bind(now - IDEMPOTENCY_KEPT)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO idempotency_keys (key, request_hash, answer, created_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(&key.key)
                .bind(&key.request_hash)
                .bind(answer)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(|err| match &err {
                    sqlx::Error::Database(db) if db.is_unique_violation() => Error::conflict(
                        "Idempotency-Key",
                        "Another request with this Idempotency-Key is being answered; retry in a moment.",
                    ),
                    _ => Error::from(err),
                })?;
            }
            // Friendly answers first; the unique indexes still decide when two signups race.
            let taken: Option<(String, String)> = sqlx::query_as(TAKEN)
                .bind(new.name.key())
                .bind(new.slug.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            if let Some((name_key, _)) = taken {
                return Err(if name_key == new.name.key() {
                    name_taken(new)
                } else {
                    slug_taken(new)
                });
            }
            let email_taken: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE email_key = $1)")
                .bind(new.owner_email.key())
                .fetch_one(&mut *tx)
                .await?;
            if email_taken {
                return Err(email_taken_error());
            }
            let samples = new.sample_issues.len() as i64;
            sqlx::query(
                "INSERT INTO companies (id, name, name_key, slug, slug_key, tier_id, status, time_zone, settings, \
                 user_count, issue_count, last_issue_number, created_at, updated_at, owner_email, user_limit, issue_limit) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'active', 'UTC', $7, 1, $8, $8, $9, $9, $10, $11, $12)",
            )
            .bind(company_id)
            .bind(new.name.as_str())
            .bind(new.name.key())
            .bind(new.slug.as_str())
            .bind(new.slug.as_str())
            .bind(&new.tier.id)
            .bind(&settings_json)
            .bind(samples)
            .bind(now)
            .bind(new.owner_email.key())
            .bind(new.tier.max_users)
            .bind(new.tier.max_issues)
            .execute(&mut *tx)
            .await
            .map_err(|e| unique_conflict(e, new))?;
            census!(&mut *tx, now.date_naive(), &new.tier.id, CensusChange { signups: 1, active: 1, suspended: 0 })?;
            sqlx::query(
                "INSERT INTO users (id, company_id, email, email_key, name, role, status, password_hash, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'owner', $6, $7, $8, $8)",
            )
            .bind(owner_id)
            .bind(company_id)
            .bind(new.owner_email.as_str())
            .bind(new.owner_email.key())
            .bind(new.owner_name.as_str())
            .bind(owner_status)
            .bind(new.owner_password_hash.as_deref())
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|e| unique_conflict(e, new))?;
            let event = AuditEvent {
                company_id: Some(company_id),
                actor_id: Some(owner_id),
                action: "company.provisioned",
                target: format!("company:{company_id}"),
                details: serde_json::json!({
                    "name": new.name.as_str(),
                    "slug": new.slug.as_str(),
                    "tier": new.tier.name,
                    "owner_email": new.owner_email.as_str(),
                    "sample_issues": samples,
                }),
                meta: meta.clone(),
            };
            record_audit!(&mut *tx, &event)?;
            // record_audit! scoped the transaction to the new company: its tenant rows may be written.
            sqlx::query(
                "INSERT INTO teams (company_id, id, name, name_key, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(company_id)
            .bind(team_id)
            .bind(DEFAULT_TEAM)
            .bind(DEFAULT_TEAM.to_lowercase())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO team_members (company_id, team_id, user_id) VALUES ($1, $2, $3)")
                .bind(company_id)
                .bind(team_id)
                .bind(owner_id)
                .execute(&mut *tx)
                .await?;
            for (index, planned) in new.sample_issues.iter().enumerate() {
                let row = IssueRow::sample(index as i64 + 1, planned, team_id, owner_id);
                insert_issue!(&mut *tx, company_id, row, new.slug.as_str(), None);
            }
            if let Some(link) = &new.welcome.link {
                sqlx::query(
                    "INSERT INTO password_links (token_hash, user_id, purpose, created_at, expires_at) \
                     VALUES ($1, $2, 'invitation', $3, $4)",
                )
                .bind(&link.link_hash)
                .bind(owner_id)
                .bind(now)
                .bind(link.expires_at)
                .execute(&mut *tx)
                .await?;
            }
            let mail_id = queue_mail!(&mut *tx, &new.welcome.mail)?;
            tx.commit().await?;
            Ok::<_, Error>(mail_id)
        })
    }

    /// Whether a company already has this name (by key) or this slug.
    pub async fn company_taken(&self, name_key: &str, slug: &str) -> Result<(bool, bool)> {
        let taken: Vec<(String, String)> = with_db!(self, pool => {
            sqlx::query_as(TAKEN)
                .bind(name_key)
                .bind(slug)
                .fetch_all(pool)
                .await
        })?;
        Ok((taken.iter().any(|(name, _)| name == name_key), taken.iter().any(|(_, s)| s == slug)))
    }

    pub async fn email_taken(&self, email: &crate::domain::Email) -> Result<bool> {
        Ok(with_db!(self, pool => {
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE email_key = $1)")
                .bind(email.key())
                .fetch_one(pool)
                .await
        })?)
    }

    /// The request digest and answer stored under an idempotency key, while it is kept.
    pub async fn idempotent_answer(&self, key: &str) -> Result<Option<(String, String)>> {
        let since = Utc::now() - IDEMPOTENCY_KEPT;
        Ok(with_db!(self, pool => {
            sqlx::query_as("SELECT request_hash, answer FROM idempotency_keys WHERE key = $1 AND created_at >= $2")
                .bind(key)
                .bind(since)
                .fetch_optional(pool)
                .await
        })?)
    }

    pub async fn company_by_slug(&self, slug: &str) -> Result<Company> {
        let row: CompanyRow = with_db!(self, pool => {
            sqlx::query_as(&format!("{SELECT_COMPANY} WHERE c.slug_key = $1"))
                .bind(slug.trim().to_lowercase())
                .fetch_one(pool)
                .await
        })?;
        Company::try_from(row)
    }

    pub async fn company(&self, id: Uuid) -> Result<Company> {
        let row: CompanyRow = with_db!(self, pool => {
            sqlx::query_as(&format!("{SELECT_COMPANY} WHERE c.id = $1")).bind(id).fetch_one(pool).await
        })?;
        Company::try_from(row)
    }
}

fn name_taken(new: &NewCompany) -> Error {
    Error::conflict("company_name", format!("A company named \"{}\" already exists.", new.name.as_str()))
}

fn slug_taken(new: &NewCompany) -> Error {
    Error::conflict("slug", format!("The address /c/{} is taken; choose another slug.", new.slug.as_str()))
}

fn email_taken_error() -> Error {
    Error::conflict("admin_email", "This email already has an account.")
}

/// A unique index refused the row: say which value, by column (SQLite reports no constraint names).
fn unique_conflict(err: sqlx::Error, new: &NewCompany) -> Error {
    if let sqlx::Error::Database(db) = &err
        && db.is_unique_violation()
    {
        let said = format!("{} {}", db.message(), db.constraint().unwrap_or_default());
        if said.contains("name_key") {
            return name_taken(new);
        }
        if said.contains("slug_key") {
            return slug_taken(new);
        }
        if said.contains("email_key") {
            return email_taken_error();
        }
    }
    Error::from(err)
}

impl Store {
    /// Which first steps a company took: each an existence check on a small, indexed set.
    pub async fn onboarding_progress(&self, tenant: &crate::identity::Tenant) -> Result<crate::onboarding::Progress> {
        let (people, teams, issues, tokens): (bool, bool, bool, bool) = with_db!(self, pool => {
            let mut tx = super::scope::begin_tenant!(pool, tenant, read);
            let row = sqlx::query_as(
                "SELECT \
                 EXISTS (SELECT 1 FROM users WHERE company_id = $1 AND role <> 'owner'), \
                 (SELECT COUNT(*) FROM teams WHERE company_id = $1) > 1, \
                 EXISTS (SELECT 1 FROM issues WHERE company_id = $1 AND created_by IS NOT NULL), \
                 EXISTS (SELECT 1 FROM api_tokens WHERE company_id = $1)",
            )
            .bind(tenant.company_id())
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(row)
        })?;
        Ok(crate::onboarding::Progress {
            invited_someone: people,
            created_a_team: teams,
            created_an_issue: issues,
            created_a_token: tokens,
        })
    }
}
