//! The one permission table: which role may do what. Every check in the product asks it.

use uuid::Uuid;

use super::{Caller, Role};
use crate::{Error, Result};

/// Something a caller may want to do inside a company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read the company, its settings, people, teams and issues.
    ReadCompany,
    /// Create and edit issues, comment on them, archive and restore them.
    WriteIssues,
    /// Delete issues for good.
    DeleteIssues,
    /// Create and rename teams, choose their members.
    ManageTeams,
    /// Read the company's audit trail.
    ReadAudit,
    /// Read the company's analytics.
    ReadAnalytics,
    /// Invite people, change their roles, deactivate them.
    ManageMembers,
    /// Create and revoke the company's API tokens.
    ManageTokens,
    /// Change workflow, fields, integrations, branding.
    Customize,
    /// Move the company to another tier.
    ChangeTier,
    /// Set company-specific limits (the platform operator only).
    OverrideLimits,
    /// Suspend and reactivate the company (the platform operator only).
    SuspendCompany,
}

/// The table itself. Root may do everything, in any company.
pub fn allows(role: Role, action: Action) -> bool {
    use Action::*;
    match role {
        Role::Root => true,
        Role::Owner => !matches!(action, OverrideLimits | SuspendCompany),
        Role::Admin => !matches!(action, ChangeTier | OverrideLimits | SuspendCompany),
        Role::Member => matches!(action, ReadCompany | WriteIssues),
        Role::Viewer => matches!(action, ReadCompany),
    }
}

/// A company the caller may act in: the only key to tenant-owned data in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tenant {
    company_id: Uuid,
}

impl Tenant {
    pub fn company_id(&self) -> Uuid {
        self.company_id
    }

    /// For work the platform does for a company on its own (delivering its webhooks), never for a caller.
    pub(crate) fn background(company_id: Uuid) -> Tenant {
        Tenant { company_id }
    }
}

impl Caller {
    /// May this caller do `action` in `company_id`? Another company's things answer 404, a missing right 403.
    pub fn authorize(&self, action: Action, company_id: Uuid) -> Result<Tenant> {
        if !self.is_root() && self.company_id != Some(company_id) {
            return Err(Error::NotFound);
        }
        if !allows(self.role, action) {
            return Err(Error::Forbidden(format!(
                "Your role ({}) may not do this; ask an owner or admin of your company.",
                self.role.as_str()
            )));
        }
        Ok(Tenant { company_id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(role: Role, company: Option<Uuid>) -> Caller {
        Caller {
            user_id: Uuid::now_v7(),
            email: "x@example.com".into(),
            name: "X".into(),
            role,
            company_id: company,
            company_slug: None,
        }
    }

    #[test]
    fn the_table_grants_by_role() {
        assert!(allows(Role::Admin, Action::ManageMembers));
        assert!(!allows(Role::Admin, Action::ChangeTier));
        assert!(allows(Role::Owner, Action::ChangeTier));
        assert!(allows(Role::Member, Action::ReadCompany));
        assert!(!allows(Role::Member, Action::ReadAudit));
        assert!(!allows(Role::Viewer, Action::ManageTokens));
        assert!(allows(Role::Member, Action::WriteIssues));
        assert!(!allows(Role::Member, Action::DeleteIssues));
        assert!(!allows(Role::Member, Action::ManageTeams));
        assert!(!allows(Role::Viewer, Action::WriteIssues));
        assert!(allows(Role::Admin, Action::DeleteIssues));
    }

    #[test]
    fn another_companys_things_are_not_found_and_missing_rights_forbidden() {
        let (acme, globex) = (Uuid::now_v7(), Uuid::now_v7());
        let member = caller(Role::Member, Some(acme));
        assert!(matches!(member.authorize(Action::ReadCompany, globex), Err(Error::NotFound)));
        assert!(matches!(member.authorize(Action::ReadAudit, acme), Err(Error::Forbidden(_))));
        assert_eq!(member.authorize(Action::ReadCompany, acme).unwrap().company_id(), acme);
        let root = caller(Role::Root, None);
        assert_eq!(root.authorize(Action::ChangeTier, globex).unwrap().company_id(), globex);
    }
}
