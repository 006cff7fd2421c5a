//! Provisioning: a company, its owner and its first audit event, all or nothing.

use uuid::Uuid;

use crate::audit::RequestMeta;
use crate::company::Company;
use crate::domain::{CompanyName, Email, PersonName, Slug};
use crate::mail::{Mail, Mailer};
use crate::password::Password;
use crate::people::INVITATION_LIFETIME;
use crate::secret;
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
}

/// A request that passed every check.
pub struct NewCompany {
    pub name: CompanyName,
    pub slug: Slug,
    pub tier: Tier,
    pub owner_email: Email,
    pub owner_name: PersonName,
    /// `None`: the owner sets a password through a one-time link.
    pub owner_password_hash: Option<String>,
}

/// The one-time link mailed to an owner who gave no password.
pub struct OwnerLink {
    pub link_hash: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub mail: Mail,
}

pub struct Provisioned {
    pub company: Company,
    pub owner_id: Uuid,
    pub owner_email: Email,
    /// True when the owner has no password yet and must set one from a link.
    pub owner_invited: bool,
}

pub async fn provision(
    store: &Store,
    mailer: &Mailer,
    public_url: &str,
    request: ProvisionRequest,
    meta: RequestMeta,
) -> Result<Provisioned> {
    let tiers = store.tiers().await?;
    let mut fields = Fields::default();

    let name = fields
        .required("company_name", request.company_name.as_deref())
        .and_then(|raw| fields.check("company_name", CompanyName::parse(raw)));
    let owner_email = fields
        .required("admin_email", request.admin_email.as_deref())
        .and_then(|raw| fields.check("admin_email", Email::parse(raw)));
    let owner_name = fields
        .required("admin_name", request.admin_name.as_deref())
        .and_then(|raw| fields.check("admin_name", PersonName::parse(raw)));
    let tier = choose_tier(&tiers, request.subscription_tier.as_deref(), &mut fields);
    let password =
        request.admin_password.as_deref().and_then(|raw| fields.check("admin_password", Password::parse(raw)));
    let slug = match request.slug.as_deref() {
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
    let new = NewCompany { name, slug, tier, owner_email, owner_name, owner_password_hash };
    let owner_invited = new.owner_password_hash.is_none();
    let owner_link = owner_invited.then(|| {
        let link = secret::random_hex();
        OwnerLink {
            link_hash: secret::sha256_hex(&link),
            expires_at: chrono::Utc::now() + INVITATION_LIFETIME,
            mail: Mail {
                company_id: None,
                to: new.owner_email.as_str().to_owned(),
                subject: format!("Welcome to Tenantry: choose your password for {}", new.name.as_str()),
                body: format!(
                    "Hello {name},\n\nYour company {company} is ready on Tenantry.\n\n\
                     Choose your password here (the link works once, for 72 hours):\n{public_url}/set-password?token={link}\n",
                    name = new.owner_name.as_str(),
                    company = new.name.as_str(),
                ),
            },
        }
    });
    let (company, owner_id, mail_id) = store.create_company(&new, owner_link.as_ref(), &meta).await?;
    mailer.deliver_later(store, mail_id.into_iter().collect());
    tracing::info!(company_id = %company.id, slug = %company.slug, "company provisioned");
    Ok(Provisioned { company, owner_id, owner_email: new.owner_email, owner_invited })
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
