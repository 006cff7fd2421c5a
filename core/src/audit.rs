//! The audit trail: who did what to which thing, from where, and when.

use serde_json::Value;
use uuid::Uuid;

/// Where a request came from, recorded with what it did.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// One event to record. `company_id` is `None` for operator actions on the platform itself.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub company_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub action: &'static str,
    pub target: String,
    pub details: Value,
    pub meta: RequestMeta,
}

/// One recorded event, as the audit trail shows it.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_email: Option<String>,
    pub action: String,
    pub target: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub details: String,
    /// The company's slug; `None` for the operator's platform events.
    pub company: Option<String>,
}

/// Which events to show: an action, and where the last page ended.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub action: Option<String>,
    pub before: Option<Uuid>,
    pub limit: i64,
}

/// A page of every event on the platform, newest first: companies' and the operator's own (root only).
pub async fn platform_trail(
    store: &crate::Store,
    caller: &crate::identity::Caller,
    query: AuditQuery,
) -> crate::Result<Vec<AuditEntry>> {
    if !caller.is_root() {
        return Err(crate::Error::NotFound);
    }
    let query = AuditQuery { limit: query.limit.clamp(1, 201), ..query };
    store.all_audit_events(&query).await
}

/// A page of the company's audit trail, newest first (owners, admins, root).
pub async fn company_trail(
    store: &crate::Store,
    caller: &crate::identity::Caller,
    company_id: Uuid,
    query: AuditQuery,
) -> crate::Result<Vec<AuditEntry>> {
    let tenant = caller.authorize(crate::identity::Action::ReadAudit, company_id)?;
    let query = AuditQuery { limit: query.limit.clamp(1, 201), ..query };
    store.audit_events(&tenant, &query).await
}
