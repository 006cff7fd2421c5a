//! White-label logos: uploaded by owners and admins of tiers with white-label branding, stored by
//! us and served from our origin under their digest (so a new logo is a new address).

use uuid::Uuid;

use crate::audit::{AuditEvent, RequestMeta};
use crate::entitlements::Feature;
use crate::identity::{Action, Caller, Tenant};
use crate::settings::branding::logo_type;
use crate::{Error, Result, Store};

/// A stored logo, as served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Stores `bytes` as the company's logo; answers its digest (the version in its address).
pub async fn upload(
    store: &Store,
    caller: &Caller,
    company_id: Uuid,
    bytes: &[u8],
    meta: &RequestMeta,
) -> Result<String> {
    let tenant = caller.authorize(Action::Customize, company_id)?;
    let (entitlements, _) = store.entitlements(&tenant).await?;
    entitlements.require(Feature::WhiteLabel, &store.tiers().await?)?;
    let content_type = logo_type(bytes).map_err(|why| Error::invalid("logo", why))?;
    let digest = crate::secret::sha256_hex_bytes(bytes)[..16].to_owned();
    store
        .set_logo(&tenant, content_type, bytes, &digest, &event(caller, company_id, "company.logo_uploaded", meta))
        .await?;
    Ok(digest)
}

/// Removes the company's logo.
pub async fn remove(store: &Store, caller: &Caller, company_id: Uuid, meta: &RequestMeta) -> Result<()> {
    let tenant = caller.authorize(Action::Customize, company_id)?;
    store.remove_logo(&tenant, &event(caller, company_id, "company.logo_removed", meta)).await
}

/// The logo to serve at `/logos/{company_id}/{digest}`: public, as any page of the company may show it.
pub async fn serve(store: &Store, company_id: Uuid, digest: &str) -> Result<Logo> {
    store.logo(&Tenant::background(company_id), digest).await
}

fn event(caller: &Caller, company_id: Uuid, action: &'static str, meta: &RequestMeta) -> AuditEvent {
    AuditEvent {
        company_id: Some(company_id),
        actor_id: Some(caller.user_id),
        action,
        target: format!("company:{company_id}"),
        details: serde_json::json!({}),
        meta: meta.clone(),
    }
}
