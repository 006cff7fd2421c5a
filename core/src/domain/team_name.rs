use crate::Result;

/// A team's name: one line of 1 to 100 characters, unique in its company regardless of case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamName(String);

const MAX_CHARS: usize = 100;

impl TeamName {
    pub fn parse(raw: &str) -> Result<Self> {
        super::one_line_name(raw, "name", "a team name", MAX_CHARS).map(TeamName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form two names that differ only by case share.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_names_compare_without_case() {
        assert_eq!(TeamName::parse(" Platform ").unwrap().key(), TeamName::parse("PLATFORM").unwrap().key());
        assert!(TeamName::parse(&"t".repeat(101)).is_err());
    }
}
