use uuid::Uuid;

use super::{Account, AccountStatus, Role};
use crate::company::CompanyStatus;
use crate::{Error, Result};

/// The authenticated person (or token) a request acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub company_id: Option<Uuid>,
    pub company_slug: Option<String>,
}

impl Caller {
    /// The caller an account may act as now: active, and of a company that is not suspended.
    pub fn from_account(account: Account) -> Result<Caller> {
        if account.status != AccountStatus::Active {
            return Err(Error::Unauthenticated("Your session has ended; log in again.".into()));
        }
        if account.company_status == Some(CompanyStatus::Suspended) {
            let reason = account.suspension_reason.unwrap_or_else(|| crate::suspension::DEFAULT_REASON.to_owned());
            return Err(Error::CompanySuspended { reason });
        }
        Ok(Caller {
            user_id: account.id,
            email: account.email,
            name: account.name,
            role: account.role,
            company_id: account.company_id,
            company_slug: account.company_slug,
        })
    }

    pub fn is_root(&self) -> bool {
        self.role == Role::Root
    }
}
