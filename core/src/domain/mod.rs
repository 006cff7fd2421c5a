//! Domain values that validate on construction: once one exists, it is valid.

mod company_name;
mod email;
mod issue_title;
mod person_name;
mod slug;
mod team_name;

pub use company_name::CompanyName;
pub use email::Email;
pub use issue_title::IssueTitle;
pub use person_name::PersonName;
pub use slug::Slug;
pub use team_name::TeamName;

/// A name on one line: trimmed, 1 to `max` characters, no control characters.
/// `field` names it in errors and `noun` in the sentences ("a company name").
fn one_line_name(raw: &str, field: &str, noun: &str, max: usize) -> crate::Result<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(crate::Error::invalid(field, format!("Enter {noun}.")));
    }
    if trimmed.chars().count() > max {
        return Err(crate::Error::invalid(field, format!("{} has at most {max} characters.", capitalised(noun))));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(crate::Error::invalid(field, format!("{} cannot contain control characters.", capitalised(noun))));
    }
    Ok(trimmed.to_owned())
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
