use crate::Result;

/// A company's display name: 1 to 100 characters, unique on the platform whatever its case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyName(String);

const MAX_CHARS: usize = 100;

impl CompanyName {
    pub fn parse(raw: &str) -> Result<Self> {
        let name = super::one_line_name(raw, "company_name", "a company name", MAX_CHARS)?;
        Ok(CompanyName(name.split_whitespace().collect::<Vec<_>>().join(" ")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unique key: "ACME" and "acme" are one company.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_collapses_spaces_and_keys_case_insensitively() {
        let name = CompanyName::parse("  Acme   Widgets ").unwrap();
        assert_eq!(name.as_str(), "Acme Widgets");
        assert_eq!(name.key(), "acme widgets");
        assert_eq!(CompanyName::parse("ÉCOLE").unwrap().key(), "école");
    }

    #[test]
    fn refuses_empty_long_and_control_characters() {
        assert!(CompanyName::parse(" ").is_err());
        assert!(CompanyName::parse(&"x".repeat(101)).is_err());
        assert!(CompanyName::parse(&"x".repeat(100)).is_ok());
        assert!(CompanyName::parse("a\u{0}b").is_err());
    }
}
