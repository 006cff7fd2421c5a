use crate::{Error, Result};

/// An email address as people type it, with a normalised key for uniqueness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

const MAX_LEN: usize = 254;

impl Email {
    pub fn parse(raw: &str) -> Result<Self> {
        let trimmed = raw.trim();
        let invalid = || Error::invalid("email", "Enter a valid email address, like name@example.com.");
        if trimmed.is_empty() {
            return Err(Error::invalid("email", "Enter an email address."));
        }
        if trimmed.len() > MAX_LEN {
            return Err(Error::invalid("email", "An email address has at most 254 characters."));
        }
        let (local, domain) = trimmed.rsplit_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.chars().any(|c| c.is_whitespace() || c == '@' || c.is_control());
        if !(domain_ok && local_ok) {
            return Err(invalid());
        }
        Ok(Email(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unique key: one account per address, whatever its case.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses_and_keys_them_case_insensitively() {
        let email = Email::parse("  Ada.Lovelace@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "Ada.Lovelace@Example.COM");
        assert_eq!(email.key(), "ada.lovelace@example.com");
    }

    #[test]
    fn refuses_what_is_not_an_address() {
        for raw in [
            "",
            "plain",
            "a@b",
            "@example.com",
            "a@.com",
            "a@example.com.",
            "a b@example.com",
            "a@exa mple.com",
            "a@@example.com",
        ] {
            assert!(Email::parse(raw).is_err(), "{raw:?} should be refused");
        }
        assert!(Email::parse(&format!("{}@example.com", "a".repeat(250))).is_err());
    }
}
