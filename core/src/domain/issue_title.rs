use crate::Result;

/// An issue's title: one line of 1 to 200 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueTitle(String);

const MAX_CHARS: usize = 200;

impl IssueTitle {
    pub fn parse(raw: &str) -> Result<Self> {
        super::one_line_name(raw, "title", "a title", MAX_CHARS).map(IssueTitle)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What title search matches against: the title in lower case.
    pub fn search_key(&self) -> String {
        self.0.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_one_line_of_at_most_200_characters() {
        assert_eq!(IssueTitle::parse("  Login fails on Safari ").unwrap().as_str(), "Login fails on Safari");
        assert!(IssueTitle::parse(&"x".repeat(200)).is_ok());
        assert!(IssueTitle::parse(&"x".repeat(201)).is_err());
        assert!(IssueTitle::parse(" ").is_err());
        assert!(IssueTitle::parse("two\nlines").is_err());
        assert_eq!(IssueTitle::parse("ÉTÉ Bug").unwrap().search_key(), "été bug");
    }
}
