use crate::Result;

/// A person's display name: 1 to 100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

const MAX_CHARS: usize = 100;

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self> {
        super::one_line_name(raw, "name", "a name", MAX_CHARS).map(PersonName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_limits_names() {
        assert_eq!(PersonName::parse("  Grace Hopper ").unwrap().as_str(), "Grace Hopper");
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse(&"é".repeat(100)).is_ok());
        assert!(PersonName::parse(&"é".repeat(101)).is_err());
        assert!(PersonName::parse("tab\there").is_err());
    }
}
