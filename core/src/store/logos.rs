//! Company logos: the image bytes, and the settings' note of which version is current.

use super::audit::record_audit;
use super::scope::begin_tenant;
use super::webhooks::settings_of;
use super::{Store, with_db};
use crate::audit::AuditEvent;
use crate::branding::Logo;
use crate::identity::Tenant;
use crate::{Error, Result};

/// Writes `$settings` (`CompanySettings`) back to the company on `$conn`.
macro_rules! write_settings {
    ($conn:expr, $company_id:expr, $settings:expr) => {{
        let json = serde_json::to_string($settings).map_err(|e| Error::Internal(format!("settings: {e}")))?;
        sqlx::query("UPDATE companies SET settings = $1, updated_at = $2 WHERE id = $3")
            .bind(json)
            .bind(chrono::Utc::now())
            .bind($company_id)
            .execute($conn)
            .await?;
    }};
}

impl Store {
    pub async fn set_logo(
        &self,
        tenant: &Tenant,
        content_type: &str,
        bytes: &[u8],
        digest: &str,
        event: &AuditEvent,
    ) -> Result<()> {
        let company_id = tenant.company_id();
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            // The company row first, as customizing does, so the two never wait on each other.
            let mut settings = settings_of!(tx, company_id, locked);
            sqlx::query(
                "INSERT INTO company_logos (company_id, digest, content_type, bytes, updated_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (company_id) DO UPDATE SET digest = excluded.digest, content_type = excluded.content_type, \
                 bytes = excluded.bytes, updated_at = excluded.updated_at",
            )
            .bind(company_id)
            .bind(digest)
            .bind(content_type)
            .bind(bytes)
            .bind(chrono::Utc::now())
            .execute(&mut *tx)
            .await?;
            settings.branding.logo = Some(digest.to_owned());
            write_settings!(&mut *tx, company_id, &settings);
            record_audit!(&mut *tx, event)?;
            tx.commit().await?;
            Ok::<_, Error>(())
        })
    }

    pub async fn remove_logo(&self, tenant: &Tenant, event: &AuditEvent) -> Result<()> {
        let company_id = tenant.company_id();
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            let mut settings = settings_of!(tx, company_id, locked);
            sqlx::query("DELETE FROM company_logos WHERE company_id = $1").bind(company_id).execute(&mut *tx).await?;
            settings.branding.logo = None;
            write_settings!(&mut *tx, company_id, &settings);
            record_audit!(&mut *tx, event)?;
            tx.commit().await?;
            Ok::<_, Error>(())
        })
    }

    /// The company's logo when `digest` is its current version.
    pub async fn logo(&self, tenant: &Tenant, digest: &str) -> Result<Logo> {
        let (content_type, bytes): (String, Vec<u8>) = with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            let row = sqlx::query_as("SELECT content_type, bytes FROM company_logos WHERE company_id = $1 AND digest = $2")
                .bind(tenant.company_id())
                .bind(digest)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(row)
        })?;
        Ok(Logo { content_type, bytes })
    }
}
