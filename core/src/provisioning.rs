//! Provisioning: a company, its owner, its default team, optional sample issues, the welcome
//! mail and the audit event, all or nothing. A retry with the same `Idempotency-Key` gets the
//! first answer again instead of a second company.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit::RequestMeta;
use crate::domain::{CompanyName, Email, PersonName, Slug};
use crate::mail::{Mail, Mailer};
use crate::password::Password;
use crate::people::INVITATION_LIFETIME;
use crate::sample_data::{self, PlannedIssue};
use crate::secret;
use crate::settings::CompanySettings;
use crate::signup_limit::SignupLimit;
use crate::tiers::Tier;
use crate::validation::Fields;
use crate::{Error, Result, Store};

/// What a visitor or a script asks for, as sent: validated here, field by field.
#[derive(Debug, Clone, Default)]
pub struct ProvisionRequest {
    pub company_name: Option<String>,
    pub admin_email: Option<String>,
    pub admin_name: Option<String>,
    pub subscription_tier: Option<String>,
    pub admin_password: Option<String>,
    pub slug: Option<String>,
    /// Start with a dozen sample issues.
    pub sample_data: bool,
}

/// A client's key for retrying one request safely, and a digest of that request.
#[derive(Debug, Clone)]
pub struct IdempotencyKey {
    pub key: String,
    pub request_hash: String,
}

/// How long a key replays its answer (at least the 24 hours the API promises).
pub const IDEMPOTENCY_KEPT: chrono::Duration = chrono::Duration::hours(48);

/// A request that passed every check.
pub struct NewCompany {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub name: CompanyName,
    pub slug: Slug,
    pub tier: Tier,
    pub owner_email: Email,
    pub owner_name: PersonName,
    /// `None`: the owner sets a password through a one-time link.
    pub owner_password_hash: Option<String>,
    pub sample_issues: Vec<PlannedIssue>,
    pub welcome: WelcomeMail,
    /// The key, the request's digest and the answer to replay, stored with the company.
    pub idempotency: Option<(IdempotencyKey, String)>,
}

/// The mail every new owner gets after commit; it carries a one-time link when they gave no password.
pub struct WelcomeMail {
    pub mail: Mail,
    pub link: Option<OwnerLink>,
}

/// The one-time link mailed to an owner who gave no password.
pub struct OwnerLink {
    pub link_hash: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// What provisioning answers, and what a retry with the same key gets again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provisioned {
    pub company_id: Uuid,
    pub company_name: String,
    pub slug: String,
    pub tier: String,
    pub owner_id: Uuid,
    pub owner_email: String,
    /// True when the owner has no password yet and must set one from a link.
    pub owner_invited: bool,
}

/// Where provisioning runs, and what it answers to.
pub struct Provisioner<'a> {
    pub store: &'a Store,
    pub mailer: &'a Mailer,
    pub public_url: &'a str,
    pub limit: &'a SignupLimit,
}

pub async fn provision(
    with: &Provisioner<'_>,
    request: ProvisionRequest,
    meta: RequestMeta,
    idempotency: Option<IdempotencyKey>,
) -> Result<Provisioned> {
    let Provisioner { store, mailer, public_url, limit } = *with;
    if let Some(key) = &idempotency {
        check_key(&key.key)?;
        if let Some(answer) = replay(store, key).await? {
            return Ok(answer);
        }
    }
    limit.admit(meta.ip.as_deref())?;
    let outcome = create(store, mailer, public_url, request, meta, idempotency.clone()).await;
    metrics::counter!("tenantry_provisioning_total", "outcome" => if outcome.is_ok() { "success" } else { "failure" })
        .increment(1);
    // Another request with this key committed first: answer as it did.
    if let (Err(Error::Conflict { .. }), Some(key)) = (&outcome, &idempotency)
        && let Some(answer) = replay(store, key).await?
    {
        return Ok(answer);
    }
    outcome
}

/// The first answer to this key, when its request was the same; 409 when it was another.
async fn replay(store: &Store, key: &IdempotencyKey) -> Result<Option<Provisioned>> {
    let Some((request_hash, answer)) = store.idempotent_answer(&key.key).await? else {
        return Ok(None);
    };
    if request_hash != key.request_hash {
        return Err(Error::conflict(
            "Idempotency-Key",
            "This Idempotency-Key was used for another request; use a new key for a new request.",
        ));
    }
    serde_json::from_str(&answer)
        .map(Some)
        .map_err(|e| Error::Internal(format!("a stored idempotent answer is unreadable: {e}")))
}

fn check_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid("Idempotency-Key", "An Idempotency-Key is 1 to 255 visible ASCII characters."));
    }
    Ok(())
}

async fn create(
    store: &Store,
    mailer: &Mailer,
    public_url: &str,
    request: ProvisionRequest,
    meta: RequestMeta,
    idempotency: Option<IdempotencyKey>,
) -> Result<Provisioned> {
    let tiers = store.tiers().await?;
    let mut fields = Fields::default();
    let (name, slug) = company_fields(&mut fields, request.company_name.as_deref(), request.slug.as_deref());
    let (owner_name, owner_email, password) = admin_fields(
        &mut fields,
        request.admin_name.as_deref(),
        request.admin_email.as_deref(),
        request.admin_password.as_deref(),
        false,
    );
    let tier = choose_tier(&tiers, request.subscription_tier.as_deref(), &mut fields);
    fields.finish()?;
    let (Some(name), Some(owner_email), Some(owner_name), Some(tier), Some(slug)) =
        (name, owner_email, owner_name, tier, slug)
    else {
        return Err(Error::Internal("a provisioning field passed validation without a value".into()));
    };

    let owner_password_hash = match &password {
        Some(password) => Some(password.hash().await?),
        None => None,
    };
    let now = chrono::Utc::now();
    let link = owner_password_hash.is_none().then(secret::random_hex);
    let answer = Provisioned {
        company_id: Uuid::now_v7(),
        company_name: name.as_str().to_owned(),
        slug: slug.as_str().to_owned(),
        tier: tier.name.clone(),
        owner_id: Uuid::now_v7(),
        owner_email: owner_email.as_str().to_owned(),
        owner_invited: link.is_some(),
    };
    let welcome = WelcomeMail {
        mail: welcome_mail(&answer, owner_name.as_str(), public_url, link.as_deref()),
        link: link
            .map(|link| OwnerLink { link_hash: secret::sha256_hex(&link), expires_at: now + INVITATION_LIFETIME }),
    };
    let idempotency = match idempotency {
        Some(key) => Some((
            key,
            serde_json::to_string(&answer)
                .map_err(|e| Error::Internal(format!("an answer does not serialise: {e}")))?,
        )),
        None => None,
    };
    let new = NewCompany {
        id: answer.company_id,
        owner_id: answer.owner_id,
        name,
        slug,
        tier,
        owner_email,
        owner_name,
        owner_password_hash,
        sample_issues: if request.sample_data {
            sample_data::plan(&CompanySettings::default(), now)
        } else {
            Vec::new()
        },
        welcome,
        idempotency,
    };
    let mail_id = store.create_company(&new, &meta).await?;
    mailer.deliver_later(store, vec![mail_id]);
    tracing::info!(company_id = %answer.company_id, slug = %answer.slug, "company provisioned");
    Ok(answer)
}

/// Welcome, with where to log in; or, for an owner without a password, the link to choose one.
fn welcome_mail(answer: &Provisioned, owner_name: &str, public_url: &str, link: Option<&str>) -> Mail {
    let workspace = format!("{public_url}/c/{}", answer.slug);
    let (subject, first_step) = match link {
        Some(link) => (
            format!("Welcome to Tenantry: choose your password for {}", answer.company_name),
            format!(
                "Choose your password here (the link works once, for 72 hours):\n{public_url}/set-password?token={link}"
            ),
        ),
        None => (
            format!("Welcome to Tenantry: {} is ready", answer.company_name),
            format!("Log in at {public_url}/login as {} with the password you chose.", answer.owner_email),
        ),
    };
    Mail {
        company_id: Some(answer.company_id),
        to: answer.owner_email.clone(),
        subject,
        body: format!(
            "Hello {owner_name},\n\nYour company {company} is ready on Tenantry ({tier} plan).\n\n{first_step}\n\n\
             Your workspace: {workspace}\n\nNext: invite your team, create a team, file a first issue.\n",
            company = answer.company_name,
            tier = answer.tier,
        ),
    }
}

/// The company's name and slug (derived from the name when none is given), each checked.
fn company_fields(fields: &mut Fields, name: Option<&str>, slug: Option<&str>) -> (Option<CompanyName>, Option<Slug>) {
    let name =
        fields.required("company_name", name).and_then(|raw| fields.check("company_name", CompanyName::parse(raw)));
    let slug = match slug.filter(|raw| !raw.trim().is_empty()) {
        Some(raw) => fields.check("slug", Slug::parse(raw)),
        None => name.as_ref().and_then(|name| {
            let suggested = Slug::suggest(name.as_str());
            if suggested.is_empty() {
                fields.add("slug", "This name gives no usable address; choose a slug (like \"acme\").");
                return None;
            }
            fields.check("slug", Slug::parse(&suggested))
        }),
    };
    (name, slug)
}

/// The owner's name, email and password (required when `password_required`), each checked.
fn admin_fields(
    fields: &mut Fields,
    name: Option<&str>,
    email: Option<&str>,
    password: Option<&str>,
    password_required: bool,
) -> (Option<PersonName>, Option<Email>, Option<Password>) {
    let name = fields.required("admin_name", name).and_then(|raw| fields.check("admin_name", PersonName::parse(raw)));
    let email = fields.required("admin_email", email).and_then(|raw| fields.check("admin_email", Email::parse(raw)));
    let password = match password.filter(|raw| !raw.is_empty()) {
        Some(raw) => fields.check("admin_password", Password::parse(raw)),
        None if password_required => {
            fields.add("admin_password", "Choose a password.");
            None
        }
        None => None,
    };
    (name, email, password)
}

/// The signup wizard's first step: the slug that will be used, once name and slug are valid and free.
pub async fn check_company(store: &Store, name: &str, slug: Option<&str>) -> Result<String> {
    let mut fields = Fields::default();
    let (name, slug) = company_fields(&mut fields, Some(name), slug);
    fields.finish()?;
    let (Some(name), Some(slug)) = (name, slug) else {
        return Err(Error::Internal("a company field passed validation without a value".into()));
    };
    let (name_taken, slug_taken) = store.company_taken(&name.key(), slug.as_str()).await?;
    let mut fields = Fields::default();
    if name_taken {
        fields.add("company_name", format!("A company named \"{}\" already exists.", name.as_str()));
    }
    if slug_taken {
        fields.add("slug", format!("The address /c/{} is taken; choose another slug.", slug.as_str()));
    }
    fields.finish()?;
    Ok(slug.as_str().to_owned())
}

/// The signup wizard's second step: the owner's name, a free email and a password that passes the policy.
pub async fn check_admin(store: &Store, name: &str, email: &str, password: &str) -> Result<()> {
    let mut fields = Fields::default();
    let (_, email, _) = admin_fields(&mut fields, Some(name), Some(email), Some(password), true);
    fields.finish()?;
    if let Some(email) = email
        && store.email_taken(&email).await?
    {
        return Err(Error::conflict("admin_email", "This email already has an account."));
    }
    Ok(())
}

/// The named tier, or the cheapest when none is named.
fn choose_tier(tiers: &[Tier], requested: Option<&str>, fields: &mut Fields) -> Option<Tier> {
    let chosen = match requested {
        None => tiers.iter().min_by_key(|tier| tier.rank),
        Some(name) => tiers.iter().find(|tier| tier.name.eq_ignore_ascii_case(name.trim())),
    };
    if chosen.is_none() {
        let names: Vec<&str> = tiers.iter().map(|tier| tier.name.as_str()).collect();
        fields.add("subscription_tier", format!("Choose one of {}.", names.join(", ")));
    }
    chosen.cloned()
}
