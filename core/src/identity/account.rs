use uuid::Uuid;

use super::Role;
use crate::company::CompanyStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountStatus {
    Invited,
    Active,
    Deactivated,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Invited => "invited",
            AccountStatus::Active => "active",
            AccountStatus::Deactivated => "deactivated",
        }
    }

    pub(crate) fn from_db(value: &str) -> Self {
        match value {
            "active" => AccountStatus::Active,
            "invited" => AccountStatus::Invited,
            _ => AccountStatus::Deactivated,
        }
    }
}

/// A person's account with what logging in and resolving a session need.
/// Not `Serialize`: the password hash must never leave the server.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: Uuid,
    pub company_id: Option<Uuid>,
    pub company_slug: Option<String>,
    pub company_status: Option<CompanyStatus>,
    /// Why the company is suspended, when it is.
    pub suspension_reason: Option<String>,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: AccountStatus,
    pub password_hash: Option<String>,
    pub session_epoch: i64,
}
