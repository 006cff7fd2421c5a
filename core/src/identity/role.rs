use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Roles, from least to most powerful: the order is what "at most the creator's role" compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Viewer,
    Member,
    Admin,
    Owner,
    /// The platform operator; belongs to no company.
    Root,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Member => "member",
            Role::Admin => "admin",
            Role::Owner => "owner",
            Role::Root => "root",
        }
    }

    /// A role a company person can be given, as sent in a request.
    pub fn parse_company_role(field: &str, raw: &str) -> Result<Role> {
        match raw.trim() {
            "owner" => Ok(Role::Owner),
            "admin" => Ok(Role::Admin),
            "member" => Ok(Role::Member),
            "viewer" => Ok(Role::Viewer),
            _ => Err(Error::invalid(field, "Choose one of owner, admin, member, viewer.")),
        }
    }

    pub(crate) fn from_db(value: &str) -> Result<Role> {
        match value {
            "root" => Ok(Role::Root),
            other => Role::parse_company_role("role", other)
                .map_err(|_| Error::Internal(format!("unknown role in the database: {other}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_by_power_and_parse_only_company_roles() {
        assert!(Role::Viewer < Role::Member && Role::Member < Role::Admin && Role::Admin < Role::Owner);
        assert_eq!(Role::parse_company_role("role", "admin").unwrap(), Role::Admin);
        assert!(Role::parse_company_role("role", "root").is_err());
        assert!(Role::parse_company_role("role", "Admin").is_err());
    }
}
