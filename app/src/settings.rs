//! Company settings reachable from the workspace: API tokens and the audit trail.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::workspace::company_of;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub role: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// A token just created: the only time its secret is seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewTokenView {
    pub name: String,
    pub role: String,
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub ip: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub items: Vec<AuditRow>,
    pub next: Option<String>,
}

#[cfg(feature = "ssr")]
const AUDIT_PAGE: i64 = 50;

#[cfg(feature = "ssr")]
fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

#[server]
pub async fn list_tokens(slug: String) -> Result<Vec<TokenRow>, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let tokens = tenantry_core::tokens::list(&ctx.store, &caller, company_id).await?;
    Ok(tokens
        .into_iter()
        .map(|token| TokenRow {
            id: token.id.to_string(),
            name: token.name,
            role: token.role.as_str().to_owned(),
            created_at: when(token.created_at),
            last_used_at: token.last_used_at.map(when),
        })
        .collect())
}

#[server]
pub async fn create_token(slug: String, name: String, role: String) -> Result<NewTokenView, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let meta = crate::auth::session::request_meta().await;
    let token =
        tenantry_core::tokens::create_company_token(&ctx.store, &caller, company_id, Some(&name), Some(&role), &meta)
            .await?;
    Ok(NewTokenView { name: token.name, role: token.role.as_str().to_owned(), token: token.secret })
}

#[server]
pub async fn revoke_token(slug: String, token_id: String) -> Result<(), AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let token_id = token_id.parse().map_err(|_| AppError::not_found())?;
    let meta = crate::auth::session::request_meta().await;
    tenantry_core::tokens::revoke(&ctx.store, &caller, company_id, token_id, &meta).await?;
    Ok(())
}

#[server]
pub async fn get_audit_page(
    slug: String,
    action: Option<String>,
    before: Option<String>,
) -> Result<AuditPage, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let before = match before.filter(|b| !b.is_empty()) {
        Some(raw) => Some(raw.parse().map_err(|_| AppError::not_found())?),
        None => None,
    };
    let query = tenantry_core::audit::AuditQuery {
        action: action.filter(|a| !a.trim().is_empty()).map(|a| a.trim().to_owned()),
        before,
        limit: AUDIT_PAGE + 1,
    };
    let mut entries = tenantry_core::audit::company_trail(&ctx.store, &caller, company_id, query).await?;
    let next = (entries.len() as i64 > AUDIT_PAGE).then(|| {
        entries.truncate(AUDIT_PAGE as usize);
        entries.last().map(|e| e.id.to_string()).unwrap_or_default()
    });
    let items = entries
        .into_iter()
        .map(|entry| AuditRow {
            at: when(entry.at),
            actor: entry.actor_email.unwrap_or_else(|| "system".to_owned()),
            action: entry.action,
            target: entry.target,
            ip: entry.ip.unwrap_or_default(),
        })
        .collect();
    Ok(AuditPage { items, next })
}
