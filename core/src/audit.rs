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
